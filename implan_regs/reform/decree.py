"""The decree text of a reform, in the Mexican form, built from the diff.

"ARTÍCULO ÚNICO.- Se REFORMAN los artículos 3, 15, fracción II, y 27; se ADICIONAN los
artículos 15 Bis y una fracción VIII al artículo 30; y se DEROGA la fracción IV del artículo
12 del Reglamento de …, para quedar como sigue:" then only the changed provisions (unchanged
fracciones elided as "I. a III. …", unchanged párrafos as "…"), then the decree's own
transitorios. A full restructure (or a new work) is instead "se expide …" with the whole text
and, for a restructure, the abrogation of the previous text.

The result is a list of styled blocks (:class:`Block`), so the text and the DOCX exports
render the same decree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..diff import model as dm
from ..diff.compare import article_ref, diff_documents
from ..diff.subprovisions import diff_children
from ..diff.tables import row_key, row_position
from ..diff.text import WordCoder, is_derogated
from ..model.dates import spanish_date
from ..model.numbers import (
    display_article_number,
    int_to_ordinal,
    is_roman,
    letter_value,
    ordinal_to_int,
    roman_to_int,
)
from ..model.tree import CONTAINER_KINDS, Document, DocumentMeta, Provision, Table
from ..render.text import INDENT, table_text
from . import drafting
from .decree_reader import ELLIPSIS
from .instructions import Verb
from .model import Proposal, article_moves

REFORM, ADD, REPEAL, RENUMBER, RELOCATE = Verb.REFORM, Verb.ADD, Verb.REPEAL, Verb.RENUMBER, Verb.RELOCATE
VERB_ORDER = (REFORM, ADD, REPEAL, RENUMBER, RELOCATE)
#: From this párrafo on, the párrafo that introduces a list of fracciones is part of their path.
CHAPEAU_FROM = 4
#: A share of renumbered or moved articles above this makes the decree "expide" a new text.
RESTRUCTURE_SHARE = 0.3


@dataclass
class Block:
    style: str  # titulo | articulo-unico | contenedor | articulo | fraccion | inciso | parrafo | elision | ...
    text: str
    num: str | None = None  # bold label printed before the text ("Artículo 45.-", "II.")
    depth: int = 0  # a point's own párrafos and sub-points, indented as the text renderer writes them


@dataclass
class Item:
    verb: Verb
    article: Provision
    target: Provision  # the article itself, a sub-provision, or a container
    path: list[Provision] = field(default_factory=list)  # from the article down to the target
    path_root: Provision | None = None  # the article the path was taken in (the old one for removals)
    own_paragraph: bool = False  # the point's own text only: "párrafo primero de la fracción II"
    printed: Provision | None = None  # what the body prints for it (the placeholder of a derogation)
    old_key: str | None = None  # RECORRE: the number in force; REUBICA: the article it now follows
    before: bool = False  # REUBICA: old_key is the article it now precedes (first of its container)
    containers: list[Provision] = field(default_factory=list)  # "en el Capítulo II del Título Segundo"
    row: str | None = None  # a reformed row of the table ``target`` holds, as named ("67"; diff.tables.row_key)


@dataclass
class Decree:
    title: str
    expide: bool
    items: list[Item]
    blocks: list[Block]

    def text(self) -> str:
        lines = []
        for block in self.blocks:
            text = f"{block.num} {block.text}".strip() if block.num else block.text
            lines.append(INDENT * block.depth + text)
        return "\n\n".join(lines) + "\n"

    def verbs(self) -> dict[str, list[str]]:
        """{'REFORMA': ['artículo 3', …], …}: what each verb names, for checks and reports."""
        out: dict[str, list[str]] = {}
        for item in self.items:
            out.setdefault(item.verb, []).append(_compact(item))
        return out


# ------------------------------------------------------------------ items from the diff

def _ancestors(article: Provision, eid: str) -> list[Provision]:
    """Path from ``article`` (excluded) down to the node with ``eid`` (included)."""
    def search(node: Provision, trail: list[Provision]) -> list[Provision] | None:
        for child in node.children:
            if child.eid == eid:
                return trail + [child]
            found = search(child, trail + [child])
            if found is not None:
                return found
        return None

    return search(article, []) or []


def _article_items(change: dm.Change, old: Document, new: Document) -> list[Item]:
    new_art = new.find(change.new.eid) if change.new else None
    old_art = old.find(change.old.eid) if change.old else None
    if change.type == dm.ADDED and new_art is not None:
        return [Item(ADD, new_art, new_art)]
    if change.type in (dm.DEROGATED, dm.REMOVED):
        art = new_art or old_art
        return [Item(REPEAL, art, art, printed=new_art)] if art is not None else []
    if new_art is None:
        return []
    items = _absorb_removals([item for sub in _sub_changes(change)
                              for item in _sub_item(sub, new_art, old_art, old, new)])
    units = [c for c in new_art.children if c.kind in ("paragraph", "point")]
    touched_everything = bool(items) and all(i.verb == REFORM and len(i.path) == 1 and not i.own_paragraph
                                             and i.row is None for i in items) and len(items) >= len(units)
    if not items or touched_everything or any(i.verb == REPEAL and i.printed is None for i in items):
        # a provision removed without a placeholder cannot be elided around: the article is rewritten
        return [Item(REFORM, new_art, new_art)]
    return items


def _absorb_removals(items: list[Item]) -> list[Item]:
    """A fracción rewritten without its incisos is reformed as a whole: the incisos it lost go with
    it instead of being named one by one (they have no placeholder the body could show)."""
    reformed = {i.target.eid: i for i in items if i.verb == REFORM and i.target is not None}
    out = []
    for item in items:
        parent = item.path[-2].eid if len(item.path) >= 2 else None
        if item.verb == REPEAL and item.printed is None and parent in reformed:
            reformed[parent].own_paragraph = False
            continue
        out.append(item)
    return out


def _pair_change(old_art: Provision, new_art: Provision, coder: WordCoder,
                 diffed: dm.Change | None = None) -> dm.Change | None:
    """The change of two articles with the same number (None when identical); ``diffed``: the
    diff's own change of this pair, whose sub-provision changes are reused rather than recomputed."""
    if _same(old_art, new_art):
        return None
    old_ref, new_ref = article_ref(old_art), article_ref(new_art)
    if is_derogated(new_art) and not is_derogated(old_art):
        return dm.Change(dm.DEROGATED, old_ref, new_ref, None)
    children = diffed.children if diffed is not None and diffed.children else diff_children(old_art, new_art, coder)
    return dm.Change(dm.AMENDED, old_ref, new_ref, None, children=children)


