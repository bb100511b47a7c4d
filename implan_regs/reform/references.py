"""Cross-references inside a text, and their repair after a renumbering.

:func:`find_references` recognizes internal references ("artículo 45", "artículos 12 y 13",
"los artículos 20 al 23", "fracción III del artículo 8", "el artículo anterior") and tells
them apart from references to other laws ("el artículo 12 de la Ley General de …").
:func:`check_references` takes the old→new article correspondence of a restructure and
lists every reference whose target moved or disappeared, with the proposed rewrite.

>>> [r.targets for r in find_references("conforme a los artículos 12 y 13 de este Reglamento")]
[['12', '13']]
>>> find_references("el artículo 12 de la Ley General de Asentamientos Humanos")[0].internal
False
>>> [r.targets for r in find_references("según el art. 45 Bis y los arts. 3 y 4")]
[['45bis'], ['3', '4']]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model.numbers import SUFFIX_RE, article_key, display_article_number
from ..model.tree import Document, Provision

_NUM = rf"\d+(?:o\b|º|°)?(?:[\s\-]+{SUFFIX_RE}\b)?"
# "artículo 45", "artículos 12, 13 y 15", "artículos 20 al 23", "artículo 45 Bis", "art. 45", "arts. 12 y 13"
_ARTICLES = re.compile(
    rf"\b(?:art[íi]culos?\s+|arts?\.\s*)(?P<nums>{_NUM}(?:\s*(?:,|\by\b|\bal\b|\ba\b|\bo\b)\s*{_NUM})*)", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:el|del|al)\s+art[íi]culo\s+(?P<rel>anterior|siguiente|precedente)\b", re.IGNORECASE)
# What follows a reference and makes it external: "de la Ley …", "del Código …", "de la Constitución …".
_EXTERNAL = re.compile(
    r"^\s*(?:,?\s*(?:fracci[oó]n|p[aá]rrafo|inciso|apartado)[^;.]{0,60}?)?,?\s*(?:de\s+la|del|de\s+los)\s+"
    r"(?!(?:presente|este|esta)\b)(?:Ley|C[oó]digo|Constituci[oó]n|Reglamento|Decreto|Norma|Acuerdo|Plan|Programa)",
    re.IGNORECASE)


@dataclass
class Reference:
    eid: str  # provision whose text holds the reference
    start: int
    end: int
    text: str
    targets: list[str]  # article keys ('45bis'); empty for relative references
    internal: bool = True
    relative: str | None = None  # 'anterior' | 'siguiente'


@dataclass
class ReferenceIssue:
    reference: Reference
    problem: str  # 'movido' | 'inexistente' | 'relativa'
    rewrite: str | None  # the proposed replacement of reference.text
    message: str


def _expand(nums: str) -> list[str]:
    keys: list[str] = []
    parts = re.split(r"\s*(,|\by\b|\bal\b|\ba\b|\bo\b)\s*", nums.strip(), flags=re.IGNORECASE)
    previous_was_range = False
    for part in parts:
        if part.lower() in (",", "y", "o"):
            continue
        if part.lower() in ("al", "a"):
            previous_was_range = True
            continue
        key = article_key(part)
        if previous_was_range and keys and keys[-1].isdigit() and key.isdigit():
            keys.extend(str(n) for n in range(int(keys[-1]) + 1, int(key) + 1))
        else:
            keys.append(key)
        previous_was_range = False
    return keys


def find_references(text: str, eid: str = "") -> list[Reference]:
    refs = []
    for m in _ARTICLES.finditer(text):
        internal = not _EXTERNAL.match(text[m.end():m.end() + 120])
        refs.append(Reference(eid, m.start(), m.end(), m.group(0), _expand(m.group("nums")), internal))
    for m in _RELATIVE.finditer(text):
        refs.append(Reference(eid, m.start(), m.end(), m.group(0), [], True, m.group("rel").lower()))
    return sorted(refs, key=lambda r: r.start)


def _texts(node: Provision) -> Iterator[tuple[Provision, str]]:
    for sub in node.walk():
        if sub.text:
            yield sub, sub.text


def _article_of(doc: Document) -> dict[str, Provision]:
    owner: dict[str, Provision] = {}
    for art in doc.articles():
        for sub in art.walk():
            owner[sub.eid] = art
    return owner


def _rewrite(ref: Reference, mapping: dict[str, str | None]) -> str:
    def repl(m: re.Match) -> str:
        key = article_key(m.group(0))
        new = mapping.get(key, key)
        return display_article_number(new) if new else m.group(0)

    prefix = re.match(r"\b(?:art[íi]culos?\s+|arts?\.\s*)", ref.text, re.IGNORECASE)
    head = prefix.group(0) if prefix else ""
    return head + re.sub(_NUM, repl, ref.text[len(head):])


def check_references(old: Document, new: Document, correspondence: dict[str, str | None]) -> list[ReferenceIssue]:
    """References in ``new`` whose target article moved or disappeared according to ``correspondence``.

    ``correspondence`` maps each old article key to its new key (None when removed). Only
    wording carried over unchanged from the aligned old article is checked: it still speaks the
    old numbering, while new or rewritten wording (including earlier fixes) speaks the new one.
    """
    issues: list[ReferenceIssue] = []
    new_keys = [a.key for a in new.articles()]
    old_keys = [a.key for a in old.articles()]
    old_by_key = {a.key: a for a in old.articles()}
    reverse = {v: k for k, v in correspondence.items() if v}
    for art in new.articles():
        old_key = reverse.get(art.key or "")
        old_art = old_by_key.get(old_key)
        carried = {text for _, text in _texts(old_art)} if old_art is not None else set()
        for node, text in _texts(art):
            if text not in carried:
                continue  # new or rewritten wording already speaks the new numbering
            for ref in find_references(text, node.eid):
                if not ref.internal:
                    continue
                issue = _check_one(ref, art, old_key, correspondence, new_keys, old_keys)
                if issue:
                    issues.append(issue)
    return issues


def _check_one(ref: Reference, art: Provision, old_key: str | None, corr: dict[str, str | None],
               new_keys: list, old_keys: list) -> ReferenceIssue | None:
    if ref.relative:
        if old_key is None or old_key not in old_keys:
            return None
        step = -1 if ref.relative in ("anterior", "precedente") else 1
        oi, ni = old_keys.index(old_key) + step, new_keys.index(art.key) + step
        old_target = old_keys[oi] if 0 <= oi < len(old_keys) else None
        new_neighbour = new_keys[ni] if 0 <= ni < len(new_keys) else None
        if old_target is None or corr.get(old_target) == new_neighbour:
            return None
        target = corr.get(old_target)
        rewrite = f"{ref.text.split()[0]} artículo {display_article_number(target)}" if target else None
        return ReferenceIssue(ref, "relativa", rewrite,
                              f"'{ref.text}' apuntaba al artículo {display_article_number(old_target)}, "
                              f"que ya no precede/sigue a este")
    moved = {k: corr[k] for k in ref.targets if k in corr and corr[k] != k}
    # Only numbers that existed in the old text can have "disappeared"; others are not ours to judge.
    missing = [k for k in ref.targets if k in old_keys and k not in corr and k not in new_keys]
    if not moved and not missing:
        return None
    if any(v is None for v in moved.values()) or missing:
        gone = [k for k, v in moved.items() if v is None] + missing
        return ReferenceIssue(ref, "inexistente", None,
                              f"'{ref.text}' cita un artículo que ya no existe "
                              f"({', '.join(display_article_number(k) for k in gone)})")
    rewrite = _rewrite(ref, moved)
    return ReferenceIssue(ref, "movido", rewrite, f"'{ref.text}' → '{rewrite}'")


def apply_rewrites(text: str, issues: list[ReferenceIssue]) -> str:
    """Apply the proposed rewrites of ``issues`` (all from one text) right to left."""
    for issue in sorted(issues, key=lambda i: i.reference.start, reverse=True):
        if issue.rewrite:
            r = issue.reference
            text = text[:r.start] + issue.rewrite + text[r.end:]
    return text
