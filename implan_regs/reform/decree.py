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
from ..model.numbers import display_article_number, int_to_ordinal, ordinal_to_int, roman_to_int
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
    own_paragraph: bool = False  # the point's own text only: "párrafo primero de la fracción II"


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
    items = [item for sub in _sub_changes(change) for item in _sub_item(sub, new_art, old_art, old, new)]
    units = [c for c in new_art.children if c.kind in ("paragraph", "point")]
    touched_everything = bool(items) and all(i.verb == REFORM and len(i.path) == 1 and not i.own_paragraph
                                             for i in items) and len(items) >= len(units)
    if not items or touched_everything:
        return [Item(REFORM, new_art, new_art)]
    return items


def _sub_changes(change: dm.Change) -> Iterator[dm.Change]:
    for sub in change.children:
        yield sub
        yield from _sub_changes(sub)


def _sub_item(sub: dm.Change, new_art: Provision, old_art: Provision | None, old: Document,
              new: Document) -> list[Item]:
    if sub.type in (dm.AMENDED, dm.RENUMBERED_AMENDED) and sub.new:
        target = new.find(sub.new.eid)
        # a point with more párrafos whose own text changed: the decree names its "párrafo primero"
        own = target is not None and target.kind == "point" and any(c.kind == "paragraph" for c in target.children)
        return [Item(REFORM, new_art, target, _ancestors(new_art, sub.new.eid), own_paragraph=own)]
    if sub.type == dm.ADDED and sub.new:
        return [Item(ADD, new_art, new.find(sub.new.eid), _ancestors(new_art, sub.new.eid))]
    if sub.type in (dm.DEROGATED, dm.REMOVED):
        # named as the text in force numbered it ("los anteriores párrafos …")
        if sub.old and old_art is not None:
            return [Item(REPEAL, new_art, old.find(sub.old.eid), _ancestors(old_art, sub.old.eid), old_art)]
        if sub.new:
            return [Item(REPEAL, new_art, new.find(sub.new.eid), _ancestors(new_art, sub.new.eid))]
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
    if item.own_paragraph:
        labels.append("párrafo primero")
    return labels


def _container_name(node: Provision) -> str:
    """'CAPÍTULO III' -> 'Capítulo III'; 'TÍTULO CUARTO' -> 'Título Cuarto'."""
    if not node.num:
        return node.level_name.capitalize()
    return " ".join(w if _is_roman(w) else w.capitalize() for w in node.num.split())


def _is_roman(word: str) -> bool:
    return bool(word) and all(ch in "IVXLCDM" for ch in word.upper()) and word.isupper()


def _compact(item: Item) -> str:
    """'artículo 15, fracción II' — how :meth:`Decree.verbs` lists each provision."""
    if item.target.kind in CONTAINER_KINDS:
        return _container_name(item.target)
    return ", ".join([f"artículo {_article_name(item.article)}"] + _path_labels(item))


# Grammar of the ARTÍCULO ÚNICO sentence -------------------------------------------------

_PLURALS = {"fracción": "fracciones", "párrafo": "párrafos", "inciso": "incisos", "numeral": "numerales",
            "Apartado": "Apartados", "subinciso": "subincisos", "línea": "líneas"}


def _feminine(label: str) -> bool:
    return label.split()[0].lower() in ("fracción", "fracciones", "sección", "subsección", "línea", "líneas")


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
    if word in ("fracción", "Apartado") and roman_to_int(number):
        return roman_to_int(number)
    if len(number) == 1 and number.isalpha():
        return ord(number.lower()) - ord("a") + 1
    return int(number) if number.isdigit() else None


