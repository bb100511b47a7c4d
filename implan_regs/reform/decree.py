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

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..diff import model as dm
from ..diff.compare import diff_documents
from ..model.numbers import display_article_number, int_to_ordinal
from ..model.tree import CONTAINER_KINDS, Document, Provision
from .model import Proposal

REFORM, ADD, REPEAL = "REFORMA", "ADICIONA", "DEROGA"
VERB_ORDER = (REFORM, ADD, REPEAL)
#: A share of renumbered or moved articles above this makes the decree "expide" a new text.
RESTRUCTURE_SHARE = 0.3
DEFAULT_TRANSITORIO = ("El presente decreto entrará en vigor al día siguiente de su publicación en el "
                       "Periódico Oficial del Estado.")


@dataclass
class Block:
    style: str  # titulo | articulo-unico | contenedor | articulo | fraccion | inciso | parrafo | elision | ...
    text: str
    num: str | None = None  # bold label printed before the text ("Artículo 45.-", "II.")


@dataclass
class Item:
    verb: str
    article: Provision
    target: Provision  # the article itself, a sub-provision, or a container
    path: list[Provision] = field(default_factory=list)  # from the article down to the target
    path_root: Provision | None = None  # the article the path was taken in (the old one for removals)


@dataclass
class Decree:
    title: str
    expide: bool
    items: list[Item]
    blocks: list[Block]

    def text(self) -> str:
        lines = []
        for block in self.blocks:
            lines.append(f"{block.num} {block.text}".strip() if block.num else block.text)
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
        return [Item(REPEAL, art, art)] if art is not None else []
    if change.type not in (dm.AMENDED, dm.RENUMBERED_AMENDED, dm.MOVED_AMENDED, dm.SPLIT, dm.MERGED) \
            or new_art is None:
        return []
    items = []
    for sub in change.children:
        if sub.type in (dm.AMENDED, dm.RENUMBERED_AMENDED) and sub.new:
            items.append(Item(REFORM, new_art, new.find(sub.new.eid), _ancestors(new_art, sub.new.eid)))
        elif sub.type == dm.ADDED and sub.new:
            items.append(Item(ADD, new_art, new.find(sub.new.eid), _ancestors(new_art, sub.new.eid)))
        elif sub.type in (dm.DEROGATED, dm.REMOVED):
            ref = sub.new or sub.old
            doc, art = (new, new_art) if sub.new else (old, old_art)
            if art is not None:
                items.append(Item(REPEAL, new_art, doc.find(ref.eid), _ancestors(art, ref.eid), art))
    units = [c for c in new_art.children if c.kind in ("paragraph", "point")]
    touched_everything = bool(items) and all(i.verb == REFORM and len(i.path) == 1 for i in items) \
        and len(items) >= len(units)
    if not items or touched_everything:
        return [Item(REFORM, new_art, new_art)]
    return [i for i in items if i.target is not None]


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


def decree_items(old: Document, new: Document, diff: dm.Diff) -> list[Item]:
    items = _added_containers(old, new)
    for change in diff.articles:
        items.extend(_article_items(change, old, new))
    return items


# ------------------------------------------------------------------ naming provisions

def _article_name(article: Provision) -> str:
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
        labels.append(_level_label(node, index))
        parent = node
    return labels


def _container_name(node: Provision) -> str:
    """'CAPÍTULO III' -> 'Capítulo III'; 'TÍTULO CUARTO' -> 'Título Cuarto'."""
    return " ".join(w.capitalize() if not w.isupper() or len(w) > 4 or w in ("ÚNICO", "BIS") else w
                    for w in (node.num or node.level_name).split()) \
        if node.num else node.level_name.capitalize()


def _compact(item: Item) -> str:
    """'artículo 15, fracción II' — the form used in the list of reformed provisions."""
    if item.target.kind in CONTAINER_KINDS:
        return _container_name(item.target)
    labels = _path_labels(item)
    return ", ".join([f"artículo {_article_name(item.article)}"] + labels)


def _descriptive(item: Item, verb: str) -> str:
    """'la fracción IV del artículo 12' / 'una fracción VIII al artículo 30'."""
    target = item.target
    if target.kind in CONTAINER_KINDS:
        article = "una" if target.kind in ("section", "subsection") else "un"
        named = f", denominad{'a' if article == 'una' else 'o'} «{target.heading}»," if target.heading else ""
        parent = item.path[0] if item.path else None
        where = f" al {_container_name(parent)}" if parent is not None and parent.kind not in ("section",
                                                                                               "subsection") \
            else (f" a la {_container_name(parent)}" if parent is not None else "")
        return f"{article} {_container_name(target)}{named}{where}".rstrip(",")
    labels = _path_labels(item)
    if not labels:
        return f"el artículo {_article_name(item.article)}"
    last, outer = labels[-1], list(reversed(labels[:-1]))
    outer_text = "".join(f" de{' la' if _feminine(o) else 'l'} {o}" for o in outer)
    if verb == ADD:
        article = "una" if _feminine(last) else "un"
        return f"{article} {last} al artículo {_article_name(item.article)}" if not outer else \
            f"{article} {last} a{' la' if _feminine(outer[0]) else 'l'} {outer[0]}" + \
            "".join(f" de{' la' if _feminine(o) else 'l'} {o}" for o in outer[1:]) + \
            f" del artículo {_article_name(item.article)}"
    return f"{'la' if _feminine(last) else 'el'} {last}{outer_text} del artículo {_article_name(item.article)}"


