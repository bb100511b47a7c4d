"""Read an amending decree as published: its title, its sentences, its body and its transitorios.

A pipeline in small stages, each testable alone:

1. :func:`decree_lines` — the text as numbered logical lines: dash leaders (``Artículo 38.- - - -``,
   ``1 al 9. - - -``) become elisions, hard-wrapped lines are joined back into their block;
2. :func:`classify` — each line is an article heading, a container heading, a point, an elided
   range (``I. a III. …``), an elision (``…``) or a paragraph;
3. :func:`read_decree` — the parts: title, preamble, the ARTÍCULO ÚNICO / PRIMERO… sentences
   (read by :mod:`.instructions`), the body "para quedar como sigue", and the transitorios.

Applying what was read to a base text is :mod:`.decree_apply`'s job.

>>> d = read_decree('''DECRETO por el que se reforma el artículo 5 del Reglamento X
...
... ARTÍCULO ÚNICO.- Se REFORMA la fracción II del artículo 5 del Reglamento X, para quedar como sigue:
...
... Artículo 5.- …
...
... I. …
...
... II. Texto nuevo.
...
... TRANSITORIOS
...
... ÚNICO.- Entrará en vigor al día siguiente.''')
>>> [str(i) for i in d.instructions], [(line.kind, line.label, line.text) for line in d.body]
(['REFORMA artículo 5, fracción II'], [('article', '5', '…'), ('point', 'I.', '…'), ('point', 'II.', 'Texto nuevo.')])
>>> d.transitorios
['Entrará en vigor al día siguiente.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.numbers import SUFFIX_RE, article_key, fold
from ..model.tree import Table
from .instructions import _ORDINAL_WORD, Instruction, parse_sentence

ELLIPSIS = "…"
_DASH_LEADER = re.compile(r"(?:\s*[-–—]){3,}\s*")
_DOTS = re.compile(r"(?<!\.)\.{3,}(?!\.)|\.\s\.\s\.")
_ARTICLE = re.compile(
    rf"^(?P<num>(?:ART[ÍI]CULOS?|Art[íi]culos?|ART\.|Art\.)\s*(?P<n>\d+\s*(?:o|º|°|ª)?(?:[\s\-]*{SUFFIX_RE})?)"
    r"(?:\s*[.\-–:])*)\s*(?P<rest>.*)$", re.IGNORECASE)
_CONTAINER = re.compile(rf"^(?P<word>LIBRO|T[ÍI]TULO|CAP[ÍI]TULO|SECCI[ÓO]N|SUBSECCI[ÓO]N)\s+"
                        rf"(?P<n>(?:(?i:{_ORDINAL_WORD})|[IVXLCDM]+\b|\d+\b)(?:\s+(?i:BIS|TER|QU[AÁ]TER)\b)?)\.?\s*(?P<rest>.*)$")
_LABEL = (r"(?:[IVXLCDM]+(?:\s+(?:Bis|BIS|Ter|TER|Qu[aá]ter))?\.(?:-|–)?|[A-Z]\.(?:-|–)?|[a-zñ]\)|[a-zñ]\.|"
          r"\d+\s*\.(?:-|–)?|\d+\)|[ivx]+\))")
_RANGE = re.compile(rf"^(?P<a>{_LABEL}|\d+|[a-zñ]\)|[IVXLCDM]+)\s+(?P<sep>al?|y)\s+(?:la\s+|el\s+)?"
                    rf"(?P<b>{_LABEL}|\d+|[IVXLCDM]+|[a-zñ]\))\s*{ELLIPSIS}\s*$")
_POINT = re.compile(rf"^(?P<label>{_LABEL})\s+(?P<rest>\S.*)$")
_SENTENCE_HEAD = re.compile(r"^\s*(?:ART[ÍI]CULO\s+(?:[ÚU]NICO|PRIMERO|SEGUNDO|TERCERO|CUARTO|QUINTO|SEXTO)"
                            r"\s*\.?\s*[-–]?\s*)?(?:Se|SE|Que|QUE)\s+(?:REFORM|ADICION|DEROG|RECORR|REUBIC|reform|"
                            r"adicion|derog|recorr|reubic|expide|EXPIDE)", re.UNICODE)
_SENTENCE_END = re.compile(r"(?:como\s+sigue|siguientes\s+t[ée]rminos)\s*:?\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")
_TRANSITORIOS = re.compile(r"^\s*(?:ART[ÍI]CULOS\s+)?TRANSITORIOS?\s*:?\s*$", re.IGNORECASE)
_TRANSITORIO = re.compile(r"^\s*(?:ART[ÍI]CULO\s+)?(?P<n>[ÚU]NICO|PRIMERO|SEGUNDO|TERCERO|CUARTO|QUINTO|SEXTO|"
                          r"S[ÉE]PTIMO|OCTAVO|NOVENO|D[ÉE]CIMO(?:\s+\w+)?)\s*\.?\s*[-–.]+\s*(?P<rest>.*)$",
                          re.IGNORECASE)


@dataclass
class Line:
    """One logical line of the body, classified."""

    kind: str  # article | container | point | range | elision | paragraph
    text: str  # the text after the label ("…" when elided)
    number: int  # line number in the source (1-based)
    label: str = ""  # "II.", "a)", the article key, the container word and number
    until: str = ""  # range: the last label ("III.")
    heading: str = ""  # container: its heading
    raw: str = ""


@dataclass
class ReadDecree:
    title: str = ""
    preamble: list[str] = field(default_factory=list)
    sentences: list[tuple[int, str]] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    transitorios: list[str] = field(default_factory=list)
    expide: bool = False


def decree_lines(text: str) -> list[tuple[int, str]]:
    """Logical lines with their source line numbers: leaders split off, wrapped lines joined."""
    raw: list[tuple[int, str]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _DOTS.sub(ELLIPSIS, line.replace("\u00a0", " ").replace("\f", " "))
        pieces = _DASH_LEADER.split(line) if not line.lstrip().startswith("|") else [line]
        if len(pieces) > 1:
            for i, piece in enumerate(pieces):
                piece = piece.strip()
                if i < len(pieces) - 1:
                    raw.append((number, f"{piece} {ELLIPSIS}".strip()))
                elif piece:
                    raw.append((number, piece))
            continue
        raw.append((number, line.strip()))
    out: list[tuple[int, str]] = []
    joinable = False
    for number, line in raw:
        if not line:
            joinable = False
            continue
        pipes = line.startswith("|")
        if pipes or (out and out[-1][1].startswith("|")):  # a table's rows stay rows
            if pipes and joinable and out and out[-1][1].startswith("|"):
                out[-1] = (out[-1][0], f"{out[-1][1]}\n{line}")
            else:
                out.append((number, line))
            joinable = True
            continue
        if joinable and out and not _starts_block(line) and not out[-1][1].endswith(ELLIPSIS) \
                and not _new_sentence_block(out[-1][1], line):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
            continue
        out.append((number, line))
        joinable = True
    return out


def _new_sentence_block(previous: str, line: str) -> bool:
    """Without a blank line between them, a line that closes a sentence and one that opens with a
    capital start a new párrafo ("…Urbano." / "Las construcciones…"); "…a la" / "Juventud." is a wrap."""
    return previous.rstrip().endswith((".", ";", ":")) and line[:1].isupper()


def _starts_block(line: str) -> bool:
    return bool(_ARTICLE.match(line) or _CONTAINER.match(line) or _RANGE.match(line) or _POINT.match(line)
                or line == ELLIPSIS or _TRANSITORIOS.match(line) or _TRANSITORIO.match(line)
                or _SENTENCE_HEAD.match(line))


def classify(number: int, line: str) -> Line:
    if line.startswith("|"):
        return Line("table", line, number, raw=line)
    if line in (ELLIPSIS, "-", "–"):
        return Line("elision", ELLIPSIS, number, raw=line)
    m = _ARTICLE.match(line)
    if m:
        return Line("article", m.group("rest").strip() or "", number, article_key(m.group("n")), raw=m.group("num"))
    m = _CONTAINER.match(line)
    if m and m.group("word").isupper():
        return Line("container", "", number, f"{m.group('word')} {m.group('n')}", heading=m.group("rest").strip(),
                    raw=line)
    m = _RANGE.match(line)
    if m:
        return Line("range", ELLIPSIS, number, m.group("a"), until=m.group("b"), raw=line)
    m = _POINT.match(line)
    if m:
        return Line("point", m.group("rest").strip(), number, m.group("label").replace(" .", "."), raw=line)
    return Line("paragraph", line, number, raw=line)


def read_decree(text: str) -> ReadDecree:
    """Split a decree into its parts and read its sentences (see the module docstring)."""
    lines = decree_lines(text)
    indents = {n: raw[:len(raw) - len(raw.lstrip(" "))]
               for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)}
    out = ReadDecree()
    state = "head"
    for number, line in lines:
        if _opens_sentence(line, state):
            state = "sentence"
            out.sentences.append((number, line))
            if _SENTENCE_END.search(line):
                state = "body"
            continue
        if state == "sentence":
            if _SENTENCE_END.search(line) or not _starts_block(line):
                out.sentences[-1] = (out.sentences[-1][0], f"{out.sentences[-1][1]} {line}")
                if _SENTENCE_END.search(line):
                    state = "body"
                continue
            state = "body"
        if state in ("head",):
            if not out.title:
                out.title = line
            else:
                out.preamble.append(line)
            continue
        if _TRANSITORIOS.match(line):
            state = "transitorios"
            continue
        if state == "transitorios":
            m = _TRANSITORIO.match(line)
            if m:
                out.transitorios.append(m.group("rest").strip())
            elif out.transitorios:
                out.transitorios[-1] = f"{out.transitorios[-1]}\n\n{line}"
            continue
        item = classify(number, line)
        item.raw = indents.get(number, "") + item.raw  # the indent tells whose párrafo it is
        out.body.append(item)
    for number, sentence in out.sentences:
        if re.search(r"\bse\s+expide\b", sentence, re.IGNORECASE):
            out.expide = True
        out.instructions.extend(parse_sentence(sentence, number))
    return out


def _opens_sentence(line: str, state: str) -> bool:
    """In the body only "ARTÍCULO SEGUNDO.- Se …" opens a new sentence ("Se deroga." is text)."""
    if state not in ("head", "body") or not _SENTENCE_HEAD.match(line) or is_derogation(line):
        return False
    return state == "head" or bool(re.match(r"^\s*ART[ÍI]CULO\s+[A-ZÚÉ]+\s*\.?\s*[-–]", line))


def pipe_table(text: str) -> Table:
    """'| a | b |' rows with a '|---|' line under the header rows -> a Table.

    >>> pipe_table("| Uso | Cajones |\\n|---|---|\\n| Vivienda | 1 |").rows
    [['Uso', 'Cajones'], ['Vivienda', '1']]
    """
    rows: list[list[str]] = []
    header = 0
    for line in text.split("\n"):
        line = line.strip()
        if _SEPARATOR.fullmatch(line):
            header = len(rows)
            continue
        if line:
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return Table.from_marked(rows, header)


def is_derogation(text: str) -> bool:
    folded = fold(text).strip(" .()")
    return folded.startswith("se deroga") or folded in ("derogado", "derogada", "derogados", "derogadas")
