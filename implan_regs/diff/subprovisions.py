"""Sub-provision diff inside one aligned article pair: párrafos, fracciones, incisos, apartados.

The children of a provision never change order, so they are aligned with an order-preserving
dynamic programme (:func:`.match.monotone_alignment`) on their *text*, not their position:

* a pair's gain is its word similarity (0–1) when ≥ 0.10, plus 0.05 when the number is the same
  (párrafo ordinal, fracción/inciso key); the programme maximizes the total, so an identical
  paragraph that moved down always pairs with itself, and a rewritten one pairs with whatever
  stands between the same unchanged neighbours;
* a "Se deroga párrafo" / "IX. Se deroga" placeholder in the new text pairs with the old
  provision in its slot (gain 0.3; a point only with the same number), and leaving a
  placeholder unpaired costs 1, because a derogation cannot be *added*;
* a provision rewritten from scratch pairs with the old one of the same number (gain 0.01), so
  it is ``amended`` rather than removed and added, unless a better pairing claims either;
* paragraphs pair with paragraphs and points with points.

So when a paragraph is inserted in the middle ("recorriéndose por su orden los siguientes") the
later ones are ``renumbered`` with their words unchanged, never ``amended``. Verdicts: ``amended``
(its own words changed), ``renumbered``, ``renumbered+amended``, ``derogated``, ``added``,
``removed``; points whose own words are unchanged but whose children changed are not reported,
their children's changes are (each change names its eId). A párrafo that holds a table and
changed lists its changed rows as children (:mod:`.tables`; ``Change.rows`` set, the refs naming
the table's párrafo and "fila N").

>>> from implan_regs.model.tree import Provision
>>> def para(text, n):
...     return Provision("paragraph", text=text, eid=f"art_1__para_{n}")
>>> old = Provision("article", key="1", children=[para("Primer párrafo sobre vialidades.", 1),
...     para("Segundo párrafo sobre banquetas.", 2)])
>>> new = Provision("article", key="1", children=[para("Primer párrafo sobre vialidades.", 1),
...     para("Nuevo párrafo sobre ciclovías.", 2), para("Segundo párrafo sobre banquetas.", 3)])
>>> [(c.type, c.new.num) for c in diff_children(old, new)]
[('added', 'párrafo segundo'), ('renumbered', 'párrafo tercero')]
"""

from __future__ import annotations

import numpy as np

from ..model.numbers import int_to_ordinal
from ..model.tree import Provision
from . import model as m
from .match import monotone_alignment, score_matrix, similarity
from .tables import body_rows, row_changes, row_label
from .text import WordCoder, exact_text, full_text, is_derogated, own_text
from .words import DELETE, INSERT, word_diff

MIN_SIMILARITY = 0.10
SAME_NUMBER_BONUS = 0.05
PLACEHOLDER_GAIN = 0.3
UNPAIRED_PLACEHOLDER_COST = 1.0
#: Gain of pairing two provisions with the same number whose words share (almost) nothing: a
#: provision rewritten from scratch in its own slot is reformed, not removed and added.
REWRITE_GAIN = 0.01


def diff_children(old: Provision, new: Provision, coder: WordCoder | None = None) -> list[m.Change]:
    """The changes among the paragraphs and points of two aligned provisions (recursively)."""
    coder = coder or WordCoder()
    old_units = _units(old)
    new_units = _units(new)
    if not old_units and not new_units:
        return []
    old_numbers, new_numbers = _numbers(old, old_units), _numbers(new, new_units)
    pairs = _align(old_units, new_units, old_numbers, new_numbers, coder)
    changes: list[m.Change] = []
    for i, j in _in_reading_order(pairs, len(old_units), len(new_units)):
        if i is None:
            unit = new_units[j]
            changes.append(m.Change(m.ADDED, None, _ref(unit, new_numbers[j]), None,
                                    [(INSERT, exact_text(full_text(unit)))]))
        elif j is None:
            unit = old_units[i]
            changes.append(m.Change(m.REMOVED, _ref(unit, old_numbers[i]), None, None,
                                    [(DELETE, exact_text(full_text(unit)))]))
        else:
            changes.extend(_pair_changes(old_units[i], new_units[j], old_numbers[i], new_numbers[j], coder))
    return changes


def _units(node: Provision) -> list[Provision]:
    return [c for c in node.children if c.kind in ("paragraph", "point")]


def _numbers(owner: Provision, units: list[Provision]) -> list[str]:
    """Paragraph ordinal ("p3") or point key ("fraccion:IX"): what "the same number" means here.

    Paragraphs are counted as decrees count them: inside a fracción (or inciso, apartado) that
    has its own leading text, that text is the párrafo primero, so the first paragraph child is
    the párrafo segundo (its eId stays ``…__para_1``).
    """
    out = []
    paragraphs = 1 if owner.kind == "point" and own_text(owner).strip() else 0
    for unit in units:
        if unit.kind == "paragraph":
            paragraphs += 1
            out.append(f"p{paragraphs}")
        else:
            out.append(f"{unit.level or 'point'}:{unit.key or ''}")
    return out


