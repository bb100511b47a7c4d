"""Article alignment of two expressions, robust to renumbering, reordering, splits and merges.

The algorithm, in the order it runs (scores are word similarities 0–100, see :mod:`.text`):

1. **Identical text.** Articles whose exact words occur once on each side (or as many times
   on each side) are paired whatever their numbers. This also restricts the candidates of the
   next steps: in a full renumbering with 50 amended articles, only those 50 are left to score.
2. **Same number, agreeing text.** The remaining articles are scored against each other with
   rapidfuzz ``process.cdist`` (one numpy matrix; above 250,000 cells only each article's 8
   nearest candidates by hashed bag-of-words cosine are scored, see
   :func:`.match.candidate_scores`). A pair with the same number is accepted when its score is
   ≥ ``key_agree`` (80) and no other candidate of either article scores higher.
3. **Best global assignment by text.** Greedy best-first over the matrix (see
   :func:`.match.greedy_pairs` for why not Hungarian), on scores adjusted by +5 for the same
   number and by up to −2 for being at opposite relative positions (tie-breakers only); a pair
   needs an adjusted score ≥ ``match`` (50). Unrelated articles of one regulation score 3 in
   the median and 28 at the 99.9th percentile, so 50 leaves a wide margin both ways.
4. **Replacement test** (:func:`is_replacement`). When fewer than 30 % of the comparable
   articles found a partner scoring ≥ ``high`` (70) *and* the median best score of the old
   articles is below 50, the new text is another regulation (one that abrogates the old one):
   only the pairs ≥ ``high`` are kept and steps 5–6 are skipped, so no correspondences are
   invented. (The 1991 → current Torreón cleaning regulations: 0 of 33 matched, median 10.
   A restructure with 50 amendments: > 90 % matched, median 100.)
5. **Splits and merges.** An unpaired new article contained in an old one (rapidfuzz
   ``partial_ratio`` ≥ ``split_part``, 80) is a split candidate; it is accepted when the old
   article compared with the concatenation of its parts (in new order) scores ≥ ``split_whole``
   (70) and better than with its single partner by ``split_gain`` (5). Merges are the mirror.
6. **Position.** What is left between two paired neighbours (in old order; on the new side,
   the unpaired articles right after the first neighbour's partner and right before the
   second's) is aligned in order: a pair needs a score ≥ ``gap`` (20), except that a
   "Se deroga" placeholder pairs with the article whose slot it holds (an article derogated
   in place keeps its slot, not its words), and an article rewritten from scratch pairs with
   the old one of the same number in the same gap (a reform that replaces every word).
7. **Classification.** Pairs that keep their relative order (a longest increasing subsequence
   of new positions in old order) are ``unchanged``/``amended`` (same number) or ``renumbered``;
   the others ``moved``; ``+amended`` when the words changed; ``derogated`` when the new one is a
   placeholder; unpaired articles are ``removed`` or ``added``.

Transitorios blocks are aligned separately, in order (a decree's block never moves): blocks only
in the new text are ``added``.

>>> from implan_regs.model.tree import Document, DocumentMeta, Provision
>>> def art(key, text):
...     return Provision("article", num=f"Artículo {key}.-", key=key, eid=f"art_{key}",
...                      children=[Provision("paragraph", text=text)])
>>> meta = DocumentMeta(work="x", kind="reglamento", title="X")
>>> old = Document(meta, body=[art("1", "Objeto y ámbito de aplicación del reglamento municipal"),
...                            art("2", "Autoridades competentes para aplicar las sanciones previstas")])
>>> new = Document(meta, body=[art("1", "Glosario de términos empleados en las disposiciones"),
...                            art("2", "Objeto y ámbito de aplicación del reglamento municipal"),
...                            art("3", "Autoridades competentes para aplicar las multas previstas")])
>>> align_articles(old, new).correspondence()
[(None, '1', 'added'), ('1', '2', 'renumbered'), ('2', '3', 'renumbered+amended')]
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..model.tree import Document, Provision
from . import model as m
from .match import (
    candidate_scores,
    candidate_triplets,
    common_ends,
    greedy_pairs,
    longest_increasing_subsequence,
    monotone_alignment,
    score_matrix,
    similarity,
)
from .text import WordCoder, exact_text, full_text, is_derogation_text


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the alignment, on word similarity 0–100 (documented in the module)."""

    key_agree: float = 80
    match: float = 50
    number_bonus: float = 5
    position_penalty: float = 2
    gap: float = 20
    high: float = 70
    replacement_share: float = 0.30
    replacement_median: float = 50
    split_part: float = 80
    split_whole: float = 70
    split_gain: float = 5
    min_part_words: int = 3


