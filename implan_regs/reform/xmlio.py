"""Proposal <-> XML (one file per proposal: metadata, operations and the draft AKN inside).

Keeping the draft inside the same file makes every proposal edit a single atomic write.
The format is described by ``schemas/implan-proposal.xsd``.
"""

from __future__ import annotations

from dataclasses import fields

from lxml import etree

from ..errors import InputError
from ..model.akn import from_element, to_element
from ..xmlsafe import parse_xml
from .model import Approval, Attachment, Dictamen, Operation, Proposal, StatusChange, renumbered_articles
from .states import state

NS = "urn:implan-regs:proposal:1.0"
P = f"{{{NS}}}"
_OP_ATTRS = ("id", "type", "author", "time", "target", "citation", "position", "result")
#: The procedure's records, as attributes (name in XML -> dataclass field).
_DICTAMEN = {"commission": "commission", "date": "date", "author": "author", "time": "time", "document": "document"}
_APPROVAL = {"session": "session", "date": "date", "acta": "acta", "for": "votes_for", "against": "votes_against",
             "abstentions": "abstentions", "members": "members", "author": "author", "time": "time",
             "document": "document"}
_ATTACHMENT = {"kind": "kind", "name": "name", "path": "path", "sha256": "sha256", "size": "size", "time": "time",
               "author": "author"}
_INTS = {"votes_for", "votes_against", "abstentions", "members", "size"}


def _set(el: etree._Element, **attrs: str | None) -> etree._Element:
    for key, value in attrs.items():
        if value is not None:
            el.set(key, value)
    return el


def _text_child(parent: etree._Element, tag: str, text: str | None) -> None:
    if text is not None:
        etree.SubElement(parent, P + tag).text = text


def proposal_to_xml(proposal: Proposal) -> bytes:
    root = _set(etree.Element(P + "proposal", nsmap={None: NS}), id=proposal.id, work=proposal.work,
                base=proposal.base, status=str(proposal.status), author=proposal.author, created=proposal.created,
                publishedAs=proposal.published_as, consultation="true" if proposal.consultation else None)
    _text_child(root, "title", proposal.title)
    _text_child(root, "motivation", proposal.motivation)
    history = etree.SubElement(root, P + "statusHistory")
    for change in proposal.status_history:
        _set(etree.SubElement(history, P + "change"), status=change.status, time=change.time,
             author=change.author, note=change.note)
    ops = etree.SubElement(root, P + "operations")
    for op in proposal.operations:
        el = _set(etree.SubElement(ops, P + "operation"), **{a: getattr(op, a) for a in _OP_ATTRS})
        _text_child(el, "reason", op.reason)
        _text_child(el, "text", op.text)
    trans = etree.SubElement(root, P + "transitorios")
    for text in proposal.transitorios:
        _text_child(trans, "p", text)
    _record(root, "dictamen", proposal.dictamen, _DICTAMEN)
    _record(root, "approval", proposal.approval, _APPROVAL)
    if proposal.attachments:
        docs = etree.SubElement(root, P + "attachments")
        for item in proposal.attachments:
            _record(docs, "attachment", item, _ATTACHMENT)
    if proposal.draft is not None:
        etree.SubElement(root, P + "draft").append(to_element(proposal.draft))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _record(parent: etree._Element, tag: str, record: object | None, attrs: dict[str, str]) -> None:
    if record is not None:
        values = {xml: getattr(record, name) for xml, name in attrs.items()}
        _set(etree.SubElement(parent, P + tag), **{k: str(v) if v is not None else None for k, v in values.items()})


def _read_record(el: etree._Element | None, cls, attrs: dict[str, str]):
    if el is None:
        return None
    values = {name: el.get(xml) for xml, name in attrs.items()}
    return cls(**{k: int(v) if k in _INTS and v is not None else v for k, v in values.items()})


def _child_text(el: etree._Element, tag: str) -> str | None:
    child = el.find(P + tag)
    return child.text or "" if child is not None else None


def proposal_from_xml(data: bytes, *, source: object = "<propuesta>") -> Proposal:
    root = parse_xml(data, source=source)
    if root.tag != P + "proposal":
        raise InputError("no es una propuesta de implan-regs", path=source)
    try:
        proposal = Proposal(id=root.get("id"), work=root.get("work"), base=root.get("base"),
                            title=_child_text(root, "title") or "", status=state(root.get("status") or "borrador"),
                            motivation=_child_text(root, "motivation"), author=root.get("author") or "",
                            created=root.get("created") or "", published_as=root.get("publishedAs"),
                            consultation=root.get("consultation") in ("true", "1"))
        for el in root.iterfind(f"{P}statusHistory/{P}change"):
            proposal.status_history.append(StatusChange(**{f.name: el.get(f.name) for f in fields(StatusChange)}))
        for el in root.iterfind(f"{P}operations/{P}operation"):
            op = Operation(**{a: el.get(a) for a in _OP_ATTRS})
            op.reason, op.text = _child_text(el, "reason"), _child_text(el, "text")
            proposal.operations.append(op)
        proposal.transitorios = [p.text or "" for p in root.iterfind(f"{P}transitorios/{P}p")]
        proposal.dictamen = _read_record(root.find(P + "dictamen"), Dictamen, _DICTAMEN)
        proposal.approval = _read_record(root.find(P + "approval"), Approval, _APPROVAL)
        proposal.attachments = [_read_record(el, Attachment, _ATTACHMENT)
                                for el in root.iterfind(f"{P}attachments/{P}attachment")]
        draft = root.find(f"{P}draft")
        if draft is not None and len(draft):
            proposal.draft = from_element(draft[0], source=source)
            proposal.draft.moved = renumbered_articles(proposal.operations)
    except (TypeError, ValueError) as exc:
        raise InputError(f"propuesta dañada: {exc}", path=source) from None
    return proposal