def _same(a: Provision, b: Provision) -> bool:
    return (a.heading or "") == (b.heading or "") and _shape(a) == _shape(b)


def _shape(node: Provision) -> list:
    """What an article says, whatever its number (a renumbered article is not reformed)."""
    return [(n.kind, n.level, n.key if n is not node else "", " ".join((n.text or "").split()),
             (n.table.rows, n.table.spans) if n.table else None, n.derogated,
             " ".join((n.heading or "").split()) if n is not node else "") for n in node.walk()]


def _sub_changes(change: dm.Change) -> Iterator[dm.Change]:
    for sub in change.children:
        if sub.is_row:
            continue  # a table's rows are named through their table's change (see _sub_item)
        yield sub
        yield from _sub_changes(sub)


def _reformed_rows(sub: dm.Change, table: Table) -> list[str]:
    """The rows of a changed table that were only reformed (none added or removed), as the decree
    names them ("la fila 3 de la tabla del artículo 148"); none when the table is reformed whole."""
    rows = [c for c in sub.children if c.is_row]
    if not rows or any(c.type != dm.AMENDED or c.rows is None or c.rows[0] != c.rows[1] for c in rows):
        return []
    keys = [row_key(table, c.rows[1]) for c in rows if c.rows is not None and c.rows[1] is not None]
    return [k for k in keys if k is not None] if None not in keys else []


def _sub_item(sub: dm.Change, new_art: Provision, old_art: Provision | None, old: Document,
              new: Document) -> list[Item]:
    if sub.type in (dm.AMENDED, dm.RENUMBERED_AMENDED) and sub.new:
        target = new.find(sub.new.eid)
        if target is None:
            return []
        path = _ancestors(new_art, sub.new.eid)
        if target.table is not None and _reformed_rows(sub, target.table):
            return [Item(REFORM, new_art, target, path, row=row) for row in _reformed_rows(sub, target.table)]
        # a point with more párrafos whose own text changed: the decree names its "párrafo primero"
        own = target.kind == "point" and any(c.kind == "paragraph" for c in target.children)
        return [Item(REFORM, new_art, target, path, own_paragraph=own)]
    if sub.type == dm.ADDED and sub.new:
        added = new.find(sub.new.eid)
        return [Item(ADD, new_art, added, _ancestors(new_art, sub.new.eid))] if added is not None else []
    if sub.type in (dm.DEROGATED, dm.REMOVED):
        # named as the text in force numbered it ("los anteriores párrafos …")
        printed = new.find(sub.new.eid) if sub.new else None
        gone = old.find(sub.old.eid) if sub.old else None
        if gone is not None and old_art is not None and sub.old is not None:
            return [Item(REPEAL, new_art, gone, _ancestors(old_art, sub.old.eid), old_art, printed=printed)]
        if printed is not None and sub.new is not None:
            return [Item(REPEAL, new_art, printed, _ancestors(new_art, sub.new.eid), printed=printed)]
    return []


def _added_containers(old: Document, new: Document) -> list[Item]:
    known = {(n.kind, (n.heading or "").upper()) for n in old.walk() if n.kind in CONTAINER_KINDS}
    items = []

    def visit(nodes: list[Provision], parent: Provision | None) -> None:
        for node in nodes:
            if node.kind not in CONTAINER_KINDS:
                continue
            if (node.kind, (node.heading or "").upper()) not in known:
                items.append(Item(ADD, node, node, [parent] if parent is not None else []))
            visit(node.children, node)

    visit(new.body, None)
    return items


