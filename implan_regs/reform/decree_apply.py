"""Apply a decree that was read (:mod:`.decree_reader`) to the text in force: automatic consolidation.

The body of a decree gives, article by article, the new text of what changes and elides the
rest: ``…`` stands for one unchanged párrafo (or one unchanged provision), ``I. a III. …`` for
a run of unchanged points, ``II. …`` for a point whose own words are unchanged. The body is
walked beside the base article (a zipper): each elision consumes base provisions, each written
provision replaces the base provision it names or, when the sentence says "se ADICIONA" (or the
number does not exist yet), is inserted. Base provisions the body does not reach stay as they
are. The sentence decides what the body alone cannot: whether a written párrafo is new or
replaces one, whether a reformed point keeps its párrafos, what a derogation without body text
removes, and which articles are renumbered ("se RECORRE … para pasar a ser …").

Every instruction ends with an outcome; one that names a provision that does not exist, or
whose text is not in the body, is a :class:`Problem` with its line.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..model.eid import assign_eids
from ..model.numbers import LETTERS, ROMAN_RE, article_key, display_article_number, int_to_roman
from ..model.tree import CONTAINER_KINDS, ContainerKind, Document, Provision, ProvisionKind
from .decree_reader import ELLIPSIS, Line, ReadDecree, is_derogation, pipe_table
from .decree_rows import ROW, merged_table, row_exists, table_ordinal
from .instructions import Instruction, Target, Verb, number_order

POINT_LEVELS = ("apartado", "fraccion", "inciso", "numeral", "subinciso")
DEROGATED_TEXT = "Se deroga."


@dataclass
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"línea {self.line}: {self.message}" if self.line else self.message


@dataclass
class Outcome:
    instruction: Instruction
    eid: str | None = None
    applied: bool = False

    def to_json(self) -> dict:
        return {"verbo": self.instruction.verb.value, "disposicion": self.instruction.target.label(),
                "nuevo_numero": self.instruction.new_article, "eId": self.eid, "linea": self.instruction.line,
                "resultado": "aplicada" if self.applied else "no aplicada"}


@dataclass
class Applied:
    document: Document
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ------------------------------------------------------------------ labels and levels

def label_candidates(label: str) -> list[tuple[str, str]]:
    """'II.' -> [('fraccion', 'II')]; 'C.' -> [('apartado', 'C'), ('fraccion', 'C')]; 'a)' -> inciso."""
    raw = label.strip()
    bare = raw.rstrip("-–").rstrip(".)").strip()
    suffix = ""
    m = re.fullmatch(r"([IVXLCDM]+)\s+(Bis|BIS|Ter|TER|Qu[aá]ter)", bare)
    if m:
        bare, suffix = m.group(1), m.group(2).lower().replace("á", "a")
    out: list[tuple[str, str]] = []
    if re.fullmatch(r"[A-Z]", bare):
        out.append(("apartado", bare))
    if re.fullmatch(ROMAN_RE, bare) and bare:
        out.append(("fraccion", bare + suffix))
    if re.fullmatch(r"[a-zñ]", bare):
        out.append(("inciso", bare))
    if re.fullmatch(r"[ivx]+", bare):
        out.append(("subinciso", bare))
    if bare.isdigit():
        out.append(("numeral", str(int(bare))))
    if ("apartado", bare) in out and ("fraccion", bare) in out and bare in "IVX":
        out.reverse()  # "I." / "V." / "X." are fracciones unless the base says otherwise
    return out


def _point_number(level: str, key: str) -> str:
    if level in ("inciso", "subinciso"):
        return f"{key})"
    if level == "fraccion":
        m = re.fullmatch(rf"({ROMAN_RE})([a-z]*)", key)
        if m and m.group(2):
            return f"{m.group(1)} {m.group(2).capitalize()}."
    return f"{key}."


def _key_of(node: Provision) -> str:
    key = node.key or (node.num or "").strip(" .)-")
    if node.level == "fraccion":
        return re.sub(r"[\s\-]+", "", key.upper()).replace("BIS", "bis").replace("TER", "ter")
    if node.level == "apartado":
        return key.upper()
    if node.level in ("inciso", "subinciso"):
        return key.lower()
    return key


def _shift(level: str, key: str, by: int = 1) -> str | None:
    value = number_order(level, key)[0]
    if not value or re.search(r"[a-z]{2,}$", key) and level == "fraccion":
        return None
    value += by
    if level == "fraccion":
        return int_to_roman(value)
    if level == "numeral":
        return str(value)
    if level in ("inciso", "apartado"):
        letters = LETTERS if level == "inciso" else LETTERS.upper()
        return letters[value - 1] if 0 < value <= len(letters) else None
    return None


# ------------------------------------------------------------------ the zipper

@dataclass
class _Context:
    by_target: dict[Target, list[Instruction]]
    touched: set[Target]
    problems: list[Problem]
    eids: dict[Target, Provision]
    failed: set[int] = field(default_factory=set)  # id() of instructions that name nothing
    warnings: list[Problem] = field(default_factory=list)  # text the body changes that no instruction names


class _Body:
    """The body lines of one article with a cursor."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.i = 0

    def peek(self) -> Line | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def take(self) -> Line:
        line = self.lines[self.i]
        self.i += 1
        return line


