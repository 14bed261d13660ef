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


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (None, 2.0), (0.5, 0.0), (0.75, 1.5)])
def test_focal_loss_matches_kornia(seed: int, alpha: float | None, gamma: float) -> None:
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 4, size=(3, 5, 7))
    targets = rng.integers(0, 2, size=logits.shape).astype(float)
    # kornia: alpha on positives, 1 - alpha on negatives, 'mean' over all elements; it needs
    # (B, C, *) input, ours takes any shape.
    ref = binary_focal_loss_with_logits(
        torch.from_numpy(logits),
        torch.from_numpy(targets),
        alpha=alpha,
        gamma=gamma,
        reduction="mean",
    )
    assert sigmoid_focal_loss(logits, targets, alpha, gamma) == pytest.approx(float(ref), rel=1e-10)


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
        (lambda: class_balanced_weights([10, 0]), "positive counts"),
        (lambda: class_balanced_weights([10, 5], beta=1.0), "beta"),
        (lambda: inverse_frequency_weights([[1, 2]]), "counts must be"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
