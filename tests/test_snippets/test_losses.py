"""Reference checks for snippets.losses against kornia and torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as nnf
from kornia.losses import binary_focal_loss_with_logits

from snippets.losses import (
    binary_cross_entropy_with_logits,
    class_balanced_weights,
    cross_entropy,
    inverse_frequency_weights,
    sigmoid_focal_loss,
    softmax,
)


def kornia_focal(
    logits: np.ndarray, targets: np.ndarray, alpha: float | None, gamma: float, reduction: str
) -> float:
    """kornia's binary focal loss: the independent reference for ``sigmoid_focal_loss``."""
    ref = binary_focal_loss_with_logits(
        torch.from_numpy(logits),
        torch.from_numpy(targets),
        alpha=alpha,
        gamma=gamma,
        reduction=reduction,
    )
    return float(ref)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (None, 2.0), (0.5, 0.0), (0.75, 1.5)])
def test_focal_loss_matches_kornia(seed: int, alpha: float | None, gamma: float) -> None:
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 4, size=(3, 5, 7))
    targets = rng.integers(0, 2, size=logits.shape).astype(float)
    # kornia: alpha on positives, 1 - alpha on negatives, 'mean' over all elements; it needs
    # (B, C, *) input, ours takes any shape.
    ref = kornia_focal(logits, targets, alpha, gamma, "mean")
    assert sigmoid_focal_loss(logits, targets, alpha, gamma) == pytest.approx(ref, rel=1e-10)


def torch_focal_loss_elements(
    logits: torch.Tensor, targets: torch.Tensor, alpha: float | None, gamma: float
) -> torch.Tensor:
    """Per-element focal loss written out in torch (torchvision's ``sigmoid_focal_loss``)."""
    p = torch.sigmoid(logits)
    ce = nnf.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    if alpha is not None:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return loss


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (None, 2.0), (0.5, 0.0), (0.75, 1.5)])
def test_focal_loss_retinanet_normalisation_matches_torch(
    seed: int, alpha: float | None, gamma: float
) -> None:
    # RetinaNet: (anchors, classes) one-hot targets, mostly background; the summed loss is
    # divided by the number of foreground anchors, not by anchors * classes.
    rng = np.random.default_rng(seed)
    n_anchors, n_classes = 500, 4
    logits = rng.normal(-2, 3, size=(n_anchors, n_classes))
    targets = np.zeros_like(logits)
    foreground = rng.random(n_anchors) < 0.05
    targets[foreground, rng.integers(0, n_classes, size=int(foreground.sum()))] = 1.0
    num_pos = max(1, int(foreground.sum()))
    elements = torch_focal_loss_elements(
        torch.from_numpy(logits), torch.from_numpy(targets), alpha, gamma
    )
    assert sigmoid_focal_loss(logits, targets, alpha, gamma, normalizer=num_pos) == pytest.approx(
        float(elements.sum() / num_pos), rel=1e-10
    )
    assert sigmoid_focal_loss(logits, targets, alpha, gamma) == pytest.approx(
        float(elements.mean()), rel=1e-10
    )
    ref_sum = kornia_focal(logits, targets, alpha, gamma, "sum")
    assert sigmoid_focal_loss(logits, targets, alpha, gamma, normalizer=1) == pytest.approx(
        ref_sum, rel=1e-10
    )


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", [(16, 6), (2, 6, 5, 7), (3, 6, 9)])
def test_cross_entropy_ignore_index_matches_torch(seed: int, shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 5, size=shape)
    target_shape = (shape[0], *shape[2:])
    y = rng.integers(0, shape[1], size=target_shape)
    y[rng.random(target_shape) < 0.3] = 255  # e.g. VOC boundary band
    tz, ty = torch.from_numpy(z), torch.from_numpy(y)
    assert cross_entropy(z, y, ignore_index=255) == pytest.approx(
        float(nnf.cross_entropy(tz, ty, ignore_index=255)), rel=1e-10
    )
    y_valid = np.where(y == 255, 0, y)
    assert cross_entropy(z, y_valid) == pytest.approx(
        float(nnf.cross_entropy(tz, torch.from_numpy(y_valid))), rel=1e-10
    )
    # ignore_index inside [0, C) drops that class, as in torch
    assert cross_entropy(z, y_valid, ignore_index=1) == pytest.approx(
        float(nnf.cross_entropy(tz, torch.from_numpy(y_valid), ignore_index=1)), rel=1e-10
    )