def _verbs(ctx: _Context, target: Target) -> set[Verb]:
    return {i.verb for i in ctx.by_target.get(target, [])}


def _mark(ctx: _Context, target: Target, node: Provision) -> None:
    ctx.touched.add(target)
    ctx.eids[target] = node


def _check_named(ctx: _Context, target: Target, line: Line) -> None:
    """The body rewrites a provision: some instruction must name it (or a provision around it)."""
    paths = [target.path[:n] for n in range(len(target.path) + 1)]
    if not any(ctx.by_target.get(Target(target.article, p)) for p in paths):
        ctx.warnings.append(Problem(line.number, f"el cuerpo modifica {target.label()}, que la instrucción del "
                                                 f"decreto no menciona"))


def _level_here(label: str, base_points: list[Provision], ancestors: tuple[str, ...]) -> tuple[str, str] | None:
    """The (level, key) a label has among these children, or None when it belongs to an ancestor."""
    candidates = label_candidates(label)
    present = {p.level for p in base_points}
    for level, key in candidates:
        if level in present:
            return level, key
    for level, _ in candidates:
        if level in ancestors:
            return None
    return candidates[0] if candidates else None


def _merge_children(owner: Provision, body: _Body, target: Target, ctx: _Context, ancestors: tuple[str, ...],
                    *, exhaustive: bool = False, parent_next: Target | None = None) -> list[Provision]:
    """The new children of ``owner`` from the body lines that belong to it.

    ``exhaustive``: the owner is reformed (or added) as a whole, so its children are exactly
    what the body writes; otherwise base children the body does not reach stay. ``parent_next``:
    the párrafo the owner's parent would number next, so a written párrafo the sentence names
    there is not taken for the owner's own.
    """
    base = list(owner.children)
    out: list[Provision] = []
    b = 0
    own = 1 if owner.kind == "point" and owner.text else 0  # a point's own text is its párrafo primero
    paragraphs = own  # párrafo count in the new text
    while True:
        line = body.peek()
        if line is None or line.kind in ("article", "container"):
            break
        if line.kind in ("point", "range"):
            points = [n for n in base if n.kind == "point"]
            here = _level_here(line.label, points, ancestors)
            if here is None or (owner.kind == "point" and here[0] == owner.level) \
                    or (owner.kind == "paragraph" and here[0] not in {p.level for p in points}):
                break
            if line.kind == "range":
                b = _elided_range(base, b, line, here, out, body, ctx)
                continue
            b = _point(base, b, here, body, target, ctx, ancestors, out,
                       target.child("paragraph", str(paragraphs + 1)))
            continue
        if not _paragraph_is_mine(owner, line, base[b:], target.child("paragraph", str(paragraphs + 1)),
                                  ctx, exhaustive, parent_next):
            break
        body.take()
        paragraphs += 1
        ordinal = target.child("paragraph", str(paragraphs))
        if line.kind == "elision":
            if b < len(base):
                kept = base[b]
                b += 1
                nxt = body.peek()
                if kept.kind == "paragraph" and kept.children and nxt is not None and nxt.kind in ("point", "range"):
                    kept = copy.copy(kept)  # «…» for the párrafo, then what changes in its own list
                    kept.children = _merge_children(base[b - 1], body, ordinal, ctx, ancestors)
                out.append(kept)
            else:
                ctx.problems.append(Problem(line.number, f"«…» sin disposición vigente que conservar en "
                                                         f"{target.label()}"))
            continue
        if line.kind == "table" and b < len(base) and base[b].table is not None \
                and _named_rows(ctx, _old_ordinal(target, base, base[b], own)):
            out.append(_reformed_rows(base[b], line, _old_ordinal(target, base, base[b], own), ctx))
            b += 1
            _mark(ctx, ordinal, out[-1])
            continue
        node = Provision("paragraph", table=pipe_table(line.text)) if line.kind == "table" else \
            Provision("paragraph", text=line.text, derogated=is_derogation(line.text))
        if Verb.ADD in _verbs(ctx, ordinal) or b >= len(base) or base[b].kind != "paragraph":
            out.append(node)
        else:
            old = base[b]
            b += 1
            if old.text is not None and " ".join(old.text.split()) != " ".join((node.text or "").split()):
                _check_named(ctx, ordinal, line)
            _mark(ctx, _old_ordinal(target, base, old, own), node)
            if old.children and not node.derogated:  # a párrafo that holds its own list keeps (or rewrites) it
                node.children = _merge_children(old, body, ordinal, ctx, ancestors)
            out.append(node)
        _mark(ctx, ordinal, node)
    if not exhaustive:
        out.extend(base[b:])
    return out


