"""Edit a DOCX the way Word does, with lxml: comments (with replies) and tracked changes.

Test fixtures are made the way users make them: the review copy is opened, commented and edited
with Track Changes. :class:`WordFile` writes the same XML Word writes — ``word/comments.xml``
with ``w14:paraId`` on each comment paragraph, ``word/commentsExtended.xml`` linking a reply to its
parent (``w15:paraIdParent``), ``w:commentRangeStart``/``End`` and a ``w:commentReference`` run in
the body; ``w:ins``/``w:del`` runs with ``w:delText``, paragraph marks inserted or deleted in the
paragraph's ``w:rPr`` — plus the content types and relationships of the new parts.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "comments": ("application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"),
    "commentsExtended": ("application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                         "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"),
}


def text_of(p: etree._Element) -> str:
    """The paragraph's visible text (a tab reads as a space), deleted text left out."""
    return "".join(" " if el.tag == W + "tab" else el.text or "" for el in p.iter(W + "t", W + "tab"))


class WordFile:
    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.files = {name: zf.read(name) for name in zf.namelist()}
        self.root = etree.fromstring(self.files["word/document.xml"])
        self.comments = etree.Element(W + "comments", nsmap={"w": W_NS, "w14": W14_NS})
        self.extended = etree.Element(f"{{{W15_NS}}}commentsEx", nsmap={"w15": W15_NS})
        self.next_id = 9000
        self.para_ids: dict[str, str] = {}

    # ------------------------------------------------------------ finding
    def paragraphs(self) -> list[etree._Element]:
        return list(self.root.iter(W + "p"))

    def paragraph(self, contains: str, nth: int = 0) -> etree._Element:
        found = [p for p in self.paragraphs() if contains in text_of(p)]
        assert len(found) > nth, f"no paragraph contains {contains!r}"
        return found[nth]

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    # ------------------------------------------------------------ comments
    def comment(self, start: etree._Element, text: str, *, author: str, date: str, end: etree._Element | None = None,
                reply_to: str | None = None) -> str:
        """Comment the paragraphs ``start``…``end`` (whole); returns the comment id."""
        ident = str(len(self.comments))
        para_id = f"{0x10000000 + int(ident):08X}"
        comment = etree.SubElement(self.comments, W + "comment", {W + "id": ident, W + "author": author,
                                                                  W + "date": date, W + "initials": author[:2]})
        p = etree.SubElement(comment, W + "p", {f"{{{W14_NS}}}paraId": para_id})
        etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
        etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = text
        attrs = {f"{{{W15_NS}}}paraId": para_id, f"{{{W15_NS}}}done": "0"}
        if reply_to is not None:
            attrs[f"{{{W15_NS}}}paraIdParent"] = self.para_ids[reply_to]
        etree.SubElement(self.extended, f"{{{W15_NS}}}commentEx", attrs)
        self.para_ids[ident] = para_id
        end = end if end is not None else start
        ppr = start.find(W + "pPr")
        start.insert(start.index(ppr) + 1 if ppr is not None else 0,
                     etree.Element(W + "commentRangeStart", {W + "id": ident}))
        end.append(etree.Element(W + "commentRangeEnd", {W + "id": ident}))
        ref = etree.SubElement(end, W + "r")
        etree.SubElement(ref, W + "commentReference", {W + "id": ident})
        return ident

    # ------------------------------------------------------------ tracked changes
    def _change(self, kind: str, author: str, date: str) -> etree._Element:
        return etree.Element(W + kind, {W + "id": self._id(), W + "author": author, W + "date": date})

    def replace_words(self, p: etree._Element, old: str, new: str, *, author: str, date: str) -> None:
        """Word's own re-runs: the paragraph's text split into runs around ``old``, which becomes a
        deletion followed by an insertion of ``new``."""
        text = text_of(p)
        assert old in text
        before, after = text.split(old, 1)
        for run in p.findall(W + "r"):
            p.remove(run)
        deleted, inserted = self._change("del", author, date), self._change("ins", author, date)
        etree.SubElement(etree.SubElement(deleted, W + "r"), W + "delText").text = old
        etree.SubElement(etree.SubElement(inserted, W + "r"), W + "t").text = new
        runs = [self._run(before), deleted, inserted, self._run(after)]
        anchor = _last_marker(p)
        for element in runs:
            anchor.addnext(element)
            anchor = element

    def move_words(self, p: etree._Element, words: str, before: str, *, author: str, date: str) -> None:
        """Word's move markup inside one paragraph: ``words`` cut (``w:moveFrom``, text kept in ``w:t``)
        and pasted (``w:moveTo``) right before ``before``, with the named move ranges Word writes."""
        text = text_of(p)
        assert words in text and before in text and text.index(before) > text.index(words)
        head, rest = text.split(words, 1)
        middle, tail = rest.split(before, 1)
        for run in p.findall(W + "r"):
            p.remove(run)
        name = f"move{self._id()}"
        moved_from, moved_to = self._change("moveFrom", author, date), self._change("moveTo", author, date)
        moved_from.append(self._run(words))
        moved_to.append(self._run(words))
        elements = [self._run(head),
                    etree.Element(W + "moveFromRangeStart", {W + "id": self._id(), W + "name": name,
                                                             W + "author": author, W + "date": date}),
                    moved_from, etree.Element(W + "moveFromRangeEnd", {W + "id": str(self.next_id)}),
                    self._run(middle),
                    etree.Element(W + "moveToRangeStart", {W + "id": self._id(), W + "name": name,
                                                           W + "author": author, W + "date": date}),
                    moved_to, etree.Element(W + "moveToRangeEnd", {W + "id": str(self.next_id)}),
                    self._run(before + tail)]
        anchor = _last_marker(p)
        for element in elements:
            anchor.addnext(element)
            anchor = element

    def delete_mark(self, p: etree._Element, *, author: str, date: str) -> None:
        """Join ``p`` with the next paragraph: only its paragraph mark is deleted."""
        ppr = p.find(W + "pPr")
        rpr = ppr.find(W + "rPr") if ppr is not None else None
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.append(self._change("del", author, date))

    def _run(self, text: str) -> etree._Element:
        run = etree.Element(W + "r")
        t = etree.SubElement(run, W + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = text
        return run

    def insert_paragraph_after(self, p: etree._Element, text: str, *, author: str, date: str) -> etree._Element:
        """A new paragraph typed after ``p`` (same style): its runs and its mark are insertions."""
        new = etree.Element(W + "p")
        ppr = copy.deepcopy(p.find(W + "pPr")) if p.find(W + "pPr") is not None else etree.Element(W + "pPr")
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.append(self._change("ins", author, date))
        new.append(ppr)
        inserted = self._change("ins", author, date)
        inserted.append(self._run(text))
        new.append(inserted)
        p.addnext(new)
        return new

    def delete_paragraph(self, p: etree._Element, *, author: str, date: str) -> None:
        """The whole paragraph deleted: its runs in ``w:del`` (``w:delText``) and its mark deleted."""
        for run in p.findall(W + "r"):
            deleted = self._change("del", author, date)
            run.addprevious(deleted)
            deleted.append(run)
            for t in run.findall(W + "t"):
                t.tag = W + "delText"
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.append(self._change("del", author, date))

    # ------------------------------------------------------------ saving
    def to_bytes(self) -> bytes:
        files = dict(self.files)
        files["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
        if len(self.comments):
            files["word/comments.xml"] = etree.tostring(self.comments, xml_declaration=True, encoding="UTF-8")
            files["word/commentsExtended.xml"] = etree.tostring(self.extended, xml_declaration=True,
                                                                encoding="UTF-8")
            types = etree.fromstring(files["[Content_Types].xml"])
            rels = etree.fromstring(files["word/_rels/document.xml.rels"])
            for name, (content_type, reltype) in PARTS.items():
                etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/word/{name}.xml", ContentType=content_type)
                etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=f"rIdWord{name}", Type=reltype,
                                 Target=f"{name}.xml")
            files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
            files["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                zf.writestr(name, data)
        return out.getvalue()


def _last_marker(p: etree._Element) -> etree._Element:
    """Where runs go: after the paragraph properties and any range markers opening the paragraph."""
    anchor = None
    for child in p:
        if child.tag in (W + "pPr", W + "bookmarkStart", W + "commentRangeStart"):
            anchor = child
        else:
            break
    if anchor is None:
        anchor = etree.Element(W + "pPr")
        p.insert(0, anchor)
    return anchor
