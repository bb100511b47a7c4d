"""Matching primitives shared by article and sub-provision alignment.

* :func:`score_matrix` — rapidfuzz ``process.cdist`` (vectorized, multi-threaded) of word-coded
  texts: a numpy matrix of similarities 0–100;
* :func:`candidate_scores` — the same matrix when it is small; for large ones (two 1,000-article
  versions where every article changed) only the candidate pairs are scored: for each article
  the ``TOP_K`` nearest of the other side by cosine of hashed bag-of-words vectors (one numpy
  matrix product), scored with rapidfuzz ``process.cpdist``; the other cells stay 0;
* :func:`greedy_assignment` — the best global one-to-one assignment, best-first.
  We chose greedy over the Hungarian algorithm (scipy is not a dependency): on legal texts the
  true pairs score far above everything else (≥ 80 against a 99.9th percentile of 28 for
  unrelated articles), so best-first picks them without conflict; greedy is O(k log k) on the
  k candidate entries above the threshold, needs no dense square cost matrix, and its rare
  ties are broken by a same-number bonus and by relative position (see :mod:`.align`);
* :func:`monotone_alignment` — an order-preserving alignment (Needleman–Wunsch style dynamic
  programming) for the children of one provision, whose order never changes;
* :func:`longest_increasing_subsequence` — which pairs kept their relative order (the rest moved).

>>> import numpy as np
>>> greedy_assignment(np.array([[90.0, 60.0], [85.0, 20.0]]), minimum=50)
[(0, 0, 90.0)]
>>> longest_increasing_subsequence([0, 1, 5, 2, 3, 4])
[0, 1, 3, 4, 5]
"""

from __future__ import annotations

import bisect
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
#: Buckets of the hashed bag-of-words vectors used to choose candidates.
SIGNATURE_DIMENSIONS = 512


def candidate_scores(old_codes: Sequence[str], new_codes: Sequence[str], *, scorer=fuzz.ratio,
                     full_matrix_cells: int = FULL_MATRIX_CELLS) -> np.ndarray:
    """Like :func:`score_matrix` (any rapidfuzz scorer), scoring only likely pairs when large.

    >>> candidate_scores(["ab", "cd"], ["cd", "ab"], full_matrix_cells=0).tolist()
    [[0.0, 100.0], [100.0, 0.0]]
    """
    n, m = len(old_codes), len(new_codes)
    if n * m <= full_matrix_cells:
        if not n or not m:
            return np.zeros((n, m), dtype=np.float32)
        workers = -1 if n * m >= PARALLEL_FROM else 1
        return process.cdist(old_codes, new_codes, scorer=scorer, dtype=np.float32, workers=workers)
    rows, cols = _nearest_pairs(_signatures(old_codes), _signatures(new_codes))
    values = process.cpdist([old_codes[r] for r in rows.tolist()], [new_codes[c] for c in cols.tolist()],
                            scorer=scorer, dtype=np.float32, workers=-1)
    scores = np.zeros((n, m), dtype=np.float32)
    scores[rows, cols] = values
    return scores


def _signatures(codes: Sequence[str]) -> np.ndarray:
    """L2-normalized, IDF-weighted hashed bag-of-words vectors, one row per text."""
    counts = np.zeros((len(codes), SIGNATURE_DIMENSIONS), dtype=np.float32)
    for row, code in enumerate(codes):
        words = np.frombuffer(code.encode("utf-32-le"), dtype=np.uint32) % SIGNATURE_DIMENSIONS
        counts[row] = np.bincount(words, minlength=SIGNATURE_DIMENSIONS)
    document_frequency = np.count_nonzero(counts, axis=0) + 1
    weighted = np.log1p(counts) * np.log((len(codes) + 1) / document_frequency)
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return weighted / np.where(norms == 0, 1, norms)


def _nearest_pairs(old: np.ndarray, new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the TOP_K most cosine-similar pairs of each row and of each column."""
    cosine = old @ new.T
    k_rows, k_cols = min(TOP_K, cosine.shape[1]), min(TOP_K, cosine.shape[0])
    best_cols = np.argpartition(-cosine, k_rows - 1, axis=1)[:, :k_rows]
    best_rows = np.argpartition(-cosine, k_cols - 1, axis=0)[:k_cols, :]
    rows = np.concatenate([np.repeat(np.arange(cosine.shape[0]), k_rows), best_rows.ravel()])
    cols = np.concatenate([best_cols.ravel(), np.tile(np.arange(cosine.shape[1]), k_cols)])
    unique = np.unique(rows.astype(np.int64) * cosine.shape[1] + cols)
    return unique // cosine.shape[1], unique % cosine.shape[1]


def similarity(old_code: str, new_code: str) -> float:
    """Similarity 0–100 of two word-coded texts (the scorer of :func:`score_matrix`)."""
    return float(fuzz.ratio(old_code, new_code))


def greedy_assignment(scores: np.ndarray, *, minimum: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (row, column, score), best score first, every score ≥ ``minimum``."""
    rows, cols = np.nonzero(scores >= minimum)
    if rows.size == 0:
        return []
    values = scores[rows, cols]
    order = np.argsort(-values, kind="stable")
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


def monotone_alignment(weights: np.ndarray, *, skip_old: Sequence[float] | None = None,
                       skip_new: Sequence[float] | None = None) -> list[tuple[int, int]]:
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
