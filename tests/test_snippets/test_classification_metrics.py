"""Reference checks for snippets.classification_metrics against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics

from snippets.classification_metrics import (
    accuracy,
    confusion_matrix,
    precision_recall_f1,
    roc_auc,
)


@pytest.mark.parametrize("seed", range(8))
def test_confusion_matrix_and_accuracy_match_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 7))
    y, p = rng.integers(0, k, 200), rng.integers(0, k, 200)
    np.testing.assert_array_equal(
        confusion_matrix(y, p, k), metrics.confusion_matrix(y, p, labels=range(k))
    )
    assert accuracy(y, p) == pytest.approx(metrics.accuracy_score(y, p))


@pytest.mark.parametrize("seed", range(8))
def test_precision_recall_f1_match_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = (rng.random(100) < rng.uniform(0.05, 0.9)).astype(int)
    p = (rng.random(100) < rng.uniform(0.05, 0.9)).astype(int)
    ref = metrics.precision_recall_fscore_support(y, p, average="binary", zero_division=0.0)[:3]
    np.testing.assert_allclose(precision_recall_f1(y, p), ref)


@pytest.mark.parametrize(
    ("y", "p"),
    [
        ([0, 0, 0, 0], [0, 0, 0, 0]),  # all-negative labels and predictions
        ([1, 1, 0, 0], [0, 0, 0, 0]),  # no positive predictions: precision 0/0
        ([0, 0, 0, 0], [1, 0, 1, 0]),  # no positive labels: recall 0/0
    ],
)
def test_zero_division_matches_sklearn(y: list[int], p: list[int]) -> None:
    ref = metrics.precision_recall_fscore_support(y, p, average="binary", zero_division=0.0)[:3]
    assert precision_recall_f1(y, p) == tuple(float(v) for v in ref)


@pytest.mark.parametrize("seed", range(8))
def test_roc_auc_matches_sklearn_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 300)
    y[:2] = [0, 1]
    scores = np.round(rng.normal(size=300) + y * rng.uniform(0, 2), 1)  # many ties
    assert roc_auc(y, scores) == pytest.approx(metrics.roc_auc_score(y, scores), abs=1e-12)


def test_empty_accuracy_and_confusion_matrix() -> None:
    assert accuracy([], []) == 0.0
    assert confusion_matrix([], [], 2).tolist() == [[0, 0], [0, 0]]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: confusion_matrix([0, 1], [0], 2), "same length"),
        (lambda: confusion_matrix([[0, 1]], [[0, 1]], 2), r"y_true must have shape \(n,\)"),
        (
            lambda: confusion_matrix([0, 2], [0, 1], 2),
            r"y_true must hold integer labels in \[0, 2\)",
        ),
        (lambda: confusion_matrix([0, 1], [0, 0.5], 2), "y_pred must hold integer labels"),
        (lambda: precision_recall_f1([0, 2], [0, 1]), "y_true must contain only 0/1"),
        (lambda: roc_auc([1, 1], [0.2, 0.3]), "both classes"),
        (lambda: roc_auc([0, 1], [0.2, np.nan]), "scores must be finite"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
