"""Reference checks for snippets.segmentation_metrics against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score, jaccard_score

from snippets.segmentation_metrics import dice_coefficient, mask_iou


@pytest.mark.parametrize("seed", range(10))
def test_mask_metrics_match_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(v) for v in rng.integers(1, 40, size=int(rng.integers(2, 4))))
    a, b = rng.random(shape) < rng.random(), rng.random(shape) < rng.random()
    assert mask_iou(a, b) == pytest.approx(jaccard_score(a.ravel(), b.ravel(), zero_division=1.0))
    assert dice_coefficient(a, b) == pytest.approx(
        f1_score(a.ravel(), b.ravel(), zero_division=1.0)
    )
    iou = mask_iou(a, b)
    assert dice_coefficient(a, b) == pytest.approx(2 * iou / (1 + iou))
    assert dice_coefficient(a, b) >= iou


def test_empty_and_disjoint_masks() -> None:
    empty = np.zeros((5, 5), dtype=bool)
    full = np.ones((5, 5), dtype=bool)
    assert mask_iou(empty, empty) == dice_coefficient(empty, empty) == 1.0
    assert jaccard_score(empty.ravel(), empty.ravel(), zero_division=1.0) == 1.0
    assert mask_iou(empty, full) == dice_coefficient(empty, full) == 0.0
    assert mask_iou(np.array([[0, 1]]), np.array([[0, 1]])) == 1.0  # 0/1 ints accepted


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        (np.zeros((2, 2)), np.zeros((2, 3)), "same shape"),
        (np.array([[0.5, 1.0]]), np.zeros((1, 2)), "a must be a boolean or 0/1 mask"),
        (np.zeros((1, 2)), np.array([[np.nan, 1.0]]), "b must be a boolean or 0/1 mask"),
        (np.bool_(True), np.bool_(True), "scalar"),
    ],
)
def test_errors(a, b, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        mask_iou(a, b)