def _named_rows(ctx: _Context, table: Target) -> list[Target]:
    """The instructions' targets that are rows of the table párrafo ``table``."""
    return [t for t in ctx.by_target if t.article == table.article and len(t.path) == len(table.path) + 1
            and t.path[:-1] == table.path and t.path[-1][0] == ROW]


def _reformed_rows(old: Provision, line: Line, table: Target, ctx: _Context) -> Provision:
    """The table párrafo with the rows the decree prints put in the places its sentence names."""
    named = _named_rows(ctx, table)
    merged = merged_table(old.table, pipe_table(line.text), [t.path[-1][1] for t in named])  # type: ignore[arg-type]
    node = copy.copy(old)
    if isinstance(merged, str):
        ctx.problems.append(Problem(line.number, f"{merged} en {table.label()}"))
        return node
    node.table = merged
    for target in named:
        _mark(ctx, target, node)
    return node


def _paragraph_is_mine(owner: Provision, line: Line, rest: list[Provision], mine: Target, ctx: _Context,
                       exhaustive: bool, parent_next: Target | None) -> bool:
    """Whether a párrafo line (written or «…») belongs to ``owner`` or to an enclosing provision."""
    if owner.kind == "paragraph":
        return False  # a párrafo's own list holds points only
    if owner.kind != "point":
        return True
    remaining = any(n.kind == "paragraph" for n in rest)
    if line.kind == "elision":
        return remaining and not exhaustive
    if ctx.by_target.get(mine):
        return True
    if parent_next is not None and ctx.by_target.get(parent_next):
        return False
    return remaining or exhaustive


def _old_ordinal(target: Target, base: list[Provision], old: Provision, own: int = 0) -> Target:
    """The párrafo's number in the text in force (derogations name it so), counting the owner's
    own text as párrafo primero when ``own`` (a fracción that has its own text)."""
    paragraphs = [n for n in base if n.kind == "paragraph"]
    return target.child("paragraph", str(paragraphs.index(old) + 1 + own))


def _elided_range(base: list[Provision], b: int, line: Line, here: tuple[str, str], out: list[Provision],
                  body: _Body, ctx: _Context) -> int:
    body.take()
    level, first = here
    last = _range_end(level, line.until)
    end = next((j for j in range(b, len(base)) if base[j].kind == "point" and base[j].level == level
                and _key_of(base[j]) == last), None)
    if end is not None:
        out.extend(base[b:end + 1])
        return end + 1
    # "a) al f)": the base numbers the run otherwise (fracciones I a VI become incisos a) a f))
    count = number_order(level, last)[0] - number_order(level, first)[0] + 1
    run = [n for n in base[b:] if n.kind == "point"][:count]
    if count > 0 and len(run) == count:
        key = first
        for node in run:
            node.level, node.key, node.num = level, key, _point_number(level, key)
            key = _shift(level, key) or key
        stop = base.index(run[-1])
        out.extend(base[b:stop + 1])
        return stop + 1
    ctx.problems.append(Problem(line.number, f"no existe el rango {line.label} a {line.until} que el decreto conserva"))
    return b


def _range_end(level: str, label: str) -> str:
    for cand_level, key in label_candidates(label) or [(level, label.strip(" .)"))]:
        if cand_level == level:
            return key
    bare = label.strip(" .)")
    return bare.upper() if level in ("fraccion", "apartado") else bare