def decree_items(old: Document, new: Document, diff: dm.Diff, proposal: Proposal | None = None) -> list[Item]:
    """What the decree names, article by article in the new text's order.

    A decree speaks in numbers: an article is paired with the article of the same number; only
    an article whose number disappeared is followed to its new number (the diff's alignment says
    where it went), which the decree states as "se RECORRE … para pasar a ser …"; an article
    that keeps its number but stands elsewhere is "se REUBICA … a continuación del …".
    """
    items = _added_containers(old, new)
    old_by_key = {a.key or "": a for a in old.articles()}
    new_keys = {a.key or "" for a in new.articles()}
    renamed = _renames(diff, old_by_key, new_keys)
    recorded = _recorded_moves(proposal, old_by_key, new_keys)
    renamed = {k: v for k, v in renamed.items() if k not in recorded and v not in recorded.values()} | recorded
    came_from = {v: k for k, v in renamed.items()}
    into_added = _into_added_containers(old, new)
    relocated = (_recorded_relocations(proposal, new_keys) or _relocations(diff, old, new)) | into_added
    rewritten = _recorded_rewrites(proposal)
    diffed = {(c.old.eid, c.new.eid): c for c in diff.articles if c.old is not None and c.new is not None}
    coder = WordCoder()
    ordered = new.articles()
    for position, new_art in enumerate(ordered):
        key = new_art.key or ""
        old_key = came_from.get(key, key if key not in renamed else None)
        old_art = old_by_key.get(old_key or "")
        if old_art is None:
            items.append(_placed(Item(ADD, new_art, new_art), ordered, position, new)
                         if not _in_added_container(new, new_art, old) else Item(ADD, new_art, new_art))
        else:
            if old_key != key:
                items.append(_renumbering(new_art, old_key or "", ordered, position, new))
            elif key in into_added:  # same place in the sequence, but now under a new heading
                items.append(Item(RELOCATE, new_art, new_art, path=_containers_of(new.body, new_art)))
            elif key in relocated:
                items.append(_relocation(new, new_art, ordered, position))
            change = _pair_change(old_art, new_art, coder, diffed.get((old_art.eid, new_art.eid)))
            if change is not None and key in rewritten and change.type != dm.DEROGATED:
                items.append(Item(REFORM, new_art, new_art))  # the proposal rewrote the whole article
            elif change is not None:
                items.extend(_article_items(change, old, new))
    gone = [a for k, a in old_by_key.items() if k not in new_keys and k not in renamed]
    items.extend(Item(REPEAL, a, a, path_root=a) for a in gone)
    return items


def _into_added_containers(old: Document, new: Document) -> set[str]:
    """Numbers of articles kept that now stand in a container the reform adds ("se REUBICA el
    artículo 4 para quedar en el Capítulo I Bis"), even where the order of articles is unchanged."""
    def innermost(doc: Document) -> dict[str, tuple[str, str | None]]:
        out: dict[str, tuple[str, str | None]] = {}
        for article in doc.articles():
            chain = _containers_of(doc.body, article)
            out[article.key or ""] = (chain[-1].kind, chain[-1].key) if chain else ("", None)
        return out

    before, after = innermost(old), innermost(new)
    return {a.key or "" for a in new.articles()
            if (a.key or "") in before and before[a.key or ""] != after[a.key or ""]
            and _in_added_container(new, a, old)}


def _in_added_container(new: Document, article: Provision, old: Document) -> bool:
    known = {(n.kind, (n.heading or "").upper()) for n in old.walk() if n.kind in CONTAINER_KINDS}
    return any((c.kind, (c.heading or "").upper()) not in known for c in _containers_of(new.body, article))


def _renames(diff: dm.Diff, old_by_key: dict[str, Provision], new_keys: set[str]) -> dict[str, str]:
    """old number -> new number, for articles whose number is gone and that the alignment followed."""
    out: dict[str, str] = {}
    for pair in diff.alignment.pairs:
        if pair.old is None or pair.new is None or pair.type in (dm.REMOVED, dm.ADDED, dm.SPLIT, dm.MERGED):
            continue
        old_key, new_key = pair.old.key or "", pair.new.key or ""
        if old_key != new_key and old_key not in new_keys and new_key not in old_by_key:
            out[old_key] = new_key
    return out


def _recorded_moves(proposal: Proposal | None, old_by_key: dict[str, Provision], new_keys: set[str]
                    ) -> dict[str, str]:
    """old number -> new number from the proposal's recorded moves (chains followed): they win over
    text similarity."""
    if proposal is None:
        return {}
    original: dict[str, str] = {}  # current number -> number in force
    for current, new in article_moves(proposal.operations):
        if new is not None:
            original[new] = original.pop(current, current)
    return {old: new for new, old in original.items() if old != new and old in old_by_key and new in new_keys
            and old not in new_keys}


def _renumbering(article: Provision, old_key: str, ordered: list[Provision], position: int, new: Document) -> Item:
    """RECORRE; when the new number does not say where the article stands (a Ter placed before a
    Bis, say), the sentence adds "a continuación del artículo …"."""
    return _placed(Item(RENUMBER, article, article, old_key=old_key), ordered, position, new)


def _placed(item: Item, ordered: list[Provision], position: int, new: Document) -> Item:
    """Name where the article stands when its number alone would put it elsewhere: after the article
    before it, or before the one after it when that one shares its container."""
    from .decree_apply import _article_order
    from .operations import _parent_list

    article = item.article
    others = [a for a in ordered if a is not article]
    by_number = [a for a in others if _article_order(a.key or "") < _article_order(article.key or "")]
    expected_previous = max(by_number, key=lambda a: _article_order(a.key or "")) if by_number else None
    actual_previous = ordered[position - 1] if position > 0 else None
    siblings = _parent_list(new, article)
    if actual_previous is expected_previous and (actual_previous is None or actual_previous in siblings):
        return item
    following = ordered[position + 1] if position + 1 < len(ordered) else None
    if actual_previous is not None and actual_previous in siblings:
        item.path = [actual_previous]
    elif following is not None and following in siblings:
        item.path, item.before = [following], True
    else:  # alone in its container
        item.containers = _containers_of(new.body, article)
    return item


def _where(item: Item) -> str:
    """', a continuación del artículo 14' / ', antes del artículo 16' / ', en el Capítulo II del Título Segundo'."""
    if item.path:
        return f", {'antes' if item.before else 'a continuación'} del artículo {_article_name(item.path[0])}"
    if item.containers:
        return ", " + _in_container(item.containers)
    return ""


def _in_container(containers: list[Provision]) -> str:
    """'en la Sección Cuarta del Capítulo Tercero', innermost first."""
    chain = list(reversed(containers))
    first = "en la" if chain[0].kind in ("section", "subsection") else "en el"
    rest = "".join(f" {'de la' if c.kind in ('section', 'subsection') else 'del'} {_container_name(c)}"
                   for c in chain[1:])
    return f"{first} {_container_name(chain[0])}{rest}"