def _feminine(label: str) -> bool:
    return label.split()[0].lower() in ("fracción", "sección", "subsección", "línea")


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " y " + parts[-1]


def _clause(verb: str, items: list[Item], first: bool) -> str:
    plural = len(items) > 1
    word = {REFORM: "REFORMAN", ADD: "ADICIONAN", REPEAL: "DEROGAN"}[verb] if plural else verb
    whole = [i for i in items if i.target is i.article and i.target.kind == "article"]
    parts: list[str] = []
    if verb == REFORM:
        groups = _reform_groups([i for i in items if i.target.kind not in CONTAINER_KINDS])
        if groups:
            sep = "; " if any("," in g for g in groups) else ", "
            listed_groups = groups[0] if len(groups) == 1 else sep.join(groups[:-1]) + sep.rstrip() + " y " + groups[-1]
            parts.append(("los artículos " if len(groups) > 1 else "el artículo ") + listed_groups)
    else:
        containers = [i for i in items if i.target.kind in CONTAINER_KINDS]
        parts.extend(_descriptive(i, verb) for i in containers)
        if whole:
            names = [_article_name(i.article) for i in whole]
            parts.append(("los artículos " if len(names) > 1 else "el artículo ") + _join(names))
        parts.extend(_descriptive(i, verb) for i in items if i not in whole and i not in containers)
    if len(parts) > 1 and any(" y " in p for p in parts[:-1]):
        listed = ", ".join(parts[:-1]) + ", y " + parts[-1]  # the comma keeps the last "y" unambiguous
    else:
        listed = _join(parts)
    return f"{'Se' if first else 'se'} {word} {listed}"


def _plural(label: str) -> str:
    word, _, rest = label.partition(" ")
    plural = {"fracción": "fracciones", "párrafo": "párrafos", "inciso": "incisos", "numeral": "numerales",
              "Apartado": "Apartados", "subinciso": "subincisos"}.get(word, word)
    return plural


def _reform_groups(items: list[Item]) -> list[str]:
    """Per article, in order: '3, fracciones XVII y XXV', '9', '20, fracción V, inciso b)'."""
    order: list[str] = []
    by_article: dict[str, list[Item]] = {}
    for item in items:
        if item.article.eid not in by_article:
            order.append(item.article.eid)
        by_article.setdefault(item.article.eid, []).append(item)
    groups = []
    for eid in order:
        group = by_article[eid]
        name = _article_name(group[0].article)
        paths = [_path_labels(i) for i in group if i.target is not i.article]
        if not paths:
            groups.append(name)
            continue
        simple = [p[0] for p in paths if len(p) == 1]
        kinds = {label.split()[0] for label in simple}
        if len(simple) == len(paths) and len(kinds) == 1 and len(simple) > 1:
            numbers = [label.split(" ", 1)[1] for label in simple]
            groups.append(f"{name}, {_plural(simple[0])} {_join(numbers)}")
        else:
            groups.append(f"{name}, " + _join([", ".join(p) for p in paths]))
    return groups


def _sentence(items: list[Item], title: str) -> str:
    by_verb = {verb: [i for i in items if i.verb == verb] for verb in VERB_ORDER}
    clauses = [_clause(v, by_verb[v], n == 0) for n, v in enumerate(v for v in VERB_ORDER if by_verb[v])]
    if not clauses:
        return f"ARTÍCULO ÚNICO.- No se modifica disposición alguna del {title}."
    body = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + "; y " + clauses[-1]
    return f"ARTÍCULO ÚNICO.- {body} del {title}, para quedar como sigue:"


def _decree_title(items: list[Item], title: str) -> str:
    verbs = [v for v in VERB_ORDER if any(i.verb == v for i in items)]
    words = {REFORM: "reforman", ADD: "adicionan", REPEAL: "derogan"}
    listed = [words[v] for v in verbs] or ["reforman"]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " y " + listed[-1]
    return f"DECRETO por el que se {joined} diversas disposiciones del {title}"


# ------------------------------------------------------------------ the body ("para quedar como sigue")

def _style(node: Provision) -> str:
    if node.kind == "point":
        return node.level or "fraccion"
    return node.kind if node.kind in ("paragraph", "article", "transitional") else "contenedor"