def _point(base: list[Provision], b: int, here: tuple[str, str], body: _Body, target: Target, ctx: _Context,
           ancestors: tuple[str, ...], out: list[Provision], parent_next: Target) -> int:
    """A written point line (own text or «…»): added, or merged with the base point it names."""
    line = body.take()
    level, key = here
    me = target.child(level, key)
    verbs = _verbs(ctx, me)
    found = next((j for j in range(b, len(base)) if base[j].kind == "point" and base[j].level == level
                  and _key_of(base[j]) == key), None)
    inner = ancestors + (level,)
    if Verb.ADD in verbs or found is None:
        node = Provision("point", num=_point_number(level, key), key=key, level=level,
                         text=None if line.text == ELLIPSIS else line.text, derogated=is_derogation(line.text))
        if found is not None:
            _renumber_from(base, found, level)
        node.children = _merge_children(node, body, me, ctx, inner, exhaustive=True, parent_next=parent_next)
        out.append(node)
        _mark(ctx, me, node)
        return b
    out.extend(base[b:found])
    old = base[found]
    node = copy.copy(old)
    if line.text == ELLIPSIS:
        node.children = _merge_children(old, body, me, ctx, inner, parent_next=parent_next)
        out.append(node)
        return found + 1
    if " ".join((old.text or "").split()) != " ".join(line.text.split()):
        _check_named(ctx, me.child("paragraph", "1") if old.children else me, line)
    node.text = line.text
    node.derogated = is_derogation(line.text)
    _mark(ctx, me, node)
    if Verb.REFORM in _verbs(ctx, me.child("paragraph", "1")):
        _mark(ctx, me.child("paragraph", "1"), node)
    whole = bool(verbs & {Verb.REFORM, Verb.REPEAL}) or node.derogated
    holder = copy.copy(old)
    holder.text = node.text
    node.children = _merge_children(holder, body, me, ctx, inner, exhaustive=whole, parent_next=parent_next)
    if node.derogated:
        node.children = []
    out.append(node)
    return found + 1


def _renumber_from(base: list[Provision], start: int, level: str) -> None:
    """"recorriéndose las subsecuentes": points of the same level from ``start`` move one number up."""
    for node in base[start:]:
        if node.kind == "point" and node.level == level:
            shifted = _shift(level, _key_of(node))
            if shifted is None:
                return
            node.key, node.num = shifted, _point_number(level, shifted)


# ------------------------------------------------------------------ articles

def _articles(doc: Document) -> dict[str, Provision]:
    return {a.key or "": a for a in doc.articles()}


def _parent_list(nodes: list[Provision], target: Provision) -> list[Provision] | None:
    for node in nodes:
        if node is target:
            return nodes
        if node.kind in CONTAINER_KINDS:
            found = _parent_list(node.children, target)
            if found is not None:
                return found
    return None


def _article_order(key: str) -> tuple[int, int, str]:
    from ..model.numbers import SUFFIXES

    m = re.fullmatch(r"(\d+)([a-z]*)", key)
    if not m:
        return (10 ** 9, 0, key)
    suffix = m.group(2)
    return (int(m.group(1)), SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else (0 if not suffix else 99), "")


def _insert_article(doc: Document, article: Provision, after: Provision | None) -> None:
    """After ``after`` when given, else after the last article numbered before it."""
    if after is None:
        before = [a for a in doc.articles() if a is not article
                  and _article_order(a.key or "") < _article_order(article.key or "")]
        after = max(before, key=lambda a: _article_order(a.key or "")) if before else None
    if after is None:
        siblings = doc.body
        index = next((i for i, n in enumerate(siblings) if n.kind != "transitorios" and
                      (n.kind == "article" or n.kind in CONTAINER_KINDS)), 0)
        first = doc.articles()[0] if doc.articles() else None
        if first is not None:
            siblings = _parent_list(doc.body, first) or doc.body
            index = siblings.index(first)
        siblings.insert(index, article)
        return
    siblings = _parent_list(doc.body, after) or doc.body
    siblings.insert(siblings.index(after) + 1, article)


def _new_article(key: str, line: Line, body: _Body, ctx: _Context) -> Provision:
    num = line.raw.strip() or f"Artículo {display_article_number(key)}.-"
    article = Provision("article", num=_normal_heading(num, key), key=key)
    if line.text and line.text != ELLIPSIS:
        article.children.append(Provision("paragraph", text=line.text, derogated=is_derogation(line.text)))
    holder = Provision("article", key=key)
    article.children += _merge_children(holder, body, Target(key), ctx, (), exhaustive=True)
    if len(article.children) == 1 and article.children[0].derogated:
        article.derogated = True
    return article


def _normal_heading(num: str, key: str) -> str:
    """The heading as written, with the number the key says (for renumbered articles)."""
    if article_key(re.sub(r"^\D+", "", num).rstrip(".-–: ")) == key:
        return num
    return re.sub(r"\d+\s*(?:o|º|°)?(?:[\s\-]*[A-Za-zÁá]+)?(?=\s*[.\-–:])", display_article_number(key), num,
                  count=1)


def _written_in_full(line: Line, body: _Body) -> Provision | None:
    """An article written without elisions, read as an import reads it (same recognizer, same tree)."""
    from .operations import parse_fragment

    lines = body.lines[body.i:]
    end = next((k for k, other in enumerate(lines) if other.kind in ("article", "container")), len(lines))
    own = lines[:end]
    if line.text == ELLIPSIS or any(other.kind in ("elision", "range") or other.text == ELLIPSIS for other in own):
        return None
    text = "\n\n".join([f"{line.raw} {line.text}".strip()] + [other.raw for other in own])
    try:
        nodes = parse_fragment(text)
    except Exception:  # noqa: BLE001 - an unreadable fragment falls back to the zipper
        return None
    if len(nodes) != 1 or nodes[0].kind != "article" or nodes[0].key != line.label:
        return None
    body.i += end
    return nodes[0]