def _relocation(new: Document, article: Provision, ordered: list[Provision], position: int) -> Item:
    """'a continuación del' the article before it, or 'antes del' the next one when it opens its container."""
    from .operations import _parent_list

    siblings = _parent_list(new, article)
    previous = ordered[position - 1] if position > 0 else None
    following = ordered[position + 1] if position + 1 < len(ordered) else None
    if previous is not None and previous in siblings:
        return Item(RELOCATE, article, article, old_key=previous.key)
    if following is not None and following in siblings:
        return Item(RELOCATE, article, article, old_key=following.key, before=True)
    return Item(RELOCATE, article, article, path=_containers_of(new.body, article))  # alone in its container


def _containers_of(nodes: list[Provision], target: Provision, trail: list[Provision] | None = None
                   ) -> list[Provision]:
    """The containers around ``target``, outermost first."""
    trail = trail or []
    for node in nodes:
        if node is target:
            return trail
        if node.kind in CONTAINER_KINDS:
            found = _containers_of(node.children, target, trail + [node])
            if found or target in node.children:
                return found
    return []


def _recorded_rewrites(proposal: Proposal | None) -> set[str]:
    """Numbers of the articles the proposal reformed as a whole ("proposal amend … 'artículo 64'"):
    the decree names the article, not its párrafo primero plus what was added and removed."""
    if proposal is None:
        return set()
    return {op.result[4:] for op in proposal.operations
            if op.type == "reformar" and op.result and re.fullmatch(r"art_[0-9a-z]+", op.result)}


def _recorded_relocations(proposal: Proposal | None, new_keys: set[str]) -> set[str]:
    """Articles the proposal moved without a new number (recorded operations win over the diff)."""
    if proposal is None:
        return set()
    return {key for key, new in article_moves(proposal.operations) if new is None and key in new_keys}


def _relocations(diff: dm.Diff, old: Document, new: Document) -> set[str]:
    """Numbers that stand elsewhere in the new text than in the old (same number, moved)."""
    old_order = [a.key for a in old.articles()]
    new_order = [a.key for a in new.articles() if a.key in set(old_order)]
    kept = [k for k in old_order if k in set(new_order)]
    if kept == new_order:
        return set()
    from difflib import SequenceMatcher

    stay: set[str] = set()
    for block in SequenceMatcher(None, kept, new_order, autojunk=False).get_matching_blocks():
        stay.update(k for k in kept[block.a:block.a + block.size] if k)
    return {k for k in new_order if k and k not in stay}


def article_verbs(old: Document, new: Document, diff: dm.Diff, proposal: Proposal | None = None
                  ) -> dict[str, list[str]]:
    """What the decree says of each article, by the article's eId (new text; old for a gone one):
    {'art_50': ['Se deroga la fracción II del artículo 50.', …]} — the cuadro comparativo's verbs."""
    out: dict[str, list[str]] = {}
    items = [i for i in decree_items(old, new, diff, proposal) if i.target.kind not in CONTAINER_KINDS]
    by_article: dict[str, list[Item]] = {}
    for item in items:
        by_article.setdefault(item.article.eid, []).append(item)
    for eid, group in by_article.items():
        for verb in VERB_ORDER:
            of_verb = [i for i in group if i.verb == verb]
            if of_verb:
                clause = _clause(verb, of_verb, True)
                out.setdefault(eid, []).append(clause.replace(verb.plural, verb.plural.lower())
                                               .replace(verb.value, verb.value.lower()) + ".")
    return out


# ------------------------------------------------------------------ naming provisions

def _article_name(article: Provision) -> str:
    """'45 Bis', or '6o.' where the text numbers its article as an ordinal ('Artículo 6o.')."""
    ordinal = re.search(r"\b(\d+)\s*(?:o|º|°)(?![A-Za-z])", article.num or "")
    if ordinal and article.key == ordinal.group(1):
        return f"{ordinal.group(1)}o."
    return display_article_number(article.key or "") if article.key else (article.num or "")


def _level_label(node: Provision, index_in_parent: int | None = None) -> str:
    if node.kind == "paragraph":
        return f"párrafo {int_to_ordinal(index_in_parent or 1)}"
    key = node.key or (node.num or "").strip(" .-")
    if node.level == "apartado":
        return f"Apartado {key}"
    return f"{node.level_name} {key}" + (")" if node.level in ("inciso", "subinciso") else "")


def _path_labels(item: Item) -> list[str]:
    labels = []
    parent = item.path_root or item.article
    for node in item.path:
        index = None
        if node.kind == "paragraph":
            paragraphs = [c for c in parent.children if c.kind == "paragraph"]
            lead = 1 if parent.kind == "point" and parent.text else 0
            index = next((i for i, c in enumerate(paragraphs, 1) if c is node), 1) + lead
        chapeau = _chapeau_ordinal(parent, node)
        if chapeau:
            labels.append(f"párrafo {int_to_ordinal(chapeau)}")
        labels.append(_level_label(node, index))
        parent = node
    if item.own_paragraph:
        labels.append("párrafo primero")
    if item.row is not None:
        holder = item.path[-2] if len(item.path) >= 2 else item.path_root or item.article
        alone = sum(1 for c in holder.children if c.table is not None) == 1
        labels = (labels[:-1] if alone else labels) + ["tabla", f"fila {item.row}"]
    return labels


