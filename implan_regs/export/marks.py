"""Changed words, token by token, on the paragraphs an export prints.

The diff (:mod:`implan_regs.diff.words`) gives ``(op, text)`` runs over a whole article's text;
an export prints that article as several paragraphs. :func:`side_flags` lays the diff's runs
over the printed paragraphs, so each printed word knows whether it was deleted (old side) or
inserted (new side). When the printed text does not tokenize exactly as the diff's text (an
article heading, a table), :func:`diff_flags` computes the same marks from the printed text.

Tokens keep their leading whitespace, so joining them gives the paragraph back exactly — what
the redline needs for "accept all" and "reject all" to restore the texts to the letter.

>>> tokens("Se deroga.")
['Se', ' deroga', '.']
>>> side_flags([["Las multas de 20 días."]], [("equal", "Las multas de"), ("delete", "20"),
...            ("insert", "30"), ("equal", "días.")], "old")
[[[('Las multas de', False), (' 20', True), (' días.', False)]]]
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

#: The diff's tokens (words, numbers such as 0.20 or 1o, single punctuation marks) with the
#: whitespace before them.
_TOKEN_RE = re.compile(r"\s*(?:\w+(?:[.,:/]\w+)*|[^\w\s])")

Runs = list[tuple[str, bool]]  # (text, changed)


def tokens(text: str) -> list[str]:
    found = _TOKEN_RE.findall(text)
    rest = text[sum(len(t) for t in found):]
    if rest:  # trailing whitespace: keep the text exact
        found.append(rest)
    return found


def _stream(words: list[tuple[str, str]], side: str) -> list[tuple[str, bool]]:
    """The diff's tokens of one side: (token, changed)."""
    own = "delete" if side == "old" else "insert"
    out: list[tuple[str, bool]] = []
    for op, text in words:
        if op == "equal" or op == own:
            out.extend((t.strip(), op == own) for t in tokens(text) if t.strip())
    return out


def side_flags(cells: list[list[str]], words: list[tuple[str, str]], side: str) -> list[list[Runs]] | None:
    """Runs for every paragraph of every cell of one side, or None when the texts do not match."""
    stream = _stream(words, side)
    position = 0
    out = []
    for paragraphs in cells:
        cell = []
        for text in paragraphs:
            flags = []
            for token in tokens(text):
                if not token.strip():
                    flags.append((token, False))
                    continue
                if position >= len(stream) or stream[position][0] != token.strip():
                    return None
                flags.append((token, stream[position][1]))
                position += 1
            cell.append(_group(flags))
        out.append(cell)
    return out if position == len(stream) else None


def diff_flags(old: list[list[str]], new: list[list[str]]) -> tuple[list[list[Runs]], list[list[Runs]]]:
    """Runs for both sides from a word diff of the printed texts themselves."""
    old_tokens = [[tokens(t) for t in cell] for cell in old]
    new_tokens = [[tokens(t) for t in cell] for cell in new]
    a = [t.strip() for cell in old_tokens for para in cell for t in para]
    b = [t.strip() for cell in new_tokens for para in cell for t in para]
    changed_a, changed_b = [True] * len(a), [True] * len(b)
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                changed_a[op.src_start + k] = changed_b[op.dest_start + k] = False
    return _apply(old_tokens, changed_a), _apply(new_tokens, changed_b)


def _apply(cells: list[list[list[str]]], changed: list[bool]) -> list[list[Runs]]:
    out, k = [], 0
    for cell in cells:
        runs_of_cell = []
        for para in cell:
            flags = []
            for token in para:
                flags.append((token, changed[k] if token.strip() else False))
                k += 1 if token.strip() else 0
            runs_of_cell.append(_group(flags))
        out.append(runs_of_cell)
    return out


def _group(flags: list[tuple[str, bool]]) -> Runs:
    """Join consecutive tokens with the same flag (a changed run starts at its first word)."""
    out: Runs = []
    for token, changed in flags:
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + token, changed)
        else:
            out.append((token, changed))
    return out


def token_ops(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` with op equal/delete/insert such that the equal+delete texts join to ``old``
    exactly and the equal+insert texts join to ``new`` exactly (the redline's paragraphs)."""
    a, b = tokens(old), tokens(new)
    out: list[tuple[str, str]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            out.append(("equal", "".join(b[op.dest_start:op.dest_end])))
            continue
        if op.src_end > op.src_start:
            out.append(("delete", "".join(a[op.src_start:op.src_end])))
        if op.dest_end > op.dest_start:
            out.append(("insert", "".join(b[op.dest_start:op.dest_end])))
    return _absorb_islands(out)


def _absorb_islands(ops: list[tuple[str, str]], limit: int = 2) -> list[tuple[str, str]]:
    """A tiny equal island between changes ("de", ",") reads better as part of the change."""
    out: list[tuple[str, str]] = []
    for k, (op, text) in enumerate(ops):
        island = op == "equal" and 0 < k < len(ops) - 1 and len(tokens(text)) <= limit \
            and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        if island:
            out.extend([("delete", text), ("insert", text)])
        else:
            out.append((op, text))
    regrouped: list[tuple[str, str]] = []
    pending = {"delete": "", "insert": ""}
    for op, text in out + [("equal", "")]:
        if op == "equal":
            regrouped.extend((kind, pending[kind]) for kind in ("delete", "insert") if pending[kind])
            pending = {"delete": "", "insert": ""}
            if text:
                regrouped.append((op, text))
        else:
            pending[op] += text
    return regrouped


def printed(node):
    """The blocks printed for a provision and the text of each as the diff's words read it
    (table rows become one block each; reform notes are left out)."""
    from .layout import Block, node_blocks

    if node is None:
        return [], []
    blocks, texts = [], []
    for block in node_blocks(node):
        if block.role == "note":
            continue
        if block.role == "table" and block.table is not None:
            for index, cells in enumerate(block.table.rows):
                blocks.append(Block("paragraph", " | ".join(cells), style="Celda", node=block.node,
                                    depth=block.depth, row=index))
                texts.append(blocks[-1].text)
            continue
        blocks.append(block)
        texts.append(f"{block.num} {block.text}".strip() if block.role == "point" and block.num else block.text)
    return blocks, texts


def marked_sides(words: list[tuple[str, str]], old, new, *, unchanged: bool = False):
    """Both columns of a comparison row: ``(old_blocks, old_runs, new_blocks, new_runs)``.

    Each run list gives, per printed block, its text in runs flagged changed or not — from the
    diff's word ops when they line up with the printed text, else from a fresh word diff.
    """
    old_blocks, old_texts = printed(old)
    new_blocks, new_texts = printed(new)
    if unchanged:
        return old_blocks, [[(t, False)] for t in old_texts], new_blocks, [[(t, False)] for t in new_texts]
    old_runs = side_flags([old_texts], words, "old") if old is not None else [[]]
    new_runs = side_flags([new_texts], words, "new") if new is not None else [[]]
    if old_runs is None or new_runs is None:
        old_runs, new_runs = diff_flags([old_texts], [new_texts])
    return old_blocks, old_runs[0], new_blocks, new_runs[0]