def _label(unit: Provision, number: str) -> str:
    """How the decree names it: "párrafo tercero", "fracción IX", "inciso a)", "apartado B"."""
    if unit.kind == "paragraph":
        return f"párrafo {int_to_ordinal(int(number[1:]))}"
    key = unit.key or (unit.num or "").strip()
    suffix = ")" if unit.level in ("inciso", "subinciso") else ""
    return f"{unit.level_name} {key}{suffix}"


def _ref(unit: Provision, number: str) -> m.Ref:
    return m.Ref(unit.eid, _label(unit, number))


def _align(old_units: list[Provision], new_units: list[Provision], old_numbers: list[str],
           new_numbers: list[str], coder: WordCoder) -> list[tuple[int, int]]:
    scores = score_matrix([coder.encode_text(full_text(u)) for u in old_units],
                          [coder.encode_text(full_text(u)) for u in new_units]) / 100
    old_kinds = np.array([u.kind for u in old_units], dtype=object)
    new_kinds = np.array([u.kind for u in new_units], dtype=object)
    same_kind = np.equal.outer(old_kinds, new_kinds) if old_units and new_units else scores.astype(bool)
    same_number = np.equal.outer(np.array(old_numbers, dtype=object), np.array(new_numbers, dtype=object)) \
        if old_units and new_units else scores.astype(bool)
    old_placeholder = np.array([is_derogated(u) for u in old_units], dtype=bool)
    new_placeholder = np.array([is_derogated(u) for u in new_units], dtype=bool)
    is_paragraph = np.array([u.kind == "paragraph" for u in new_units], dtype=bool)

    weights = np.where(scores >= MIN_SIMILARITY, scores + SAME_NUMBER_BONUS * same_number,
                       np.where(same_number, REWRITE_GAIN, -np.inf))
    slot = same_number | is_paragraph[np.newaxis, :]  # where a placeholder may stand for an old provision
    placeholder_pair = np.logical_or.outer(old_placeholder, new_placeholder)
    both_placeholders = np.logical_and.outer(old_placeholder, new_placeholder)
    weights = np.where(placeholder_pair, np.where(slot, PLACEHOLDER_GAIN, -np.inf), weights)
    weights = np.where(both_placeholders & slot, 1.0 + SAME_NUMBER_BONUS * same_number, weights)
    weights = np.where(same_kind, weights, -np.inf)
    return monotone_alignment(weights, skip_new=np.where(new_placeholder, UNPAIRED_PLACEHOLDER_COST, 0.0))


def _in_reading_order(pairs: list[tuple[int, int]], n_old: int, n_new: int):
    """All pairs plus unpaired items, in the new text's order (removed ones where they stood)."""
    paired_old = {i: j for i, j in pairs}
    paired_new = {j for _, j in pairs}
    i = j = 0
    while i < n_old or j < n_new:
        if i < n_old and i not in paired_old:
            yield i, None
            i += 1
        elif j < n_new and j not in paired_new:
            yield None, j
            j += 1
        else:
            yield i, paired_old[i]
            i, j = i + 1, paired_old[i] + 1


def _pair_changes(old: Provision, new: Provision, old_number: str, new_number: str,
                  coder: WordCoder) -> list[m.Change]:
    old_ref, new_ref = _ref(old, old_number), _ref(new, new_number)
    old_placeholder, new_placeholder = is_derogated(old), is_derogated(new)
    if new_placeholder and not old_placeholder:
        words = word_diff(full_text(old), full_text(new))
        return [m.Change(m.DEROGATED, old_ref, new_ref, _similarity(old, new, coder), words)]
    own_changed = exact_text(own_text(old)) != exact_text(own_text(new)) and not (old_placeholder and new_placeholder)
    renumbered = old_number != new_number
    children = diff_children(old, new, coder) if (old.children or new.children) else []
    if not own_changed and not renumbered:
        return children
    kind: m.ChangeType = (m.RENUMBERED_AMENDED if own_changed else m.RENUMBERED) if renumbered else m.AMENDED
    words = word_diff(own_text(old), own_text(new)) if own_changed else []
    if own_changed and old.table is not None and new.table is not None:
        children = _row_changes(old, new, old_ref, new_ref) + children
    return [m.Change(kind, old_ref, new_ref, _similarity(old, new, coder), words, children)]


def _row_changes(old: Provision, new: Provision, old_ref: m.Ref, new_ref: m.Ref) -> list[m.Change]:
    """A table párrafo's changed rows, each with the word diff of its cells (see :mod:`.tables`)."""
    assert old.table is not None and new.table is not None
    found = row_changes(old.table, new.table)
    if found is None:
        return []
    old_rows, new_rows = body_rows(old.table), body_rows(new.table)
    out = []
    for row in found:
        before = " | ".join(old_rows[row.old - 1]) if row.old else ""
        after = " | ".join(new_rows[row.new - 1]) if row.new else ""
        out.append(m.Change(row.type, m.Ref(old_ref.eid, row_label(old.table, row.old)) if row.old else None,
                            m.Ref(new_ref.eid, row_label(new.table, row.new)) if row.new else None, None,
                            word_diff(before, after), rows=(row.old, row.new), cells=row.cells))
    return out


def _similarity(old: Provision, new: Provision, coder: WordCoder) -> float:
    return similarity(coder.encode_text(full_text(old)), coder.encode_text(full_text(new))) / 100