def _chapeau_ordinal(parent: Provision, node: Provision) -> int | None:
    """The párrafo that introduces an article's fracciones, when the DOF names it.

    The DOF names it in long articles ("la fracción IX del párrafo décimo segundo del artículo
    3o.") and usually not when one or two párrafos precede the list ("artículo 76, fracción II");
    we name it from the fourth párrafo on. The reader accepts both forms.
    """
    if parent.kind != "article" or node.kind != "point" or node.level != "fraccion":
        return None
    index = next((i for i, c in enumerate(parent.children) if c is node), None)
    if index is None:
        return None
    before = [c for c in parent.children[:index] if c.kind == "paragraph"]
    if len(before) < CHAPEAU_FROM or parent.children[parent.children.index(before[-1]) + 1].kind != "point":
        return None
    return len(before)


def _container_name(node: Provision) -> str:
    """'CAPÍTULO III' -> 'Capítulo III'; 'TÍTULO CUARTO' -> 'Título Cuarto'."""
    if not node.num:
        return node.level_name.capitalize()
    return " ".join(w if is_roman(w) and w.isupper() else w.capitalize() for w in node.num.split())


def _compact(item: Item) -> str:
    """'artículo 15, fracción II' — how :meth:`Decree.verbs` lists each provision."""
    if item.target.kind in CONTAINER_KINDS:
        return _container_name(item.target)
    return ", ".join([f"artículo {_article_name(item.article)}"] + _path_labels(item))


# Grammar of the ARTÍCULO ÚNICO sentence -------------------------------------------------

_PLURALS = {"fracción": "fracciones", "párrafo": "párrafos", "inciso": "incisos", "numeral": "numerales",
            "Apartado": "Apartados", "subinciso": "subincisos", "línea": "líneas", "fila": "filas"}


def _feminine(label: str) -> bool:
    return label.split()[0].lower() in ("fracción", "fracciones", "sección", "subsección", "línea", "líneas",
                                        "tabla", "fila", "filas")


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " y " + parts[-1]


def _list(parts: list[str]) -> str:
    """Join parts that may contain "y" themselves: a comma keeps the last "y" unambiguous."""
    if len(parts) > 1 and any(" y " in p or " a " in p for p in parts[:-1]):
        return ", ".join(parts[:-1]) + ", y " + parts[-1]
    return _join(parts)


def _order_value(label: str) -> int | None:
    """Numeric position of 'párrafo décimo quinto' (15), 'fracción XIV' (14), 'inciso c)' (3)."""
    word, _, number = label.partition(" ")
    number = number.rstrip(")")
    if word == "párrafo":
        return ordinal_to_int(number)
    if word == "fracción" and roman_to_int(number):
        return roman_to_int(number)
    if len(number) == 1 and number.isalpha():  # Apartado C, inciso ñ)
        return letter_value(number) or None
    return int(number) if number.isdigit() else None


def _numbers(labels: list[str]) -> str:
    """'párrafos noveno y décimo quinto a vigésimo': consecutive runs of three or more become ranges."""
    values = [_order_value(label) for label in labels]
    numbers = [label.partition(" ")[2] for label in labels]
    runs: list[list[int]] = []
    for i, value in enumerate(values):
        previous = values[runs[-1][-1]] if runs else None
        if value is not None and previous is not None and value == previous + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{numbers[run[0]]} a {numbers[run[-1]]}")
        else:
            parts.extend(numbers[i] for i in run)
    return _join(parts)


def _groups(items: list[Item]) -> list[tuple[Item, list[str], list[str]]]:
    """Consecutive items of one article that share their outer path and level: (first, outer, lasts)."""
    groups: list[tuple[Item, list[str], list[str]]] = []
    for item in items:
        labels = _path_labels(item)
        outer, last = labels[:-1], labels[-1] if labels else ""
        if groups:
            first, g_outer, lasts = groups[-1]
            if first.article is item.article and g_outer == outer and lasts and last \
                    and lasts[0].split()[0] == last.split()[0]:
                lasts.append(last)
                continue
        groups.append((item, outer, [last] if last else []))
    return groups


def _named(lasts: list[str]) -> tuple[str, bool]:
    """('párrafos vigésimo primero y vigésimo segundo', plural)."""
    word = lasts[0].split()[0]
    if len(lasts) == 1:
        return lasts[0], False
    return f"{_PLURALS.get(word, word)} {_numbers(lasts)}", True


def _of_chain(outer: list[str], article: Provision, *, to: bool = False) -> str:
    """' del Apartado B del artículo 26' (or ' al Apartado B …' for additions)."""
    chain = list(reversed(outer)) + [f"artículo {_article_name(article)}"]
    first, rest = chain[0], chain[1:]
    lead = ("a la" if _feminine(first) else "al") if to else ("de la" if _feminine(first) else "del")
    return f" {lead} {first}" + "".join(f" {'de la' if _feminine(c) else 'del'} {c}" for c in rest)


def _descriptive(group: tuple[Item, list[str], list[str]], verb: str) -> str:
    """'la fracción IV del artículo 12', 'un párrafo tercero al Apartado B del artículo 26'."""
    item, outer, lasts = group
    target = item.target
    if target.kind in CONTAINER_KINDS:
        return _container_phrase(item)
    if not lasts:
        return f"el artículo {_article_name(item.article)}"
    named, plural = _named(lasts)
    if verb == ADD:
        article = ("las" if _feminine(named) else "los") if plural else ("una" if _feminine(named) else "un")
        shifted = ", recorriéndose en su orden los subsecuentes" if _inserted_in_the_middle(item, len(lasts)) else ""
        return f"{article} {named}{_of_chain(outer, item.article, to=True)}{shifted}"
    article = ("las" if _feminine(named) else "los") if plural else ("la" if _feminine(named) else "el")
    return f"{article} {named}{_of_chain(outer, item.article)}"


