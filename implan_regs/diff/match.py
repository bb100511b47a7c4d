"""Matching primitives shared by article and sub-provision alignment.

* :func:`score_matrix` — rapidfuzz ``process.cdist`` (vectorized, multi-threaded) of word-coded
  texts: a numpy matrix of similarities 0–100;
* :func:`candidate_scores` — the same matrix when it is small; for large ones (two 1,000-article
  versions where every article changed) only the candidate pairs are scored: for each article
  the ``TOP_K`` texts of the other side sharing most of its rarest words (an inverted index:
  linear in the number of articles), scored with rapidfuzz ``process.cpdist``; the other cells
  stay 0;
* :func:`greedy_pairs` — the best global one-to-one assignment over sparse candidates, best-first.
  We chose greedy over the Hungarian algorithm (scipy is not a dependency): on legal texts the
  true pairs score far above everything else (≥ 80 against a 99.9th percentile of 28 for
  unrelated articles), so best-first picks them without conflict; greedy is O(k log k) on the
  k candidate entries above the threshold, needs no dense square cost matrix, and its rare
  ties are broken by a same-number bonus and by relative position (see :mod:`.align`);
* :func:`monotone_alignment` — an order-preserving alignment (Needleman–Wunsch style dynamic
  programming) for the children of one provision, whose order never changes;
* :func:`longest_increasing_subsequence` — which pairs kept their relative order (the rest moved).

>>> import numpy as np
>>> greedy_pairs(np.array([0, 1]), np.array([0, 0]), np.array([90.0, 85.0]), minimum=50)
[(0, 0, 90.0)]
>>> longest_increasing_subsequence([0, 1, 5, 2, 3, 4])
[0, 1, 3, 4, 5]
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

#: Below this many cells, starting threads costs more than it saves.
PARALLEL_FROM = 20_000


def score_matrix(old_codes: Sequence[str], new_codes: Sequence[str], *, cutoff: int = 0) -> np.ndarray:
    """Similarity 0–100 of every old text to every new one (rows: old)."""
    if not old_codes or not new_codes:
        return np.zeros((len(old_codes), len(new_codes)), dtype=np.float32)
    workers = -1 if len(old_codes) * len(new_codes) >= PARALLEL_FROM else 1
    return process.cdist(old_codes, new_codes, scorer=fuzz.ratio, score_cutoff=cutoff or None,
                         dtype=np.float32, workers=workers)


#: Matrices up to this many cells are scored in full; larger ones on candidates only.
FULL_MATRIX_CELLS = 250_000
#: Candidates kept per article (per row and per column) for large matrices.
TOP_K = 8
#: Rarest words of each text used to find its candidates, and the largest posting list that votes.
RARE_WORDS = 12
MAX_POSTING = 64


def candidate_triplets(old_codes: Sequence[str], new_codes: Sequence[str], *,
                       full_matrix_cells: int = FULL_MATRIX_CELLS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scored candidate pairs as parallel arrays (row, column, score > 0): every pair of small
    inputs, the :func:`candidate_pairs` of large ones; memory grows with the candidates only.

    >>> [a.tolist() for a in candidate_triplets(["ab", "cd"], ["cd", "ab"], full_matrix_cells=0)]
    [[0, 1], [1, 0], [100.0, 100.0]]
    """
    n, m = len(old_codes), len(new_codes)
    if not n or not m:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    if n * m <= full_matrix_cells:
        matrix = score_matrix(old_codes, new_codes)
        rows, cols = np.nonzero(matrix)
        return rows, cols, matrix[rows, cols]
    rows, cols = candidate_pairs(old_codes, new_codes)
    values = process.cpdist([old_codes[r] for r in rows.tolist()], [new_codes[c] for c in cols.tolist()],
                            scorer=fuzz.ratio, dtype=np.float32, workers=-1)
    return rows, cols, values


def candidate_scores(old_codes: Sequence[str], new_codes: Sequence[str], *, scorer=fuzz.ratio,
                     full_matrix_cells: int = FULL_MATRIX_CELLS, one_way: bool = False) -> np.ndarray:
    """Like :func:`score_matrix` (any rapidfuzz scorer), scoring only likely pairs when large.

    ``one_way``: only each row's candidates are needed (not each column's best rows too).

    >>> candidate_scores(["ab", "cd"], ["cd", "ab"], full_matrix_cells=0).tolist()
    [[0.0, 100.0], [100.0, 0.0]]
    """
    n, m = len(old_codes), len(new_codes)
    if n * m <= full_matrix_cells:
        if not n or not m:
            return np.zeros((n, m), dtype=np.float32)
        workers = -1 if n * m >= PARALLEL_FROM else 1
        return process.cdist(old_codes, new_codes, scorer=scorer, dtype=np.float32, workers=workers)
    rows, cols = candidate_pairs(old_codes, new_codes, one_way=one_way)
    values = process.cpdist([old_codes[r] for r in rows.tolist()], [new_codes[c] for c in cols.tolist()],
                            scorer=scorer, dtype=np.float32, workers=-1)
    scores = np.zeros((n, m), dtype=np.float32)
    scores[rows, cols] = values
    return scores