def _apply_article(doc: Document, line: Line, body: _Body, ctx: _Context,
                   container: Provision | None) -> Provision | None:
    key = line.label
    target = Target(key)
    verbs = _verbs(ctx, target)
    existing = _articles(doc).get(key)
    if (existing is None or verbs & {Verb.ADD, Verb.REFORM, Verb.REPEAL}) and not (
            existing is not None and Verb.ADD in verbs):
        parsed = _written_in_full(line, body)
        if parsed is not None:
            return _place_whole(doc, parsed, existing, target, ctx, container)
    if existing is None or Verb.ADD in verbs:
        if existing is not None:
            ctx.problems.append(Problem(line.number, f"ya existe el artículo {display_article_number(key)}"))
            _skip(body)
            return existing
        return _add_article(doc, _new_article(key, line, body, ctx), container, target, ctx)
    whole = bool(verbs & {Verb.REFORM, Verb.REPEAL})
    lead = existing.children[0] if existing.children and existing.children[0].kind == "paragraph" \
        and existing.children[0].table is None else None
    new_children: list[Provision] = []
    if whole and line.text != ELLIPSIS:
        node = Provision("paragraph", text=line.text, derogated=is_derogation(line.text)) if line.text else None
        holder = Provision("article", key=key, children=list(existing.children[1:] if lead and node else
                                                             existing.children))
        rest = _merge_children(holder, body, target, ctx, (), exhaustive=True)
        new_children = ([node] if node else []) + rest
        existing.derogated = bool(node and node.derogated and not rest)
        _mark(ctx, target, existing)
    else:
        holder = Provision("article", key=key, children=list(existing.children))
        if line.text and line.text != ELLIPSIS:
            # the first párrafo written on the heading line
            body.lines.insert(body.i, Line("paragraph", line.text, line.number))
        elif line.text == ELLIPSIS and lead is not None:
            body.lines.insert(body.i, Line("elision", ELLIPSIS, line.number))
        new_children = _merge_children(holder, body, target, ctx, ())
    existing.children = new_children
    if existing.derogated and not all(c.derogated for c in new_children):
        existing.derogated = False
    return existing


def _place_whole(doc: Document, parsed: Provision, existing: Provision | None, target: Target, ctx: _Context,
                 container: Provision | None) -> Provision:
    if existing is not None:
        existing.heading, existing.children, existing.derogated = parsed.heading, parsed.children, parsed.derogated
        _mark(ctx, target, existing)
        return existing
    return _add_article(doc, parsed, container, target, ctx)


def _add_article(doc: Document, article: Provision, container: Provision | None, target: Target,
                 ctx: _Context) -> Provision:
    """A new article: inside the container the decree just added, or where its number puts it."""
    if container is not None:
        container.children.append(article)
    else:
        _insert_article(doc, article, None)
    _mark(ctx, target, article)
    return article


def _skip(body: _Body) -> None:
    while body.peek() is not None and body.peek().kind not in ("article", "container"):  # type: ignore[union-attr]
        body.take()


RANKS: dict[ProvisionKind, int] = {kind: rank for rank, kind in enumerate(CONTAINER_KINDS)}
CONTAINER_WORDS: dict[str, ContainerKind] = {"LIBRO": "book", "TÍTULO": "title", "TITULO": "title", "CAPÍTULO": "chapter", "CAPITULO": "chapter",
                   "SECCIÓN": "section", "SECCION": "section", "SUBSECCIÓN": "subsection", "SUBSECCION": "subsection"}


@dataclass
class _Open:
    node: Provision
    new: bool  # created by this decree: the articles that follow it go inside it