def _inserted_in_the_middle(item: Item, added: int) -> bool:
    """``added`` párrafos (or points) from ``item`` on with provisions of their kind after them: the DOF
    says the following ones move down ("recorriéndose en su orden los subsecuentes"); new ones
    appended at the end move nothing."""
    parent = item.path[-2] if len(item.path) >= 2 else item.article
    siblings = parent.children
    if item.target not in siblings:
        return False
    after = siblings[siblings.index(item.target) + added:]
    return any(s.kind == item.target.kind and (s.level == item.target.level) for s in after)


def _container_phrase(item: Item) -> str:
    target = item.target
    feminine = target.kind in ("section", "subsection")
    named = f", denominad{'a' if feminine else 'o'} «{target.heading}»," if target.heading else ""
    parent = item.path[0] if item.path else None
    where = ""
    if parent is not None:
        where = f" {'a la' if parent.kind in ('section', 'subsection') else 'al'} {_container_name(parent)}"
    return f"{'una' if feminine else 'un'} {_container_name(target)}{named}{where}".rstrip(",")


def _reform_list(items: list[Item]) -> str:
    """'los artículos 3, fracciones XVII y XXV; 9; y 58, fracciones I a III'; one article's
    fracciones under one Apartado are named once, as the DOF does:
    '6o., párrafo tercero; Apartado A, fracciones II, párrafo primero, IV y VIII, párrafos primero a tercero'."""
    per_article: list[tuple[str, list[list[str]]]] = []  # (article name, label paths)
    for group in _groups(items):
        item, outer, lasts = group
        name = _article_name(item.article)
        path = outer + [_named(lasts)[0]] if lasts else []
        if per_article and per_article[-1][0] == name and path:
            per_article[-1][1].append(path)
        else:
            per_article.append((name, [path] if path else []))
    texts = [", ".join([name] + ["; ".join(_grouped(paths))]) if paths else name for name, paths in per_article]
    if any("," in t for t in texts):  # "3, fracciones XVII y XXV; 9, párrafo primero; y 58"
        body = texts[0] if len(texts) == 1 else "; ".join(texts[:-1]) + "; y " + texts[-1]
    else:  # "9, 10 y 11"
        body = _join(texts)
    return ("los artículos " if len(texts) > 1 else "el artículo ") + body


_LIST_WORDS = {"fracción": "fracciones", "fracciones": "fracciones", "inciso": "incisos", "incisos": "incisos"}


def _grouped(paths: list[list[str]]) -> list[str]:
    """Consecutive paths that share everything before a fracción (or inciso) become one:
    ['Apartado A', 'fracción II', 'párrafo primero'] + ['Apartado A', 'fracción IV'] ->
    'Apartado A, fracciones II, párrafo primero, y IV' (each number keeps its own tail)."""
    out: list[tuple[list[str], str, list[str], list[str]]] = []  # (prefix, list word, elements, path)
    for path in paths:
        j = next((i for i, label in enumerate(path) if label.split()[0] in _LIST_WORDS), None)
        if j is None:
            out.append((path, "", [], path))
            continue
        word, _, number = path[j].partition(" ")
        element = ", ".join([number] + path[j + 1:])
        if out and out[-1][1] == _LIST_WORDS[word] and out[-1][0] == path[:j]:
            out[-1][2].append(element)
        else:
            out.append((path[:j], _LIST_WORDS[word], [element], path))
    texts = []
    for prefix, word, elements, first in out:
        if len(elements) <= 1:
            texts.append(", ".join(first))  # one path: as written
        else:
            texts.append(", ".join(prefix + [f"{word} {_join(elements)}"]))
    return texts


def _clause(verb: Verb, items: list[Item], first: bool) -> str:
    plural = len(items) > 1
    word = verb.plural if plural else verb.value
    parts: list[str] = []
    if verb == RENUMBER:
        parts = [f"el artículo {display_article_number(i.old_key or '')} para pasar a ser el artículo "
                 f"{_article_name(i.article)}{_where(i)}" for i in items]
    elif verb == RELOCATE:
        parts = [f"el artículo {_article_name(i.article)} para quedar " + (
            f"{'antes' if i.before else 'a continuación'} del artículo {display_article_number(i.old_key)}"
            if i.old_key else _in_container(i.path))
            for i in items]
    elif verb == REFORM:
        provisions = [i for i in items if i.target.kind not in CONTAINER_KINDS and i.row is None]
        if provisions:
            parts.append(_reform_list(provisions))
        # table rows, descriptively: "las filas 3 y 15 de la tabla del artículo 148"
        parts.extend(_descriptive(g, verb) for g in _groups([i for i in items if i.row is not None]))
    else:
        containers = [i for i in items if i.target.kind in CONTAINER_KINDS]
        whole = [i for i in items if i.target is i.article and i.target.kind == "article"]
        parts.extend(_container_phrase(i) for i in containers)
        if whole:
            names = [_article_name(i.article) + _where(i) for i in whole]
            parts.append(("los artículos " if len(names) > 1 else "el artículo ") + _list(names))
        rest = [i for i in items if i not in whole and i not in containers]
        parts.extend(_descriptive(g, verb) for g in _groups(rest))
    joined = _list(parts)
    if len(parts) > 1 and any(i.row is not None for i in items):  # "…, párrafo primero, y las filas 3 y 15 …"
        joined = ", ".join(parts[:-1]) + ", y " + parts[-1]
    return f"{'Se' if first else 'se'} {word} {joined}"