def candidate_pairs(old_codes: Sequence[str], new_codes: Sequence[str], *,
                    one_way: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of likely pairs: for every text, the ``TOP_K`` texts of the other side that
    share most of its rarest words (an inverted index, so the cost grows with the number of texts,
    not with their product). Words found in more than ``MAX_POSTING`` texts do not vote.

    >>> rows, cols = candidate_pairs(["abc", "xyz"], ["xyq", "abd"])
    >>> sorted(zip(rows.tolist(), cols.tolist()))
    [(0, 1), (1, 0)]
    """
    old_sets = [set(code) for code in old_codes]
    new_sets = [set(code) for code in new_codes]
    frequency: Counter[str] = Counter()
    for words in old_sets + new_sets:
        frequency.update(words)
    pairs = _voted_pairs(old_sets, _postings(new_sets), frequency)
    if not one_way:
        pairs |= {(i, j) for j, i in _voted_pairs(new_sets, _postings(old_sets), frequency)}
    unique = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return unique[:, 0], unique[:, 1]


def _postings(texts: list[set[str]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for position, words in enumerate(texts):
        for word in words:
            index[word].append(position)
    return index


def _voted_pairs(texts: list[set[str]], postings: dict[str, list[int]], frequency: Counter) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for position, words in enumerate(texts):
        rarest = heapq.nsmallest(RARE_WORDS, words, key=lambda w: (frequency[w], w))
        votes: Counter[int] = Counter()
        for word in rarest:
            hits = postings.get(word, ())
            if len(hits) <= MAX_POSTING:
                votes.update(hits)
        pairs.update((position, other) for other, _ in votes.most_common(TOP_K))
    return pairs


def similarity(old_code: str, new_code: str) -> float:
    """Similarity 0–100 of two word-coded texts (the scorer of :func:`score_matrix`)."""
    return float(fuzz.ratio(old_code, new_code))


def greedy_pairs(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, *,
                 minimum: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (row, column, value), best value first, every value ≥ ``minimum``;
    candidates are parallel arrays of row, column and value."""
    keep = values >= minimum
    rows, cols, values = rows[keep], cols[keep], values[keep]
    if rows.size == 0:
        return []
    order = np.lexsort((cols, rows, -values))  # best first; ties in row-major order, as the dense scan
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    pairs = []
    for k in order.tolist():
        r, c = int(rows[k]), int(cols[k])
        if r in used_rows or c in used_cols:
            continue
        used_rows.add(r)
        used_cols.add(c)
        pairs.append((r, c, float(values[k])))
    return pairs


def monotone_alignment(weights: np.ndarray, *, skip_old: Sequence[float] | np.ndarray | None = None,
                       skip_new: Sequence[float] | np.ndarray | None = None) -> list[tuple[int, int]]:
    """The order-preserving pairs maximizing the total weight.

    ``weights[i, j]`` is the gain of pairing old ``i`` with new ``j`` (``-inf`` forbids it);
    ``skip_old[i]`` / ``skip_new[j]`` the cost of leaving one unpaired (default 0).

    >>> import numpy as np
    >>> w = np.array([[1.0, -np.inf, -np.inf], [-np.inf, -np.inf, 1.0]])
    >>> monotone_alignment(w)
    [(0, 0), (1, 2)]
    """
    n, m = weights.shape
    skip_o = np.zeros(n) if skip_old is None else np.asarray(skip_old, dtype=float)
    skip_n = np.zeros(m) if skip_new is None else np.asarray(skip_new, dtype=float)
    best = np.zeros((n + 1, m + 1))
    best[1:, 0] = -np.cumsum(skip_o)
    best[0, 1:] = -np.cumsum(skip_n)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 pair, 1 skip old, 2 skip new
    move[1:, 0] = 1
    move[0, 1:] = 2
    w = weights.tolist()
    b = best.tolist()
    for i in range(1, n + 1):
        row, prev, wi, so = b[i], b[i - 1], w[i - 1], skip_o[i - 1]
        for j in range(1, m + 1):
            options = (prev[j - 1] + wi[j - 1], prev[j] - so, row[j - 1] - skip_n[j - 1])
            choice = max(range(3), key=options.__getitem__)
            row[j] = options[choice]
            move[i, j] = choice
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        step = move[i, j]
        if step == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def common_ends(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """How many items are equal at the start and (without overlapping) at the end of both lists.

    >>> common_ends(["a", "b", "c", "d"], ["a", "x", "c", "d"])
    (1, 2)
    """
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return start, end


def longest_increasing_subsequence(values: Sequence[int]) -> list[int]:
    """Indices (into ``values``) of one longest strictly increasing subsequence, O(n log n)."""
    tails: list[int] = []  # tails[k] = index of the smallest tail of an increasing run of length k+1
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        if k:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(i)
        i = previous[i]
    return out[::-1]