THRESHOLDS = Thresholds()
#: Gain of pairing an article with a "Se deroga" placeholder standing in its slot (step 6).
PLACEHOLDER_GAIN = 0.3
#: partial_ratio is far costlier than ratio: beyond this many cells, containment is scored on
#: candidate pairs only (each loose article against the wholes sharing its rarest words).
PARTIAL_MATRIX_CELLS = 20_000
#: Gain of pairing a wholly rewritten article with the old one of the same number in the same gap.
REWRITE_GAIN = 0.2
#: Gaps larger than this (old × new articles) are left alone: nothing there agrees by position.
MAX_GAP_CELLS = 40_000


@dataclass
class _Side:
    """One document's articles and their text views, by index."""

    articles: list[Provision]
    codes: list[str]
    exact: list[str]
    derogated: list[bool]
    keys: list[str]

    @classmethod
    def of(cls, articles: list[Provision], coder: WordCoder) -> _Side:
        texts = [full_text(a) for a in articles]
        return cls(articles, [coder.encode_text(t) for t in texts], [exact_text(t) for t in texts],
                   [a.derogated or is_derogation_text(t) for a, t in zip(articles, texts, strict=True)],
                   [a.key or "" for a in articles])

    def __len__(self) -> int:
        return len(self.articles)

    def live(self) -> list[int]:
        """Indices of the articles that are not derogated placeholders."""
        return [i for i, d in enumerate(self.derogated) if not d]


@dataclass
class _Candidates:
    """Scored candidate pairs among the unpaired articles, as parallel arrays (sparse: memory
    grows with the candidates, not with old × new)."""

    rows: list[int]  # aligner index of each unpaired old article
    cols: list[int]  # aligner index of each unpaired new article
    r: np.ndarray  # position in ``rows`` of each candidate
    c: np.ndarray  # position in ``cols``
    score: np.ndarray  # word similarity 0–100
    same: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # same article number

    def best_per_row(self) -> np.ndarray:
        best = np.zeros(len(self.rows), dtype=np.float32)
        np.maximum.at(best, self.r, self.score)
        return best