def _sentence(items: list[Item], title: str) -> str:
    by_verb = {verb: [i for i in items if i.verb == verb] for verb in VERB_ORDER}
    clauses = [_clause(v, by_verb[v], n == 0) for n, v in enumerate(v for v in VERB_ORDER if by_verb[v])]
    if not clauses:
        return f"ARTÍCULO ÚNICO.- No se modifica disposición alguna {drafting.of_title(title)}."
    body = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + "; y " + clauses[-1]
    return f"ARTÍCULO ÚNICO.- {body} {drafting.of_title(title)}, para quedar como sigue:"


def _decree_title(items: list[Item], meta: DocumentMeta) -> str:
    verbs = [v for v in VERB_ORDER if any(i.verb == v for i in items)]
    words = {REFORM: "reforman", ADD: "adicionan", REPEAL: "derogan"}
    listed = [words[v] for v in verbs if v in words] or ["reforman"]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " y " + listed[-1]
    return drafting.reform_title(meta, joined)


# ------------------------------------------------------------------ the body ("para quedar como sigue")

_LABEL_OK = re.compile(r"^(?:[IVXLCDM]+(?:\s+[A-Z][a-záé]+)?\.(?:-|–)?|[A-Z]\.(?:-|–)?|[a-zñ][).]|\d+\s*\.(?:-|–)?|\d+\)|"
                       r"[ivx]+\))$")


def _label(node: Provision) -> str | None:
    """A point's label as the text writes it, or written out when a reader could not take it for one
    ("XI," → "XI.")."""
    if node.kind != "point":
        return None
    num = (node.num or "").strip()
    if _LABEL_OK.match(num) or not node.key:
        return num or None
    from .decree_apply import _point_number

    return _point_number(node.level or "fraccion", node.key)


def _style(node: Provision) -> str:
    if node.kind == "point":
        return node.level or "fraccion"
    return node.kind if node.kind in ("paragraph", "article", "transitional") else "contenedor"


def _full(node: Provision, depth: int = 0) -> Iterator[Block]:
    if node.kind in CONTAINER_KINDS:
        yield Block("contenedor", " ".join(p for p in (node.num, node.heading) if p))
        for child in node.children:
            yield from _full(child)
        return
    if node.kind in ("article", "transitional"):
        children = list(node.children)
        first = children.pop(0) if children and children[0].kind == "paragraph" and children[0].table is None \
            else None
        yield Block("articulo", first.text if first and first.text else "", _heading(node))
        for child in (first.children if first is not None else []) + children:
            yield from _full(child)
        return
    if node.table is not None:
        yield Block("tabla", table_text(node.table), depth=depth)
    else:
        yield Block(_style(node), node.text or "", _label(node), depth)
    for child in node.children:  # what a point holds is indented under it, as render_text does
        yield from _full(child, depth + 1 if node.kind == "point" else depth)


def _elided_points(run: list[Provision]) -> Block:
    """'I. …', 'I. y II. …' (two), 'I. a III. …' (three or more)."""
    first, last = _label(run[0]) or "", _label(run[-1]) or ""
    if len(run) == 1:
        return Block("elision", f"{first} …")
    return Block("elision", f"{first} {'y' if len(run) == 2 else 'a'} {last} …")


@dataclass
class _Printing:
    whole: set[str]  # eIds printed in full (reformed, added, derogation placeholders)
    own: set[str]  # points whose own text is printed, their children walked
    touched: set[str]  # eIds on the way to something printed
    rows: dict[str, list[int]] = field(default_factory=dict)  # tables printed with only these body rows


def _printing(new: Document, items: list[Item]) -> _Printing:
    whole: set[str] = set()
    own: set[str] = set()
    touched: set[str] = set()
    rows: dict[str, list[int]] = {}
    for item in items:
        if item.verb in (RENUMBER, RELOCATE):
            continue
        node = item.printed if item.verb == REPEAL else item.target
        if node is None or new.find(node.eid) is not node:
            continue
        if item.row is not None and node.table is not None:
            rows.setdefault(node.eid, []).append(row_position(node.table, item.row) or 0)
        else:
            (own if item.own_paragraph else whole).add(node.eid)
        touched.update(n.eid for n in _ancestors(item.article, node.eid)[:-1])
    return _Printing(whole, own, touched, rows)


def _children_blocks(children: list[Provision], printing: _Printing) -> Iterator[Block]:
    """Every child: the changed ones written, the others elided (one «…» per párrafo, ranges of points)."""
    run: list[Provision] = []
    for child in children:
        if child.eid in printing.rows and child.table is not None:
            if run:
                yield _elided_points(run)
                run = []
            yield Block("tabla", table_text(_rows_only(child.table, printing.rows[child.eid])))
            continue
        if child.eid in printing.whole or child.eid in printing.own or child.eid in printing.touched:
            if run:
                yield _elided_points(run)
                run = []
            if child.eid in printing.whole:
                yield from _full(child)
                continue
            text = child.text or "" if child.eid in printing.own else "…"
            yield Block(_style(child), text, _label(child))
            yield from _children_blocks(child.children, printing)
            continue
        if child.kind == "point" and (not run or run[0].level == child.level):
            run.append(child)
            continue
        if run:
            yield _elided_points(run)
            run = []
        if child.kind == "point":
            run.append(child)
        else:
            yield Block("elision", "…")
    if run:
        yield _elided_points(run)


def _rows_only(table: Table, rows: list[int]) -> Table:
    """The table as a decree prints a reform of some of its rows: the header, those rows, and one
    «…» row for each run of rows that stay."""
    out = [list(r) for r in table.rows[:table.header_rows]]
    for position, row in enumerate(table.rows[table.header_rows:], 1):
        if position in rows:
            out.append(list(row))
        elif not out[table.header_rows:] or out[-1] != [ELLIPSIS]:
            out.append([ELLIPSIS])
    return Table(out, table.header_rows)