def _numbers(labels: list[str]) -> str:
    """'párrafos noveno y décimo quinto a vigésimo': consecutive runs of three or more become ranges."""
    values = [_order_value(label) for label in labels]
    numbers = [label.partition(" ")[2] for label in labels]
    runs: list[list[int]] = []
    for i, value in enumerate(values):
        if runs and value is not None and values[runs[-1][-1]] is not None and value == values[runs[-1][-1]] + 1:
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
        return f"{article} {named}{_of_chain(outer, item.article, to=True)}"
    article = ("las" if _feminine(named) else "los") if plural else ("la" if _feminine(named) else "el")
    return f"{article} {named}{_of_chain(outer, item.article)}"


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
    """'los artículos 3, fracciones XVII y XXV; 9; y 58, fracciones I a III'."""
    per_article: list[str] = []
    for group in _groups(items):
        item, outer, lasts = group
        name = _article_name(item.article)
        if not lasts:
            per_article.append(name)
            continue
        named, _ = _named(lasts)
        text = ", ".join([name] + outer + [named])
        if per_article and per_article[-1].split(",")[0] == name:
            per_article[-1] += "; " + ", ".join(outer + [named])
        else:
            per_article.append(text)
    sep = "; " if any("," in g for g in per_article) else ", "
    body = per_article[0] if len(per_article) == 1 else sep.join(per_article[:-1]) + sep.rstrip() + " y " \
        + per_article[-1]
    return ("los artículos " if len(per_article) > 1 else "el artículo ") + body


def _clause(verb: str, items: list[Item], first: bool) -> str:
    plural = len(items) > 1
    word = {REFORM: "REFORMAN", ADD: "ADICIONAN", REPEAL: "DEROGAN"}[verb] if plural else verb
    parts: list[str] = []
    if verb == REFORM:
        parts.append(_reform_list([i for i in items if i.target.kind not in CONTAINER_KINDS]))
    else:
        containers = [i for i in items if i.target.kind in CONTAINER_KINDS]
        whole = [i for i in items if i.target is i.article and i.target.kind == "article"]
        parts.extend(_container_phrase(i) for i in containers)
        if whole:
            names = [_article_name(i.article) for i in whole]
            parts.append(("los artículos " if len(names) > 1 else "el artículo ") + _join(names))
        rest = [i for i in items if i not in whole and i not in containers]
        parts.extend(_descriptive(g, verb) for g in _groups(rest))
    return f"{'Se' if first else 'se'} {word} {_list(parts)}"


def _of_title(title: str) -> str:
    """'del Reglamento …' / 'de la Ley …' / 'de la Constitución …'."""
    first = title.split()[0].lower() if title else ""
    return f"{'de la' if first in ('ley', 'constitución', 'norma', 'declaratoria') else 'del'} {title}"


def _sentence(items: list[Item], title: str) -> str:
    by_verb = {verb: [i for i in items if i.verb == verb] for verb in VERB_ORDER}
    clauses = [_clause(v, by_verb[v], n == 0) for n, v in enumerate(v for v in VERB_ORDER if by_verb[v])]
    if not clauses:
        return f"ARTÍCULO ÚNICO.- No se modifica disposición alguna {_of_title(title)}."
    body = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + "; y " + clauses[-1]
    return f"ARTÍCULO ÚNICO.- {body} {_of_title(title)}, para quedar como sigue:"


def _decree_title(items: list[Item], title: str) -> str:
    verbs = [v for v in VERB_ORDER if any(i.verb == v for i in items)]
    words = {REFORM: "reforman", ADD: "adicionan", REPEAL: "derogan"}
    listed = [words[v] for v in verbs] or ["reforman"]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " y " + listed[-1]
    return f"DECRETO por el que se {joined} diversas disposiciones {_of_title(title)}"


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
        old_article = "la" if _of_title(abroga.meta.title).startswith("de la") else "el"
        texts = texts + [f"Se abroga {old_article} {abroga.meta.title}{when}."]
    article = "la" if _of_title(title).startswith("de la") else "el"
    heading = f"DECRETO por el que se expide {article} {title}"
    blocks = [Block("titulo", heading),
              Block("articulo-unico", f"ARTÍCULO ÚNICO.- Se expide {article} {title}, para quedar como sigue:")]
    for node in new.body:
        if node.kind != "transitorios":
            blocks.extend(_full(node))
    blocks.extend(_transitorios(texts))
    return Decree(heading, True, [], blocks)