def _full(node: Provision) -> Iterator[Block]:
    if node.kind in CONTAINER_KINDS:
        yield Block("contenedor", " ".join(p for p in (node.num, node.heading) if p))
        for child in node.children:
            yield from _full(child)
        return
    if node.kind in ("article", "transitional"):
        children = list(node.children)
        first = children.pop(0) if children and children[0].kind == "paragraph" and not children[0].children else None
        yield Block("articulo", first.text if first and first.text else "", node.num)
        for child in children:
            yield from _full(child)
        return
    if node.table is not None:
        yield Block("tabla", "\n".join(" | ".join(row) for row in node.table.rows))
    else:
        yield Block(_style(node), node.text or "", node.num if node.kind == "point" else None)
    for child in node.children:
        yield from _full(child)


def _elided_points(run: list[Provision]) -> Block:
    first, last = run[0].num or "", run[-1].num or ""
    text = f"{first} …" if len(run) == 1 else f"{first} a {last} …"
    return Block("elision", text)


def _partial(node: Provision, touched: set[str], whole: set[str]) -> Iterator[Block]:
    """Print what changed under ``node``; elide the rest."""
    yield from _partial_children(node.children, touched, whole)


def _partial_children(children: list[Provision], touched: set[str], whole: set[str]) -> Iterator[Block]:
    run: list[Provision] = []
    for child in children:
        if child.eid in whole:
            if run:
                yield _elided_points(run) if run[0].kind == "point" else Block("elision", "…")
                run = []
            yield from _full(child)
        elif child.eid in touched:
            if run:
                yield _elided_points(run) if run[0].kind == "point" else Block("elision", "…")
                run = []
            yield Block(_style(child), "…", child.num if child.kind == "point" else None)
            yield from _partial(child, touched, whole)
        else:
            if run and run[0].kind != child.kind:
                yield _elided_points(run) if run[0].kind == "point" else Block("elision", "…")
                run = []
            run.append(child)
    if run:
        yield _elided_points(run) if run[0].kind == "point" else Block("elision", "…")


def _body(new: Document, items: list[Item]) -> Iterator[Block]:
    whole = {i.target.eid for i in items}
    touched = {n.eid for i in items for n in i.path[:-1]}
    by_article: dict[str, list[Item]] = {}
    for item in items:
        by_article.setdefault(item.article.eid, []).append(item)
    printed_containers: set[str] = set()
    for node, ancestors in _articles_with_ancestors(new.body, []):
        added = [a for a in ancestors if a.eid in whole and a.eid not in printed_containers]
        for container in added:
            printed_containers.add(container.eid)
            yield Block("contenedor", " ".join(p for p in (container.num, container.heading) if p))
        article_items = by_article.get(node.eid)
        if not article_items:
            continue
        if any(i.target is node for i in article_items):
            yield from _full(node)
            continue
        children = list(node.children)
        lead = children[0] if children and children[0].kind == "paragraph" and not children[0].children else None
        if lead is not None and lead.eid in whole:
            yield Block("articulo", lead.text or "", node.num)
            children.pop(0)
        elif lead is not None and lead.eid not in touched:
            yield Block("articulo", "…", node.num)
            children.pop(0)
        else:
            yield Block("articulo", "…", node.num)
        yield from _partial_children(children, touched, whole)


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
                 proposal: Proposal | None = None) -> Decree:
    """The decree that turns ``old`` into ``new`` (``old`` None: a new work, "se expide")."""
    title = new.meta.title
    texts = list(transitorios or []) or [DEFAULT_TRANSITORIO]
    if old is None:
        return _expide(new, texts, abroga=None)
    diff = diff_documents(old, new)
    if is_restructure(diff, proposal):
        return _expide(new, texts, abroga=old)
    items = decree_items(old, new, diff)
    heading = _decree_title(items, title)
    blocks = [Block("titulo", heading), Block("articulo-unico", _sentence(items, title))]
    blocks.extend(_body(new, items))
    blocks.extend(_transitorios(texts))
    return Decree(heading, False, items, blocks)


def _expide(new: Document, texts: list[str], *, abroga: Document | None) -> Decree:
    title = new.meta.title
    if abroga is not None and not any("abroga" in t.lower() for t in texts):
        when = f", publicado en el {abroga.meta.publication.gazette} el {abroga.meta.publication.date}" \
            if abroga.meta.publication and abroga.meta.publication.date else ""
        texts = texts + [f"Se abroga el {abroga.meta.title}{when}."]
    heading = f"DECRETO por el que se expide el {title}"
    blocks = [Block("titulo", heading),
              Block("articulo-unico", f"ARTÍCULO ÚNICO.- Se expide el {title}, para quedar como sigue:")]
    for node in new.body:
        if node.kind != "transitorios":
            blocks.extend(_full(node))
    blocks.extend(_transitorios(texts))
    return Decree(heading, True, [], blocks)
