"""Classification metrics: confusion matrix, accuracy, precision/recall/F1, ROC AUC.

Written to show the definitions an interviewer checks, including the mistakes that
circulate (precision with recall's denominator, F1 as an arithmetic mean, accuracy on
imbalanced data).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["accuracy", "confusion_matrix", "precision_recall_f1", "roc_auc"]


def _as_labels(
    y_true: ArrayLike, y_other: ArrayLike, other_name: str = "y_pred"
) -> tuple[NDArray, NDArray]:
    """Return two 1-D arrays of equal length or raise a ``ValueError`` naming the culprit."""
    a, b = np.asarray(y_true), np.asarray(y_other)
    for name, arr in (("y_true", a), (other_name, b)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must have shape (n,), got {arr.shape}")
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite (found NaN or inf)")
    if len(a) != len(b):
        raise ValueError(
            f"y_true and {other_name} must have the same length, got {len(a)} and {len(b)}"
        )
    return a, b


def _as_binary(arr: NDArray, name: str) -> NDArray[np.bool_]:
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{name} must contain only 0/1 (or bool) labels")
    return arr.astype(bool)


# --8<-- [start:confusion_matrix]
def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, num_classes: int) -> NDArray[np.int64]:
    """``(num_classes, num_classes)`` counts; row = true class, column = predicted class.

    >>> y_true = [0, 0, 1, 1, 2, 2, 2]
    >>> y_pred = [0, 1, 1, 1, 2, 0, 2]
    >>> cm = confusion_matrix(y_true, y_pred, 3)
    >>> cm.tolist()
    [[1, 1, 0], [0, 2, 0], [1, 0, 2]]
    >>> cm.sum(axis=1).tolist() == np.bincount(y_true).tolist()  # rows are the truth
    True
    >>> int(np.trace(cm)) / len(y_true) == accuracy(y_true, y_pred)
    True
    """
    t, p = _as_labels(y_true, y_pred)
    for name, arr in (("y_true", t), ("y_pred", p)):
        if arr.size and (
            not np.all(arr == np.round(arr)) or arr.min() < 0 or arr.max() >= num_classes
        ):
            raise ValueError(f"{name} must hold integer labels in [0, {num_classes})")
    idx = t.astype(np.int64) * num_classes + p.astype(np.int64)
    return np.bincount(idx, minlength=num_classes**2).reshape(num_classes, num_classes)


# --8<-- [end:confusion_matrix]


# --8<-- [start:accuracy]
def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Fraction of exact matches. Misleading on imbalanced data.

    A classifier that always answers "negative" on a 99:1 dataset scores 0.99 accuracy
    and finds none of the positives:

    >>> y_true = np.array([1] * 10 + [0] * 990)
    >>> always_negative = np.zeros_like(y_true)
    >>> accuracy(y_true, always_negative)
    0.99
    >>> precision_recall_f1(y_true, always_negative)[1]  # recall
    0.0
    """
    t, p = _as_labels(y_true, y_pred)
    return float(np.mean(t == p)) if t.size else 0.0


# --8<-- [end:accuracy]


# --8<-- [start:precision_recall_f1]
def precision_recall_f1(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[float, float, float]:
    """Binary precision TP/(TP+FP), recall TP/(TP+FN) and F1 = 2PR/(P+R).

    A zero denominator gives 0.0 (scikit-learn's ``zero_division=0``).

    Precision divides by what the model *called* positive, not by the actual positives
    (that is recall's denominator):

    >>> y_true = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    >>> y_pred = np.array([1, 0, 0, 0, 1, 1, 0, 0, 0, 0])  # TP=1, FP=2, FN=3
    >>> p, r, f1 = precision_recall_f1(y_true, y_pred)
    >>> round(p, 4), round(r, 4)  # 1/3 and 1/4; "TP / all positives" would give 1/4 twice
    (0.3333, 0.25)

    F1 is the harmonic mean, pulled toward the smaller of P and R: with P=1.0 and R=0.1
    it is 0.18, while the arithmetic mean would claim 0.55.

    >>> y_true = np.array([1] * 10 + [0] * 10)
    >>> y_pred = np.array([1] + [0] * 19)  # P = 1/1, R = 1/10
    >>> p, r, f1 = precision_recall_f1(y_true, y_pred)
    >>> (p, r, round(f1, 2), round((p + r) / 2, 2))
    (1.0, 0.1, 0.18, 0.55)
    >>> min(p, r) <= f1 <= (p + r) / 2
    True
    """
    t, p = _as_labels(y_true, y_pred)
    t, p = _as_binary(t, "y_true"), _as_binary(p, "y_pred")
    tp = int(np.count_nonzero(t & p))
    fp = int(np.count_nonzero(~t & p))
    fn = int(np.count_nonzero(t & ~p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


# --8<-- [end:precision_recall_f1]


# --8<-- [start:roc_auc]
def roc_auc(y_true: ArrayLike, scores: ArrayLike) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic.

    AUC = P(score of a random positive > score of a random negative), ties counting
    1/2; average ranks handle tied scores exactly. Needs both classes present.

    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=200)
    >>> s = rng.normal(size=200) + y  # informative scores
    >>> auc = roc_auc(y, s)
    >>> 0.5 < auc <= 1.0
    True
    >>> bool(np.isclose(roc_auc(y, -s), 1 - auc))  # reversing the ranking mirrors AUC
    True
    >>> roc_auc([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5])  # all tied: chance
    0.5
    """
    t, s = _as_labels(y_true, scores, "scores")
    t = _as_binary(t, "y_true")
    n_pos = int(np.count_nonzero(t))
    n_neg = t.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("y_true must contain both classes for ROC AUC")
    s = s.astype(np.float64)
    order = np.argsort(s, kind="stable")
    sorted_s = s[order]
    # Average 1-based rank of each run of tied scores.
    _, first, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    avg_rank = first + (counts + 1) / 2.0
    ranks = np.empty_like(s)
    ranks[order] = np.repeat(avg_rank, counts)
    u = ranks[t].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


# --8<-- [end:roc_auc]