def _container_line(doc: Document, line: Line, body: _Body, ctx: _Context, previous: Provision | None,
                    instructions: list[Instruction], stack: list[_Open]) -> None:
    """A container heading in the body: an added container, a renamed one, or context."""
    from .instructions import _container_number

    word, _, number = line.label.partition(" ")
    kind = CONTAINER_WORDS.get(word.upper(), "chapter")
    heading = line.heading
    nxt = body.peek()
    if not heading and nxt is not None and nxt.kind == "paragraph":
        heading = body.take().text
    while stack and RANKS[stack[-1].node.kind] >= RANKS[kind]:
        stack.pop()
    key = _container_number(number)
    adds = [i for i in instructions if i.verb == Verb.ADD and i.target.container == (kind, key)]
    renames = [i for i in instructions if i.verb == Verb.REFORM and i.target.container == (kind, key)]
    scope = stack[-1].node.children if stack else doc.body
    existing = next((n for n in _walk(scope) if n.kind == kind and n.key == key), None)
    if existing is not None and not adds:
        if renames:
            existing.heading = heading or existing.heading
            for i in renames:
                _mark(ctx, i.target, existing)
        stack.append(_Open(existing, False))
        return
    node = Provision(kind, num=f"{word} {number}", key=key, heading=heading or None)
    holder = _named_holder(doc, adds)
    if stack and stack[-1].new:
        stack[-1].node.children.append(node)
    elif holder is not None and not _holds(holder, previous):
        holder.children.append(node)  # "una Sección Única al Capítulo I": at the end of that chapter
    else:
        siblings, index = _container_place(doc, kind, previous, key)
        siblings.insert(index, node)
    for i in adds:
        _mark(ctx, i.target, node)
    stack.append(_Open(node, True))


def _named_holder(doc: Document, adds: list[Instruction]) -> Provision | None:
    """The container the sentence adds to ("al Capítulo I del Título Segundo"), when it names one."""
    within = next((i.target.within for i in adds if i.target.within and i.target.within[0][0] in CONTAINER_KINDS),
                  None)
    return _container_at(doc, within) if within else None


def _holds(container: Provision, node: Provision | None) -> bool:
    return node is not None and any(child is node or (child.kind in CONTAINER_KINDS and _holds(child, node))
                                    for child in container.children)


def _walk(nodes: list[Provision]):
    for node in nodes:
        if node.kind in CONTAINER_KINDS:
            yield node
            yield from _walk(node.children)


def _container_place(doc: Document, kind: str, previous: Provision | None, key: str | None = None
                     ) -> tuple[list[Provision], int]:
    """After the container of the same kind that holds the previous article; with none before it in
    the body, where its number puts it among its kind at the top (Capítulo I Bis after Capítulo I),
    else at the end."""
    if previous is not None:
        trail: list[Provision] = []

        def find(nodes: list[Provision], path: list[Provision]) -> bool:
            for node in nodes:
                if node is previous:
                    trail.extend(path)
                    return True
                if node.kind in CONTAINER_KINDS and find(node.children, path + [node]):
                    return True
            return False

        find(doc.body, [])
        same = [n for n in trail if n.kind == kind]
        if same:
            holder = same[-1]
            siblings = _parent_list(doc.body, holder) or doc.body
            return siblings, siblings.index(holder) + 1
        if trail:
            parent = trail[-1]
            return parent.children, parent.children.index(previous) + 1 if previous in parent.children \
                else len(parent.children)
    end = next((i for i, n in enumerate(doc.body) if n.kind == "transitorios"), len(doc.body))
    if key is not None:
        lower = [i for i, n in enumerate(doc.body[:end])
                 if n.kind == kind and _article_order(n.key or "") < _article_order(key)]
        if lower and lower[-1] + 1 < end:
            return doc.body, lower[-1] + 1
    return doc.body, end


# ------------------------------------------------------------------ moves and bodiless instructions

#: Passes over anchored placements: each names where an article stands in the final text, so an
#: anchor that itself moves later is honoured by placing again.
PLACEMENT_PASSES = 3


def _moves(doc: Document, instructions: list[Instruction], ctx: _Context) -> list[tuple[Instruction, Provision]]:
    """RECORRE (renumber, placed by number or beside the article named) and REUBICA (placed).

    Placed once before the body is applied (so the body finds each article at its new number)
    and again after it (:func:`_settle`), since an anchor may be an article the body adds.
    """
    moves = [i for i in instructions if i.verb in (Verb.RENUMBER, Verb.RELOCATE)]
    placed: list[tuple[Instruction, Provision]] = []
    for ins in moves:
        article = _articles(doc).get(ins.target.article or "")
        if article is None:
            ctx.problems.append(Problem(ins.line, f"no existe el artículo "
                                                  f"{display_article_number(ins.target.article or '')}"))
            continue
        if ins.verb == Verb.RENUMBER and not _renumber(doc, ins, article, ctx):
            continue
        _place(doc, ins, article, None)
        placed.append((ins, article))
        _mark(ctx, ins.target, article)
    return placed


def _settle(doc: Document, placed: list[tuple[Instruction, Provision]], ctx: _Context) -> None:
    """Place every moved article again until the anchors stand where the final text has them."""
    for final in range(PLACEMENT_PASSES):
        for ins, article in placed:
            _place(doc, ins, article, ctx if final == PLACEMENT_PASSES - 1 else None)


