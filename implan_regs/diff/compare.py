"""The whole comparison of two expressions: alignment, then article and sub-provision changes.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> meta = DocumentMeta(work="x", kind="reglamento", title="X")
>>> def doc(text):
...     return Document(meta, body=[Provision("article", num="Artículo 1.-", key="1", eid="art_1",
...                     children=[Provision("paragraph", text=text, eid="art_1__para_1")])])
>>> diff = diff_documents(doc("Las multas serán de 10 a 20 días."), doc("Las multas serán de 10 a 30 días."))
>>> diff.summary["articles"], [c["type"] for c in diff.to_json()["changes"]]
({'amended': 1}, ['amended', 'amended'])
"""

from __future__ import annotations

from ..model.numbers import display_article_number
from ..model.tree import Document, Provision
from . import model as m
from .align import THRESHOLDS, Thresholds, align_articles
from .subprovisions import diff_children
from .text import WordCoder, exact_text, full_text
from .words import DELETE, INSERT, word_diff

#: Article verdicts whose words changed (they get a word diff and a sub-provision diff).
WORDS_CHANGED = {m.AMENDED, m.RENUMBERED_AMENDED, m.MOVED_AMENDED, m.DEROGATED}


def diff_documents(old: Document, new: Document, *, thresholds: Thresholds = THRESHOLDS) -> m.Diff:
    """Compare two expressions of a work (or two different works: see ``Diff.replacement``)."""
    alignment = align_articles(old, new, thresholds=thresholds)
    coder = WordCoder()
    articles = [article_change(pair, coder) for pair in alignment.pairs]
    transitorios = [block_change(pair) for pair in alignment.transitorios]
    return m.Diff(alignment, articles, transitorios)


def article_change(pair: m.ArticlePair, coder: WordCoder) -> m.Change:
    old_ref = article_ref(pair.old) if pair.old is not None else None
    new_ref = article_ref(pair.new) if pair.new is not None else None
    change = m.Change(pair.type, old_ref, new_ref, pair.similarity, _words(pair))
    if pair.old is not None and pair.new is not None and pair.type in WORDS_CHANGED - {m.DEROGATED}:
        change.children = diff_children(pair.old, pair.new, coder)
    return change


def block_change(pair: m.ArticlePair) -> m.Change:
    """A transitorios block: added with a new decree, or (rarely) amended or removed."""
    def ref(block: Provision | None) -> m.Ref | None:
        return m.Ref(block.eid, block.subheading or block.heading) if block is not None else None

    return m.Change(pair.type, ref(pair.old), ref(pair.new), pair.similarity, _words(pair))


def article_ref(article: Provision) -> m.Ref:
    """eId and number as written ("Artículo 45 Bis"), or as the key reads when num is missing."""
    num = (article.num or "").strip().rstrip(".-–—: ")
    if not num and article.key:
        num = f"Artículo {display_article_number(article.key)}"
    return m.Ref(article.eid, num or None)


def _words(pair: m.ArticlePair) -> list[tuple[str, str]]:
    if (pair.type in WORDS_CHANGED or pair.type == m.AMENDED) and pair.old is not None and pair.new is not None:
        return word_diff(full_text(pair.old), full_text(pair.new))
    if pair.type == m.ADDED and pair.new is not None:
        return [(INSERT, exact_text(full_text(pair.new)))]
    if pair.type == m.REMOVED and pair.old is not None:
        return [(DELETE, exact_text(full_text(pair.old)))]
    return []
