"""Reference checks for snippets.contrastive against torch F.cross_entropy on similarities."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F  # noqa: N812

from snippets.contrastive import clip_loss, info_nce, nt_xent


def torch_info_nce(q: np.ndarray, k: np.ndarray, t: float) -> float:
    tq = F.normalize(torch.from_numpy(q), dim=1)
    tk = F.normalize(torch.from_numpy(k), dim=1)
    logits = tq @ tk.T / t
    return float(F.cross_entropy(logits, torch.arange(len(q))))


def torch_nt_xent(a: np.ndarray, b: np.ndarray, t: float) -> float:
    z = F.normalize(torch.cat([torch.from_numpy(a), torch.from_numpy(b)]), dim=1)
    n = len(a)
    sim = z @ z.T / t
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    return float(F.cross_entropy(sim, target))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("t", [0.05, 0.1, 0.5, 1.0])
def test_losses_match_torch(seed: int, t: float) -> None:
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 64)), int(rng.integers(2, 32))
    a = rng.standard_normal((n, d))
    b = a + rng.uniform(0.1, 2.0) * rng.standard_normal((n, d))
    assert info_nce(a, b, t) == pytest.approx(torch_info_nce(a, b, t), rel=1e-10)
    assert nt_xent(a, b, t) == pytest.approx(torch_nt_xent(a, b, t), rel=1e-10)
    sym = 0.5 * (torch_info_nce(a, b, t) + torch_info_nce(b, a, t))
    assert clip_loss(a, b, t) == pytest.approx(sym, rel=1e-10)


def test_scale_invariance_and_large_logits() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 16, 8))
    assert info_nce(a, b) == pytest.approx(info_nce(5 * a, 0.1 * b))
    assert np.isfinite(nt_xent(a, b, 1e-4)) and np.isfinite(info_nce(a, b, 1e-4))


@pytest.mark.parametrize(
    "args",
    [
        (np.ones((4, 3)), np.ones((5, 3)), 0.1),
        (np.ones((1, 3)), np.ones((1, 3)), 0.1),
        (np.ones(3), np.ones(3), 0.1),
        (np.ones((4, 3)), np.ones((4, 3)), 0.0),
        (np.zeros((4, 3)), np.ones((4, 3)), 0.1),
    ],
)
def test_bad_input_raises(args) -> None:
    for fn in (info_nce, nt_xent, clip_loss):
        with pytest.raises(ValueError):
            fn(*args)
