"""Random reform operations on a real text, for the decree round-trip property tests.

Each operation is what a lawyer does with ``proposal amend/add/repeal/move``: amend an article or
a fracción, add an article (Bis) or a párrafo in the middle, repeal a fracción or an article,
move an article with or without a new number, rewrite a whole article.
"""

from __future__ import annotations

import random

from implan_regs.errors import ImplanError
from implan_regs.model.numbers import display_article_number
from implan_regs.model.tree import Document
from implan_regs.reform.model import Operation
from implan_regs.reform.service import apply_operation

KINDS = ("amend-article", "amend-point", "add-article", "add-paragraph", "repeal-point", "repeal-article",
         "move-number", "move", "rewrite-article")


def _articles(doc: Document):
    return [a for a in doc.articles() if not a.derogated and a.key and a.key.isdigit()]


def random_operation(doc: Document, rng: random.Random, n: int) -> Operation | None:
    kind = rng.choice(KINDS)
    articles = _articles(doc)
    if not articles:
        return None
    art = rng.choice(articles)
    cite = f"artículo {display_article_number(art.key or '')}"
    words = f"texto reformado número {n} sobre la materia {rng.randint(1, 10**6)}"
    points = [c for c in art.children if c.kind == "point" and not c.derogated and c.level == "fraccion"]
    paragraphs = [c for c in art.children if c.kind == "paragraph"]
    if kind == "amend-article":
        return Operation(f"op{n}", "reformar", "t", "", citation=cite, text=f"Nuevo {words}.")
    if kind == "rewrite-article":
        return Operation(f"op{n}", "reformar", "t", "", citation=cite,
                         text=f"Primer {words}:\n\nI. Primera fracción {n};\n\nII. Segunda fracción {n}.")
    if kind == "amend-point" and points:
        point = rng.choice(points)
        return Operation(f"op{n}", "reformar", "t", "", citation=f"fracción {point.key} del {cite}",
                         text=f"{point.num} Fracción {words};")
    if kind == "add-article":
        return Operation(f"op{n}", "adicionar", "t", "", citation=cite, text=f"Se adiciona la materia: {words}.")
    if kind == "add-paragraph" and len(paragraphs) >= 1 and not points:
        index = rng.randrange(len(paragraphs))
        return Operation(f"op{n}", "adicionar", "t", "", citation=f"párrafo {index + 1} del {cite}",
                         text=f"Párrafo intercalado: {words}.")
    if kind == "repeal-point" and points:
        point = rng.choice(points)
        return Operation(f"op{n}", "derogar", "t", "", citation=f"fracción {point.key} del {cite}")
    if kind == "repeal-article":
        return Operation(f"op{n}", "derogar", "t", "", citation=cite)
    if kind in ("move", "move-number") and len(articles) > 3:
        anchor = rng.choice(articles)
        if anchor is art:
            return None
        number = f"{anchor.key} Ter" if kind == "move-number" else None
        if number is not None and any(a.key == f"{anchor.key}ter" for a in doc.articles()):
            return None
        return Operation(f"op{n}", "mover", "t", "", citation=cite,
                         position=f"{number or ''}|artículo {display_article_number(anchor.key or '')}")
    return None


def apply_random(doc: Document, rng: random.Random, count: int) -> list[Operation]:
    """Apply up to ``count`` random operations to ``doc`` in place; the ones that applied."""
    done = []
    for n in range(count * 3):
        if len(done) >= count:
            break
        op = random_operation(doc, rng, n)
        if op is None:
            continue
        try:
            apply_operation(doc, op)
        except ImplanError:
            continue
        done.append(op)
    return done