def _heading(node: Provision) -> str:
    """The article's heading as the text writes it, closed by its punctuation ('Artículo 3o.',
    'ARTÍCULO 5.-'); an abbreviated or hyphenated one ('ART. 122-BIS.-') is written out
    ('Artículo 122 Bis.-')."""
    num = (node.num or "").strip()
    if node.kind == "article" and node.key and (re.match(r"(?i)art\.", num) or re.search(r"\d-[A-Za-z]", num)):
        return f"Artículo {display_article_number(node.key)}.-"
    return num if re.search(r"[.\-–:]$", num) else f"{num}."


def _body(new: Document, items: list[Item]) -> Iterator[Block]:
    printing = _printing(new, items)
    container_targets = {i.target.eid for i in items if i.target.kind in CONTAINER_KINDS}
    by_article: dict[str, list[Item]] = {}
    for item in items:
        if item.verb not in (RENUMBER, RELOCATE):
            by_article.setdefault(item.article.eid, []).append(item)
    printed_containers: set[str] = set()
    for node, ancestors in _articles_with_ancestors(new.body, []):
        added = [a for a in ancestors if a.eid in container_targets and a.eid not in printed_containers]
        for container in added:
            printed_containers.add(container.eid)
            yield Block("contenedor", " ".join(p for p in (container.num, container.heading) if p))
        article_items = by_article.get(node.eid)
        if not article_items:
            continue
        if node.eid in printing.whole:
            yield from _full(node)
            continue
        children = list(node.children)
        lead = children[0] if children and children[0].kind == "paragraph" and children[0].table is None else None
        if lead is not None and lead.eid in printing.whole:
            yield Block("articulo", lead.text or "", _heading(node))
            children.pop(0)
            yield from (b for child in lead.children for b in _full(child))
        elif lead is not None:
            yield Block("articulo", "…", _heading(node))
            children.pop(0)
            if lead.eid in printing.touched:
                yield from _children_blocks(lead.children, printing)
        else:
            yield Block("articulo", "…", _heading(node))
        yield from _children_blocks(children, printing)


def _articles_with_ancestors(nodes: list[Provision], trail: list[Provision]):
    for node in nodes:
        if node.kind == "article":
            yield node, trail
        elif node.kind in CONTAINER_KINDS:
            yield from _articles_with_ancestors(node.children, trail + [node])


def _transitorios(texts: list[str]) -> Iterator[Block]:
    yield Block("transitorios", "TRANSITORIOS")
    for i, text in enumerate(texts, 1):
        num = "ÚNICO.-" if len(texts) == 1 else f"{int_to_ordinal(i).upper()}.-"
        yield Block("transitorio", text, num)


# ------------------------------------------------------------------ entry points

def is_restructure(diff: dm.Diff, proposal: Proposal | None = None) -> bool:
    if diff.replacement:
        return True
    moved = sum(1 for c in diff.articles if c.type in (dm.RENUMBERED, dm.RENUMBERED_AMENDED, dm.MOVED,
                                                       dm.MOVED_AMENDED, dm.SPLIT, dm.MERGED))
    old_count = sum(1 for c in diff.articles if c.old is not None)
    return old_count > 0 and moved / old_count > RESTRUCTURE_SHARE


def build_decree(old: Document | None, new: Document, *, transitorios: list[str] | None = None,
                 proposal: Proposal | None = None, preamble: list[str] | None = None) -> Decree:
    """The decree that turns ``old`` into ``new`` (``old`` None: a new work, "se expide").

    ``transitorios`` are the proposal's own; without them, one that names the gazette of the
    work's order of government (:mod:`.drafting`). ``preamble``: the issuing authority's
    paragraphs (the Ayuntamiento's, for municipal instruments).
    """
    texts = list(transitorios or []) or drafting.default_transitorios(new.meta)
    opening = [Block("preambulo", text) for text in (preamble or [])]
    if old is None:
        return _expide(new, texts, abroga=None, opening=opening)
    diff = diff_documents(old, new)
    if is_restructure(diff, proposal):
        return _expide(new, texts, abroga=old, opening=opening)
    items = decree_items(old, new, diff, proposal)
    heading = _decree_title(items, new.meta)
    blocks = [Block("titulo", heading), *opening, Block("articulo-unico", _sentence(items, new.meta.title))]
    blocks.extend(_body(new, items))
    blocks.extend(_transitorios(texts))
    return Decree(heading, False, items, blocks)


def _expide(new: Document, texts: list[str], *, abroga: Document | None, opening: list[Block]) -> Decree:
    title = new.meta.title
    if abroga is not None and not any("abroga" in t.lower() for t in texts):
        when = f", publicado en el {abroga.meta.publication.gazette} el " \
            f"{spanish_date(abroga.meta.publication.date)}" if abroga.meta.publication and \
            abroga.meta.publication.date else (f", en vigor desde el {spanish_date(abroga.meta.date)}"
                                               if abroga.meta.date else "")
        old_article = "la" if drafting.of_title(abroga.meta.title).startswith("de la") else "el"
        texts = texts + [f"Se abroga {old_article} {abroga.meta.title}{when}."]
    article = "la" if drafting.of_title(title).startswith("de la") else "el"
    heading = f"DECRETO por el que se expide {article} {title}"
    blocks = [Block("titulo", heading), *opening,
              Block("articulo-unico", f"ARTÍCULO ÚNICO.- Se expide {article} {title}, para quedar como sigue:")]
    for node in new.body:
        if node.kind != "transitorios":
            blocks.extend(_full(node))
    blocks.extend(_transitorios(texts))
    return Decree(heading, True, [], blocks)