class _Aligner:
    """The state of one alignment: links found so far, step by step."""

    def __init__(self, old: _Side, new: _Side, thresholds: Thresholds) -> None:
        self.old, self.new, self.t = old, new, thresholds
        self.links: dict[int, tuple[int, float, str]] = {}  # old index -> (new index, score, method)
        self.linked_new: set[int] = set()
        self.splits: dict[int, tuple[list[int], float]] = {}  # old -> (new parts, score)
        self.merges: dict[int, tuple[list[int], float]] = {}  # new -> (old parts, score)
        self.placed_old: set[int] = set()  # old articles in a split or merge group

    # ------------------------------------------------------------------ bookkeeping
    def link(self, i: int, j: int, score: float, method: str) -> None:
        self.links[i] = (j, score, method)
        self.linked_new.add(j)

    def unlinked_old(self) -> list[int]:
        """Old articles with no partner yet, placeholders excluded (their words identify nothing)."""
        return [i for i in range(len(self.old))
                if i not in self.links and i not in self.placed_old and not self.old.derogated[i]]

    def unlinked_new(self) -> list[int]:
        """New articles with no partner yet, placeholders excluded."""
        return [j for j in range(len(self.new)) if j not in self.linked_new and not self.new.derogated[j]]

    # ------------------------------------------------------------------ step 1
    def pair_identical(self) -> None:
        by_text: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i in self.old.live():
            by_text[self.old.exact[i]][0].append(i)
        for j in self.new.live():
            by_text[self.new.exact[j]][1].append(j)
        twins = []
        for text, (olds, news) in by_text.items():
            if text and len(olds) == len(news) == 1:
                self.link(olds[0], news[0], 100.0, "text")
            elif text and len(olds) == len(news):
                twins.append((olds, news))
        anchors = sorted(self.links.items())  # the unique texts anchor where each twin now stands
        old_positions = [i for i, _ in anchors]
        for olds, news in twins:
            self._pair_twins(olds, news, anchors, old_positions)

    def _pair_twins(self, olds: list[int], news: list[int], anchors: list, old_positions: list[int]) -> None:
        """Identical texts (twins) pair by where their nearest paired neighbour went, not by order:
        when a block of chapters moved, the first twin in the old text may now be the last."""
        choices: list[tuple[int, int, int]] = []
        for i in olds:
            k = bisect.bisect_left(old_positions, i) - 1
            expected = anchors[k][1][0] + (i - anchors[k][0]) if k >= 0 else i
            choices.extend((abs(expected - j), i, j) for j in news)
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        for _, i, j in sorted(choices):
            if i not in taken_old and j not in taken_new:
                taken_old.add(i)
                taken_new.add(j)
                self.link(i, j, 100.0, "text")

    # ------------------------------------------------------------------ steps 2-3
    def candidates(self) -> _Candidates:
        rows, cols = self.unlinked_old(), self.unlinked_new()
        r, c, score = candidate_triplets([self.old.codes[i] for i in rows], [self.new.codes[j] for j in cols])
        cand = _Candidates(rows, cols, r, c, score)
        self._add_same_numbers(cand)
        keys: dict[str, int] = {}
        old_ids = np.array([keys.setdefault(self.old.keys[i], len(keys)) for i in rows], dtype=np.int64)
        new_ids = np.array([keys.setdefault(self.new.keys[j], len(keys)) for j in cols], dtype=np.int64)
        cand.same = old_ids[cand.r] == new_ids[cand.c] if cand.r.size else np.zeros(0, dtype=bool)
        return cand

    def _add_same_numbers(self, cand: _Candidates) -> None:
        """Large inputs are scored on candidates only: make sure same-number pairs are scored."""
        known = set(zip(cand.r.tolist(), cand.c.tolist(), strict=True))
        column_of = {self.new.keys[j]: c for c, j in enumerate(cand.cols)}
        extra = [(r, column_of[self.old.keys[i]]) for r, i in enumerate(cand.rows)
                 if self.old.keys[i] in column_of and (r, column_of[self.old.keys[i]]) not in known]
        if extra:
            values = [similarity(self.old.codes[cand.rows[r]], self.new.codes[cand.cols[c]]) for r, c in extra]
            cand.r = np.concatenate([cand.r, np.array([r for r, _ in extra], dtype=np.int64)])
            cand.c = np.concatenate([cand.c, np.array([c for _, c in extra], dtype=np.int64)])
            cand.score = np.concatenate([cand.score, np.array(values, dtype=np.float32)])

    def pair_by_number(self, cand: _Candidates) -> None:
        if cand.r.size == 0:
            return
        row_best = cand.best_per_row()
        col_best = np.zeros(len(cand.cols), dtype=np.float32)
        np.maximum.at(col_best, cand.c, cand.score)
        agree = cand.same & (cand.score >= self.t.key_agree) & (cand.score >= row_best[cand.r]) \
            & (cand.score >= col_best[cand.c])
        for k in np.nonzero(agree)[0].tolist():
            i, j = cand.rows[int(cand.r[k])], cand.cols[int(cand.c[k])]
            if i not in self.links and j not in self.linked_new:
                self.link(i, j, float(cand.score[k]), "number")

    def pair_by_text(self, cand: _Candidates) -> None:
        if cand.r.size == 0:
            return
        old_pos = np.array(cand.rows, dtype=np.float32) / max(len(self.old) - 1, 1)
        new_pos = np.array(cand.cols, dtype=np.float32) / max(len(self.new) - 1, 1)
        adjusted = cand.score + self.t.number_bonus * cand.same \
            - self.t.position_penalty * np.abs(old_pos[cand.r] - new_pos[cand.c])
        free = np.array([i not in self.links for i in cand.rows], dtype=bool)[cand.r] \
            & np.array([j not in self.linked_new for j in cand.cols], dtype=bool)[cand.c]
        score_of = dict(zip(zip(cand.r[free].tolist(), cand.c[free].tolist(), strict=True),
                            cand.score[free].tolist(), strict=True))
        for r, c, _ in greedy_pairs(cand.r[free], cand.c[free], adjusted[free], minimum=self.t.match):
            self.link(cand.rows[r], cand.cols[c], score_of[(r, c)], "text")

    # ------------------------------------------------------------------ step 4
    def evidence(self, cand: _Candidates) -> m.ReplacementEvidence:
        live_old, live_new = self.old.live(), self.new.live()
        comparable = min(len(live_old), len(live_new))
        high = sum(1 for _, score, _ in self.links.values() if score >= self.t.high)
        best = {i: 100.0 for i, (_, score, method) in self.links.items() if method == "text" and score == 100.0}
        for r, value in enumerate(cand.best_per_row().tolist()):
            best.setdefault(cand.rows[r], value)
        values = [best.get(i, 0.0) for i in live_old]
        median = float(np.median(values)) / 100 if values else 0.0
        return m.ReplacementEvidence(comparable, high, high / comparable if comparable else 0.0, median)

    def keep_only_high(self) -> None:
        for i, (j, score, _) in list(self.links.items()):
            if score < self.t.high:
                del self.links[i]
                self.linked_new.discard(j)

    # ------------------------------------------------------------------ step 6
    def in_order_links(self) -> list[tuple[int, int]]:
        ordered = sorted((i, j) for i, (j, _, _) in self.links.items())
        keep = longest_increasing_subsequence([j for _, j in ordered])
        return [ordered[k] for k in keep]

    def pair_by_position(self) -> None:
        """Pair what is left between aligned neighbours (see step 6 of the module doc)."""
        anchors = sorted((i, j) for i, (j, _, _) in self.links.items())
        anchors = [(-1, -1)] + anchors + [(len(self.old), len(self.new))]
        for (i1, j1), (i2, j2) in zip(anchors, anchors[1:], strict=False):
            gap_old = [i for i in range(i1 + 1, i2) if i not in self.placed_old]
            gap_new = self._window(j1, j2)
            if gap_old and gap_new and len(gap_old) * len(gap_new) <= MAX_GAP_CELLS:
                self._pair_gap(gap_old, gap_new)

    def _window(self, after: int, before: int) -> list[int]:
        """Unpaired new articles right after new index ``after`` and right before ``before``."""
        found: set[int] = set()
        for start, step in ((after + 1, 1), (before - 1, -1)):
            j = start
            while 0 <= j < len(self.new) and j not in self.linked_new:
                found.add(j)
                j += step
        return sorted(found)

    def _pair_gap(self, gap_old: list[int], gap_new: list[int]) -> None:
        weights = np.full((len(gap_old), len(gap_new)), -np.inf)
        scores = np.zeros_like(weights)
        for r, i in enumerate(gap_old):
            for c, j in enumerate(gap_new):
                scores[r, c] = similarity(self.old.codes[i], self.new.codes[j])
                weights[r, c] = self._gap_weight(i, j, scores[r, c])
        for r, c in monotone_alignment(weights):
            self.link(gap_old[r], gap_new[c], float(scores[r, c]), "position")

    def _gap_weight(self, i: int, j: int, score: float) -> float:
        """Gain of pairing two neighbours-agreeing articles (−inf: not allowed)."""
        same_number = self.old.keys[i] == self.new.keys[j]
        old_placeholder, new_placeholder = self.old.derogated[i], self.new.derogated[j]
        if old_placeholder and new_placeholder:
            return 1.0
        if new_placeholder:  # derogated in place: the slot, not the words, says which one
            return PLACEHOLDER_GAIN
        if old_placeholder:  # a derogated number given new text again
            return PLACEHOLDER_GAIN if same_number else -np.inf
        if score >= self.t.gap:
            return score / 100 + (0.05 if same_number else 0.0)
        if same_number:  # rewritten from scratch, same number, same place: still a reform of it
            return REWRITE_GAIN
        return -np.inf

    # ------------------------------------------------------------------ step 5
    def find_splits(self) -> None:
        self._find_parts(self.old, self.new, self.unlinked_new(), self.splits, reverse=False)

    def find_merges(self) -> None:
        self._find_parts(self.new, self.old, self.unlinked_old(), self.merges, reverse=True)

    def _partners(self, reverse: bool) -> dict[int, tuple[int, float]]:
        """Current partner (and score) of each whole: old→new links, or new→old for merges."""
        if not reverse:
            return {i: (j, score) for i, (j, score, _) in self.links.items()}
        return {j: (i, score) for i, (j, score, _) in self.links.items()}

    def _find_parts(self, wholes: _Side, parts: _Side, loose: list[int],
                    found: dict[int, tuple[list[int], float]], *, reverse: bool) -> None:
        """Attach loose articles of ``parts`` to the article of ``wholes`` that contains them."""
        loose = [p for p in loose if len(parts.codes[p]) >= self.t.min_part_words]
        whole_ids = wholes.live()
        if not loose or not whole_ids:
            return
        containment = candidate_scores([parts.codes[p] for p in loose], [wholes.codes[w] for w in whole_ids],
                                       scorer=fuzz.partial_ratio, one_way=True,
                                       full_matrix_cells=PARTIAL_MATRIX_CELLS)
        partners = self._partners(reverse)
        groups: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for k, p in enumerate(loose):
            best = int(np.argmax(containment[k]))
            w = whole_ids[best]
            if containment[k, best] >= self.t.split_part and len(parts.codes[p]) <= len(wholes.codes[w]):
                groups[w].append((float(containment[k, best]), p))
        for w, candidates in groups.items():
            partner = partners.get(w)
            members = [partner[0]] if partner else []
            base = partner[1] if partner else 0.0
            for _, p in sorted(candidates, reverse=True):
                trial = sorted(members + [p])
                score = similarity(wholes.codes[w], "".join(parts.codes[x] for x in trial))
                if score >= base + self.t.split_gain:
                    members, base = trial, score
            if len(members) >= 2 and base >= self.t.split_whole:
                found[w] = (members, base)
                self._absorb(w, members, reverse)

    def _absorb(self, whole: int, members: list[int], reverse: bool) -> None:
        """Replace the plain links of a split (old whole) or merge (new whole) by the group."""
        if reverse:  # merge: old members -> new whole
            for i in members:
                if i in self.links:
                    self.linked_new.discard(self.links.pop(i)[0])
                self.placed_old.add(i)
            self.linked_new.add(whole)
        else:  # split: old whole -> new members
            self.links.pop(whole, None)
            self.placed_old.add(whole)
            self.linked_new.update(members)

    # ------------------------------------------------------------------ step 7
    def classify(self) -> list[m.ArticlePair]:
        in_order = set(self.in_order_links())
        rows: list[tuple[tuple, m.ArticlePair]] = []
        old_arts, new_arts = self.old.articles, self.new.articles
        for i, (j, score, method) in self.links.items():
            kind = self.pair_type(i, j, (i, j) in in_order)
            rows.append(((j, 0, i), m.ArticlePair(old_arts[i], new_arts[j], kind, score / 100, method)))
        for i, (parts, score) in self.splits.items():
            for j in parts:
                rows.append(((j, 0, i), m.ArticlePair(old_arts[i], new_arts[j], m.SPLIT, score / 100, "split")))
        for j, (parts, score) in self.merges.items():
            for i in parts:
                rows.append(((j, 0, i), m.ArticlePair(old_arts[i], new_arts[j], m.MERGED, score / 100, "merge")))
        for j in range(len(self.new)):
            if j not in self.linked_new:
                rows.append(((j, 0, -1), m.ArticlePair(None, new_arts[j], m.ADDED)))
        previous_new = -1
        for i in range(len(self.old)):
            if i in self.links:
                previous_new = self.links[i][0]
            elif i not in self.placed_old:
                rows.append(((previous_new, 1, i), m.ArticlePair(old_arts[i], None, m.REMOVED)))
        rows.sort(key=lambda row: row[0])
        return [pair for _, pair in rows]

    def pair_type(self, i: int, j: int, in_order: bool) -> m.ChangeType:
        old_derogated, new_derogated = self.old.derogated[i], self.new.derogated[j]
        if new_derogated and not old_derogated:
            return m.DEROGATED
        changed = self.old.exact[i] != self.new.exact[j] and not (old_derogated and new_derogated)
        if self.old.keys[i] == self.new.keys[j]:
            return m.AMENDED if changed else m.UNCHANGED
        if in_order:
            return m.RENUMBERED_AMENDED if changed else m.RENUMBERED
        return m.MOVED_AMENDED if changed else m.MOVED