def test_cross_entropy_all_ignored_is_nan_like_torch() -> None:
    z = np.zeros((1, 3, 2, 2))
    y = np.full((1, 2, 2), 255)
    ref = nnf.cross_entropy(torch.from_numpy(z), torch.from_numpy(y), ignore_index=255)
    assert np.isnan(cross_entropy(z, y, ignore_index=255)) and bool(torch.isnan(ref))


def test_focal_loss_extreme_logits_are_finite() -> None:
    z = np.array([1000.0, -1000.0, 50.0, -50.0])
    t = np.array([0.0, 1.0, 1.0, 0.0])
    assert np.isfinite(sigmoid_focal_loss(z, t))
    assert np.isfinite(binary_cross_entropy_with_logits(z, t))


@pytest.mark.parametrize("seed", range(5))
def test_bce_softmax_cross_entropy_match_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 30, size=(16, 6))
    y = rng.integers(0, 6, size=16)
    t = rng.random(size=(16, 6))  # soft targets are allowed in BCE
    tz = torch.from_numpy(z)
    assert binary_cross_entropy_with_logits(z, t) == pytest.approx(
        float(nnf.binary_cross_entropy_with_logits(tz, torch.from_numpy(t))), rel=1e-10
    )
    np.testing.assert_allclose(
        softmax(z, axis=1), torch.softmax(tz, dim=1).numpy(), rtol=1e-10, atol=1e-300
    )
    assert cross_entropy(z, y) == pytest.approx(
        float(nnf.cross_entropy(tz, torch.from_numpy(y))), rel=1e-10
    )


def test_class_weights() -> None:
    counts = np.array([10000, 1000, 100, 10])
    beta = 0.99
    effective = (1 - beta**counts) / (1 - beta)
    expected = (1 / effective) / (1 / effective).sum() * 4
    np.testing.assert_allclose(class_balanced_weights(counts, beta), expected)
    # beta -> 1 approaches inverse frequency
    np.testing.assert_allclose(
        class_balanced_weights(counts, 1 - 1e-9), inverse_frequency_weights(counts), rtol=1e-4
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: sigmoid_focal_loss([0.0, 1.0], [1.0]), r"targets must have shape \(2,\)"),
        (lambda: sigmoid_focal_loss([np.nan], [1.0]), "logits must be finite"),
        (lambda: sigmoid_focal_loss([0.0], [1.0], gamma=-1), "gamma"),
        (lambda: sigmoid_focal_loss([0.0], [1.0], alpha=2.0), "alpha"),
        (lambda: cross_entropy([1.0, 2.0], [0]), r"logits must have shape \(N, C\)"),
        (lambda: cross_entropy([[1.0, 2.0]], [2]), "targets must be"),
        (lambda: cross_entropy([[1.0, 2.0]], [255]), "targets must be"),  # no ignore_index
        (lambda: cross_entropy([[1.0, 2.0]], [-1], ignore_index=255), "targets must be"),
        (lambda: cross_entropy([[1.0, 2.0]], [0.0]), "targets must be"),
        (lambda: cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int)), r"\(2, 4\)"),
        (lambda: sigmoid_focal_loss([0.0], [1.0], normalizer=0), "normalizer"),
        (lambda: sigmoid_focal_loss([0.0], [1.0], normalizer=float("nan")), "normalizer"),
        (lambda: class_balanced_weights([10, 0]), "positive counts"),
        (lambda: class_balanced_weights([10, 5], beta=1.0), "beta"),
        (lambda: inverse_frequency_weights([[1, 2]]), "counts must be"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
