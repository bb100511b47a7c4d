"""Comparison of two expressions of a legal text: alignment, change verdicts, word diffs.

This package owns the core of reforms: which old article became which new one (even when
everything was renumbered, reordered, split or merged, or when the new text is another
regulation altogether), what changed inside each pair (párrafos, fracciones, incisos,
apartados) and which words. It works on the typed tree (:mod:`implan_regs.model.tree`), never on
XML, and knows nothing of proposals, decrees or the CLI, which build on it.

Modules, one concept each: :mod:`.text` (text views and word codes), :mod:`.match` (scoring
matrix, greedy assignment, order-preserving alignment), :mod:`.align` (article alignment and
its thresholds), :mod:`.subprovisions` (inside one article pair), :mod:`.words` (word diff),
:mod:`.tables` (a table's rows and cells), :mod:`.model` (result dataclasses), :mod:`.compare`
(the whole diff).

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> meta = DocumentMeta(work="x", kind="reglamento", title="X")
>>> old = Document(meta, body=[Provision("article", num="Artículo 1.-", key="1", eid="art_1",
...     children=[Provision("paragraph", text="Objeto del presente reglamento municipal.")])])
>>> new = Document(meta, body=[Provision("article", num="Artículo 2.-", key="2", eid="art_2",
...     children=[Provision("paragraph", text="Objeto del presente reglamento municipal.")])])
>>> diff_documents(old, new).correspondence()
[('1', '2', 'renumbered')]
"""

from .align import THRESHOLDS, Thresholds, align_articles, align_transitorios, is_replacement
from .compare import diff_documents
from .model import (
    ADDED,
    AMENDED,
    CHANGE_TYPES,
    DEROGATED,
    MERGED,
    MOVED,
    MOVED_AMENDED,
    REMOVED,
    RENUMBERED,
    RENUMBERED_AMENDED,
    SPLIT,
    UNCHANGED,
    Alignment,
    ArticlePair,
    Change,
    Diff,
    Ref,
    ReplacementEvidence,
)
from .subprovisions import diff_children
from .words import merge_runs, render_words, tokenize, word_diff

__all__ = [
    "ADDED", "AMENDED", "CHANGE_TYPES", "DEROGATED", "MERGED", "MOVED", "MOVED_AMENDED", "REMOVED",
    "RENUMBERED", "RENUMBERED_AMENDED", "SPLIT", "THRESHOLDS", "UNCHANGED", "Alignment", "ArticlePair",
    "Change", "Diff", "Ref", "ReplacementEvidence", "Thresholds", "align_articles", "align_transitorios",
    "diff_children", "diff_documents", "is_replacement", "merge_runs", "render_words", "tokenize",
    "word_diff",
]
