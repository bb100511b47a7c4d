"""Word-level diff that ignores whitespace and line wraps.

Tokens are words (``0.20`` and ``1o`` stay one word) and single punctuation marks, so a
re-wrapped or re-indented paragraph compares equal and "Internet" vs "internet" is one
changed word. The alignment is rapidfuzz's ``Indel.opcodes`` on the two token lists (a longest
common subsequence, computed bit-parallel in C++): it stays fast on the longest articles of the
Constitution (10,000+ tokens, where ``difflib.SequenceMatcher`` either becomes slow with
``autojunk=False`` or, with its default junk heuristic, stops matching the commonest words —
"de", "la", "," — and produces worse diffs). A minimal LCS alone scatters tiny equal islands
("de", ",") through rewritten passages, so a semantic clean-up absorbs equal runs of at most
two tokens that sit between changes bigger than themselves; each changed region is then
shown as its deletion followed by its insertion.

>>> word_diff("Las multas serán de 10 a 20 días.", "Las  multas serán\\nde 10 a 30 días.")
[('equal', 'Las multas serán de 10 a'), ('delete', '20'), ('insert', '30'), ('equal', 'días.')]
>>> word_diff("mismo   texto", "mismo texto")
[('equal', 'mismo texto')]
>>> render_words([("equal", "de 10 a"), ("delete", "20"), ("insert", "30")])
'de 10 a [-20-] {+30+}'
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

_TOKEN_RE = re.compile(r"\w+(?:[.,:/]\w+)*|[^\w\s]")
_NO_SPACE_BEFORE = set(".,;:)]}»”’%?!…")
_NO_SPACE_AFTER = set("([{«“‘¿¡")
# A token's text plus whether whitespace preceded it in the source (kept for display only).
_Token = tuple[str, bool]
#: Equal runs of this many tokens or fewer, between two changes, are folded into the change.
SHORT_EQUAL = 2


def tokenize(text: str) -> list[str]:
    """Words and punctuation marks, whitespace dropped.

    >>> tokenize("Artículo 5 Bis.- (derogado) 0.20 mg/l")
    ['Artículo', '5', 'Bis', '.', '-', '(', 'derogado', ')', '0.20', 'mg/l']
    """
    return _TOKEN_RE.findall(text)


def join_tokens(tokens: list[str]) -> str:
    """Tokens back to readable text when their source spacing is unknown: one space between
    words, none before closing or after opening punctuation.

    >>> join_tokens(["Artículo", "5", ".", "(", "derogado", ")", ",", "y"])
    'Artículo 5. (derogado), y'
    """
    out: list[str] = []
    for token in tokens:
        if out and not (token in _NO_SPACE_BEFORE or out[-1] in _NO_SPACE_AFTER):
            out.append(" ")
        out.append(token)
    return "".join(out)


def _spaced_tokens(text: str) -> list[_Token]:
    return [(m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN_RE.finditer(text)]


def _join_spaced(tokens: list[_Token]) -> str:
    """Tokens back to text with their source spacing, every whitespace run as one space."""
    return "".join((" " if spaced and k else "") + token for k, (token, spaced) in enumerate(tokens))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` runs with op in equal/insert/delete; deletions come before insertions."""
    a, b = _spaced_tokens(old), _spaced_tokens(new)
    runs = _token_runs(a, b)
    return [(op, _join_spaced(tokens)) for op, tokens in _regroup(_absorb_short_equals(runs))]


def is_equal(old: str, new: str) -> bool:
    """True when the texts have the same tokens (whitespace and line wraps aside)."""
    return tokenize(old) == tokenize(new)


def merge_runs(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join consecutive runs with the same op (e.g. after concatenating several diffs)."""
    out: list[tuple[str, str]] = []
    for op, text in runs:
        if out and out[-1][0] == op:
            out[-1] = (op, f"{out[-1][1]} {text}".strip())
        elif text:
            out.append((op, text))
    return out


def render_words(runs: list[tuple[str, str]]) -> str:
    """Plain-text display: ``[-deleted-]`` and ``{+inserted+}`` (as ``git diff --word-diff``)."""
    marks = {EQUAL: "{}", DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in runs)


def _token_runs(a: list[_Token], b: list[_Token]) -> list[tuple[str, list[_Token]]]:
    """Opcodes on the token texts; equal runs take the new text's spacing."""
    runs: list[tuple[str, list[_Token]]] = []
    for op in Indel.opcodes([t for t, _ in a], [t for t, _ in b]):
        if op.tag == EQUAL:
            runs.append((EQUAL, b[op.dest_start:op.dest_end]))
        else:
            if op.src_end > op.src_start:
                runs.append((DELETE, a[op.src_start:op.src_end]))
            if op.dest_end > op.dest_start:
                runs.append((INSERT, b[op.dest_start:op.dest_end]))
    return runs


def _absorb_short_equals(runs: list[tuple[str, list[_Token]]]) -> list[tuple[str, list[_Token]]]:
    """Turn a tiny equal island between two bigger changes into a deletion plus an insertion."""
    out: list[tuple[str, list[_Token]]] = []
    for k, (op, tokens) in enumerate(runs):
        if op == EQUAL and 0 < k < len(runs) - 1 and len(tokens) <= SHORT_EQUAL:
            before = _changed_size(runs, k, -1)
            after = _changed_size(runs, k, +1)
            if before > len(tokens) and after > len(tokens):
                out.extend([(DELETE, tokens), (INSERT, tokens)])
                continue
        out.append((op, tokens))
    return out


def _changed_size(runs: list[tuple[str, list[_Token]]], k: int, step: int) -> int:
    """Tokens changed in the run of changes next to position ``k`` (towards ``step``)."""
    size, k = 0, k + step
    while 0 <= k < len(runs) and runs[k][0] != EQUAL:
        size += len(runs[k][1])
        k += step
    return size


def _regroup(runs: list[tuple[str, list[_Token]]]) -> list[tuple[str, list[_Token]]]:
    """Merge equal runs; within each changed region put all deletions, then all insertions."""
    out: list[tuple[str, list[_Token]]] = []
    deleted: list[_Token] = []
    inserted: list[_Token] = []

    def flush() -> None:
        if deleted:
            out.append((DELETE, list(deleted)))
        if inserted:
            out.append((INSERT, list(inserted)))
        deleted.clear()
        inserted.clear()

    for op, tokens in runs:
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + tokens)
            else:
                out.append((EQUAL, list(tokens)))
        elif op == DELETE:
            deleted.extend(tokens)
        else:
            inserted.extend(tokens)
    flush()
    return out
