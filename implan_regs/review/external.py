"""External references and desindexación: names of laws, entities and units that changed or
were abrogated, judged against the date of the version under review.

The rules are a curated, dated table (``referencias_externas.txt`` beside this module); an
institute edits its own copy at the root of the corpus (``ROOT/referencias_externas.txt``),
which replaces the shipped one. See the shipped file for the format.

>>> rules = parse("Distrito Federal | Ciudad de México | 2016-01-30 | advertencia | sí | Cambió.")
>>> [(r.replacement, r.since, r.mechanical) for r in rules]
[('Ciudad de México', '2016-01-30', True)]
>>> [m.group(0) for m in rules[0].pattern.finditer("en el distrito  federal y el DISTRITO FEDERAL")]
['distrito  federal', 'DISTRITO FEDERAL']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.uri import check_date
from .context import Context
from .model import Finding, Replacement, Severity

if TYPE_CHECKING:
    from ..store import Store

FAMILY = "desindexacion"
SHIPPED = Path(__file__).with_name("referencias_externas.txt")
STORE_FILE = "referencias_externas.txt"
#: How far before the expression the words of the seventh field are looked for.
NEAR_CHARS = 60
_ACCENTS = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "n": "nñ"}


@dataclass(frozen=True)
class Rule:
    expressions: tuple[str, ...]
    replacement: str
    since: str
    severity: Severity
    mechanical: bool
    explanation: str
    pattern: re.Pattern
    near: re.Pattern | None = None  # the expression counts only with one of these words (or a number) just before

    def applies(self, text: str, start: int) -> bool:
        return self.near is None or bool(self.near.search(text[max(0, start - NEAR_CHARS):start]))


def _expression_pattern(expression: str) -> str:
    out: list[str] = []
    for ch in expression.strip():
        base = ch.lower().translate(str.maketrans("áéíóúüñ", "aeiouun"))
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif base in _ACCENTS and ch.isalpha():
            out.append(f"[{_ACCENTS[base]}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def parse(text: str, source: str = "") -> list[Rule]:
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split("|")]
        expressions = tuple(e.strip() for e in fields[0].split(";") if e.strip())
        if len(fields) not in (6, 7) or not expressions or not fields[2]:
            raise InputError(f"línea {number}: se esperan 6 o 7 campos separados por «|» (expresión | sustituto | "
                             "vigente desde | gravedad | mecánica | explicación [| solo cerca de])", path=source or None)
        since = check_date(fields[2], what=f"{source or 'tabla'}, línea {number}: fecha")
        try:
            severity = Severity(fields[3].lower())
        except ValueError:
            raise InputError(f"línea {number}: gravedad inválida «{fields[3]}» (error, advertencia o sugerencia)",
                             path=source or None) from None
        alternatives = sorted(expressions, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(_expression_pattern(e) for e in alternatives) + r")\b",
                             re.IGNORECASE)
        words = [w.strip() for w in fields[6].split(";") if w.strip()] if len(fields) == 7 else []
        near = re.compile(r"\d|\b(?:" + "|".join(_expression_pattern(w) for w in words) + r")\b", re.IGNORECASE) \
            if words else None
        rules.append(Rule(expressions, fields[1], since, severity, fields[4].lower() in ("sí", "si", "s", "yes"),
                          fields[5], pattern, near))
    return rules


def load(root: Store | str | Path | None) -> list[Rule]:
    """The table in use for the corpus ``root`` (its own file, else the shipped one): a store,
    read through it on either backend, or the folder holding such a file."""
    if root is not None and not isinstance(root, (str, Path)):
        own = root.root / STORE_FILE
        if root.is_file(own):
            return _parsed(root.read_bytes(own), own)
        root = None
    path = Path(root) / STORE_FILE if root is not None else None
    if path is None or not path.is_file():
        path = SHIPPED
    try:
        return _parsed(path.read_bytes(), path)
    except OSError as exc:
        raise InputError(f"no se puede leer la tabla de referencias externas: {exc.strerror}", path=path) from None


def _parsed(data: bytes, path: Path) -> list[Rule]:
    try:
        return parse(data.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise InputError("la tabla de referencias externas no está en UTF-8", path=path) from None


def check(ctx: Context) -> Iterator[Finding]:
    rules = [r for r in load(ctx.root) if ctx.date is None or ctx.date >= r.since]
    if not rules:
        return
    # the new name, however punctuated ('… Humanos Ordenamiento Territorial …' without its comma)
    new_names = [re.compile(_expression_pattern(r.replacement).replace(",", ",?"), re.IGNORECASE) for r in rules]
    for entry, text in ctx.texts():
        for rule, new_name in zip(rules, new_names, strict=True):
            for m in rule.pattern.finditer(text):
                if new_name.match(text, m.start()) or not rule.applies(text, m.start()):
                    continue  # already the new name (which begins with the old one), or another sense
                replacement = _replacement(text, m, rule.replacement) if rule.mechanical else None
                yield ctx.finding(f"desindexacion.{_slug(rule.expressions[0])}", rule.severity, entry, m.group(0),
                                  f"«{m.group(0)}» en un texto {_dated(ctx.date)}: {rule.explanation}",
                                  replacement)


_ARTICLE_BEFORE = re.compile(r"\b(?P<art>del|al|el|la|de\s+la|a\s+la)\s+$", re.IGNORECASE)
_MASCULINE_TO_FEMININE = {"del": "de la", "al": "a la", "el": "la"}
_FEMININE_TO_MASCULINE = {"de la": "del", "a la": "al", "la": "el"}


def _feminine(name: str) -> bool:
    first = name.split()[0].lower() if name.split() else ""
    return first.endswith(("a", "ad", "ión", "ía"))


def _replacement(text: str, m: re.Match, new: str) -> Replacement:
    """The new name, with the article before it agreeing ('del Distrito Federal' → 'de la Ciudad de México')."""
    before = _ARTICLE_BEFORE.search(text[max(0, m.start() - 8):m.start()])
    if before is not None and _feminine(m.group(0)) != _feminine(new):
        article = " ".join(before.group("art").lower().split())
        table = _MASCULINE_TO_FEMININE if _feminine(new) else _FEMININE_TO_MASCULINE
        if article in table:
            start = m.start() - len(before.group(0))
            return Replacement("text", start, m.end(), f"{table[article]} {new}")
    return Replacement("text", m.start(), m.end(), new)


def _dated(date: str | None) -> str:
    return f"vigente al {date}" if date else "sin fecha"


def _slug(expression: str) -> str:
    from ..model.numbers import fold

    return re.sub(r"[^a-z0-9ñ]+", "-", fold(expression)).strip("-")