def _renumber(doc: Document, ins: Instruction, article: Provision, ctx: _Context) -> bool:
    new_key = ins.new_article or ""
    other = _articles(doc).get(new_key)
    if other is not None and other is not article:
        ctx.problems.append(Problem(ins.line, f"ya existe el artículo {display_article_number(new_key)}"))
        return False
    article.key, article.num = new_key, _normal_heading(article.num or "Artículo 0.-", new_key)
    return True


def _place(doc: Document, ins: Instruction, article: Provision, ctx: _Context | None) -> bool:
    """Put ``article`` where the instruction says; False when its anchor is missing (a problem when
    ``ctx`` is given: the last pass)."""
    articles = _articles(doc)
    if ins.within and ins.within[0][0] != "article":  # "en el Capítulo II del Título Segundo"
        holder = _container_at(doc, ins.within)
        if holder is None:
            if ctx is not None:
                ctx.problems.append(Problem(ins.line, f"no existe el contenedor donde reubicar el artículo "
                                                      f"{display_article_number(ins.target.article or '')}"))
            return False
        _detach(doc, article)
        later = (i for i, c in enumerate(holder.children)  # among the container's articles, by number
                 if c.kind == "article" and _article_order(c.key or "") > _article_order(article.key or ""))
        holder.children.insert(next(later, len(holder.children)), article)
        return True
    anchor_key = ins.within[0][1] if ins.verb in (Verb.RENUMBER, Verb.ADD) and ins.within else \
        (ins.new_article if ins.verb == Verb.RELOCATE else None)
    _detach(doc, article)
    if anchor_key is None:
        _insert_article(doc, article, None)
        return True
    anchor = articles.get(anchor_key)
    if anchor is None or anchor is article:
        if ctx is not None:
            ctx.problems.append(Problem(ins.line, f"no existe el artículo {display_article_number(anchor_key)}"))
        _insert_article(doc, article, None)
        return False
    siblings = _parent_list(doc.body, anchor) or doc.body
    siblings.insert(siblings.index(anchor) + (0 if ins.before else 1), article)
    return True


def _detach(doc: Document, article: Provision) -> None:
    siblings = _parent_list(doc.body, article)
    if siblings is not None:
        siblings.remove(article)


def _container_at(doc: Document, chain: tuple[tuple[str, str], ...]) -> Provision | None:
    scope: list[Provision] = doc.body
    node: Provision | None = None
    for kind, key in chain:
        node = next((n for n in _walk(scope) if n.kind == kind and n.key == key), None)
        if node is None:
            return None
        scope = node.children
    return node


def _find_path(article: Provision, path: tuple[tuple[str, str], ...]) -> Provision | None:
    node: Provision | None = article
    for level, key in path:
        if node is None:
            return None
        if level == ROW:  # a row of the table this párrafo holds: the párrafo stands for it
            if not row_exists(node, key):
                return None
            continue
        if level == "paragraph":
            own = 1 if node.kind == "point" and node.text else 0
            ordinal = int(key)
            if own and ordinal == 1:
                continue
            paragraphs = [c for c in node.children if c.kind == "paragraph"]
            index = ordinal - own - 1
            node = paragraphs[index] if 0 <= index < len(paragraphs) else None
            if node is None and not own and ordinal == 1:
                node = article  # "párrafo primero" of an article without explicit paragraphs
            continue
        candidates = [c for c in node.children if c.kind == "point" and c.level == level and _key_of(c) == key]
        if not candidates:  # points introduced by a paragraph ("fracción IX del párrafo décimo segundo")
            candidates = [c for c in node.children if c.kind == "point" and _key_of(c) == key]
        node = candidates[0] if candidates else None
        if node is None and article is not None:
            return None
    return node


def _bodiless(doc: Document, instructions: list[Instruction], ctx: _Context) -> None:
    """Derogations the body does not show: the provision keeps its number as "Se deroga."."""
    articles = _articles(doc)
    for ins in instructions:
        if ins.verb != Verb.REPEAL or ins.target in ctx.touched or ins.target.article is None:
            continue
        article = articles.get(ins.target.article)
        node = _find_path(article, _strip_chapeau(article, ins.target.path)) if article is not None else None
        if node is None:
            continue
        if node.kind == "article":
            node.children, node.derogated = [Provision("paragraph", text=DEROGATED_TEXT, derogated=True)], True
        else:
            node.text, node.children, node.table, node.derogated = DEROGATED_TEXT, [], None, True
        _mark(ctx, ins.target, node)