def is_replacement(evidence: m.ReplacementEvidence, thresholds: Thresholds = THRESHOLDS) -> bool:
    """The decision rule of step 4: few articles clearly matched and most have no good partner."""
    if evidence.comparable < 3:
        return False
    return (evidence.share_high < thresholds.replacement_share
            and evidence.median_best * 100 < thresholds.replacement_median)


def align_articles(old: Document, new: Document, *, thresholds: Thresholds = THRESHOLDS) -> m.Alignment:
    """Pair the body articles (and transitorios blocks) of two expressions; see the module doc."""
    coder = WordCoder()
    aligner = _Aligner(_Side.of(old.articles(), coder), _Side.of(new.articles(), coder), thresholds)
    aligner.pair_identical()
    candidates = aligner.candidates()
    aligner.pair_by_number(candidates)
    aligner.pair_by_text(candidates)
    evidence = aligner.evidence(candidates)
    replacement = is_replacement(evidence, thresholds)
    if replacement:
        aligner.keep_only_high()
    else:
        aligner.find_splits()
        aligner.find_merges()
        aligner.pair_by_position()
    return m.Alignment(aligner.classify(), align_transitorios(old, new, coder), replacement, evidence)


def align_transitorios(old: Document, new: Document, coder: WordCoder | None = None) -> list[m.ArticlePair]:
    """Pair the transitorios blocks in order; blocks only in ``new`` are ``added``.

    Identical blocks at both ends are paired directly (a decree appends its block to hundreds
    of unchanged ones); the middle is aligned in order on word similarity (≥ ``high``).
    """
    coder = coder or WordCoder()
    old_blocks, new_blocks = old.transitorios(), new.transitorios()
    old_text = [_block_text(b) for b in old_blocks]
    new_text = [_block_text(b) for b in new_blocks]
    start, end = common_ends(old_text, new_text)
    links = {k: (k, 100.0) for k in range(start)}
    links.update({len(old_text) - 1 - k: (len(new_text) - 1 - k, 100.0) for k in range(end)})
    middle_old = range(start, len(old_text) - end)
    middle_new = range(start, len(new_text) - end)
    scores = score_matrix([coder.encode_text(old_text[i]) for i in middle_old],
                          [coder.encode_text(new_text[j]) for j in middle_new])
    weights = np.where(scores >= THRESHOLDS.high, scores / 100, -np.inf)
    for r, c in monotone_alignment(weights):
        links[middle_old[r]] = (middle_new[c], float(scores[r, c]))
    by_new = {j: (i, score) for i, (j, score) in links.items()}
    out: list[m.ArticlePair] = []
    for j, block in enumerate(new_blocks):
        if j in by_new:
            i, score = by_new[j]
            kind: m.ChangeType = m.UNCHANGED if old_text[i] == new_text[j] else m.AMENDED
            out.append(m.ArticlePair(old_blocks[i], block, kind, score / 100, "position"))
        else:
            out.append(m.ArticlePair(None, block, m.ADDED))
    out.extend(m.ArticlePair(b, None, m.REMOVED) for i, b in enumerate(old_blocks) if i not in links)
    return out


def _block_text(block: Provision) -> str:
    return exact_text("\n".join(filter(None, [block.heading, block.subheading, block.plain_text()])))