def _strip_chapeau(article: Provision | None, path: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """'párrafo décimo segundo, fracción IX': the párrafo only introduces the list; the tree
    keeps fracciones beside it, so the path skips it."""
    out = []
    for i, (level, key) in enumerate(path):
        nxt = path[i + 1] if i + 1 < len(path) else None
        if level == "paragraph" and nxt is not None and nxt[0] in POINT_LEVELS:
            continue
        out.append((level, key))
    return tuple(out)


def _normalize_targets(doc: Document, instructions: list[Instruction]) -> None:
    articles = _articles(doc)
    for ins in instructions:
        if ins.target.article is not None and ins.target.path:
            article = articles.get(ins.target.article)
            path = _strip_chapeau(article, ins.target.path)
            ins.target = Target(ins.target.article, _with_table_paragraph(article, path))


def _with_table_paragraph(article: Provision | None, path: tuple[tuple[str, str], ...]
                          ) -> tuple[tuple[str, str], ...]:
    """'la fila 3 de la tabla del artículo 148': the path names the row without the párrafo that
    holds the table when there is only one; the párrafo is put in."""
    out: list[tuple[str, str]] = []
    for level, key in path:
        if level == ROW and (not out or out[-1][0] != "paragraph") and article is not None:
            holder = _find_path(article, tuple(out)) if out else article
            ordinal = table_ordinal(holder) if holder is not None else None
            if ordinal is not None:
                out.append(("paragraph", ordinal))
        out.append((level, key))
    return tuple(out)


def _check_targets(base: Document, instructions: list[Instruction], ctx: _Context) -> None:
    """REFORMA and DEROGA name provisions of the text in force; ADICIONA names an existing article
    (for a provision inside it)."""
    articles = _articles(base)
    renumbered = {i.new_article for i in instructions if i.verb == Verb.RENUMBER}
    for ins in instructions:
        t = ins.target
        if t.container is not None or ins.verb in (Verb.RENUMBER, Verb.RELOCATE):
            continue
        article = articles.get(t.article or "")
        if article is None and not (ins.verb == Verb.ADD and not t.path) and t.article not in renumbered:
            ctx.problems.append(Problem(ins.line, f"no existe el artículo {display_article_number(t.article or '')} "
                                                  f"en el texto vigente ({ins})"))
            ctx.failed.add(id(ins))
            continue
        if article is not None and ins.verb in (Verb.REFORM, Verb.REPEAL) and t.path \
                and _find_path(copy.deepcopy(article), t.path) is None and not _added_earlier(instructions, t):
            ctx.problems.append(Problem(ins.line, f"no existe {t.label()} en el texto vigente ({ins})"))
            ctx.failed.add(id(ins))


def _added_earlier(instructions: list[Instruction], target: Target) -> bool:
    return any(i.verb == Verb.ADD and i.target.article == target.article and
               target.path[:len(i.target.path)] == i.target.path for i in instructions)


# ------------------------------------------------------------------ entry point

def apply_decree(base: Document, decree: ReadDecree) -> Applied:
    """The base text with the decree applied; problems list what could not be placed."""
    doc = copy.deepcopy(base)
    instructions = [copy.copy(i) for i in decree.instructions]
    _normalize_targets(doc, instructions)
    by_target: dict[Target, list[Instruction]] = {}
    for ins in instructions:
        by_target.setdefault(ins.target, []).append(ins)
    ctx = _Context(by_target, set(), [], {})
    placed: list[tuple[Instruction, Provision]] = []
    if decree.expide:  # "se expide": the body is the whole new text
        doc.body = []
        instructions = []
    else:
        _check_targets(base, instructions, ctx)
        placed = _moves(doc, instructions, ctx)
    body = _Body(decree.body)
    previous: Provision | None = None
    stack: list[_Open] = []
    while body.peek() is not None:
        line = body.take()
        if line.kind == "container":
            _container_line(doc, line, body, ctx, previous, instructions, stack)
            continue
        if line.kind != "article":
            ctx.problems.append(Problem(line.number, f"texto fuera de un artículo: «{line.text[:60]}»"))
            continue
        holder = stack[-1].node if stack and stack[-1].new else None
        previous = _apply_article(doc, line, body, ctx, holder)
    articles = _articles(doc)
    placed += [(i, articles[i.target.article or ""]) for i in instructions
               if i.verb == Verb.ADD and i.within and not i.target.path and (i.target.article or "") in articles]
    _settle(doc, placed, ctx)
    _bodiless(doc, instructions, ctx)
    assign_eids(doc.body, preamble=doc.preamble)
    outcomes = []
    for ins in instructions:
        node = ctx.eids.get(ins.target)
        applied = ins.target in ctx.touched and id(ins) not in ctx.failed
        outcomes.append(Outcome(ins, node.eid if node is not None else None, applied))
        if not applied and id(ins) not in ctx.failed:
            ctx.problems.append(Problem(ins.line, f"el cuerpo del decreto no contiene el texto de {ins.target.label()} "
                                                  f"({ins.verb.value})"))
    return Applied(doc, outcomes, ctx.problems, ctx.warnings)
