"""Reference checks for snippets.grad_tools against torch's clipping utilities and EMA."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from snippets.grad_tools import clip_by_global_norm, clip_by_value, ema_update, ema_window

SHAPES = [(3, 4), (5,), (2, 2, 3)]


def random_grads(rng: np.random.Generator, scale: float) -> list[np.ndarray]:
    return [rng.normal(0, scale, size=s) for s in SHAPES]


def torch_params(grads: list[np.ndarray]) -> list[torch.nn.Parameter]:
    params = []
    for g in grads:
        p = torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64))
        p.grad = torch.from_numpy(g.copy())
        params.append(p)
    return params


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("scale", [0.01, 1.0, 10.0])
def test_clip_by_global_norm_matches_torch(seed: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    grads = random_grads(rng, scale)
    params = torch_params(grads)
    torch_norm = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    ours, norm = clip_by_global_norm(grads, max_norm=1.0)
    assert np.isclose(norm, float(torch_norm))
    for a, p in zip(ours, params, strict=True):
        np.testing.assert_allclose(a, p.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_clip_by_value_matches_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    grads = random_grads(rng, 2.0)
    params = torch_params(grads)
    torch.nn.utils.clip_grad_value_(params, clip_value=0.5)
    for a, p in zip(clip_by_value(grads, 0.5), params, strict=True):
        np.testing.assert_array_equal(a, p.grad.numpy())


def test_norm_clipping_keeps_direction_value_clipping_does_not() -> None:
    rng = np.random.default_rng(0)
    g = rng.normal(0, 5, size=100)
    (n,), _ = clip_by_global_norm([g], 1.0)
    (v,) = clip_by_value([g], 1.0)
    cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert np.isclose(cos(n, g), 1.0)
    assert cos(v, g) < 0.99


@pytest.mark.parametrize("seed", range(5))
def test_ema_matches_torch_averaged_model(seed: int) -> None:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = torch.nn.Linear(4, 3).double()
    decay = 0.9
    averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))
    ema: list[np.ndarray] = []
    for step in range(20):
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.from_numpy(rng.normal(0, 0.1, size=tuple(p.shape))))
        averaged.update_parameters(model)
        current = [p.detach().numpy().copy() for p in model.parameters()]
        # AveragedModel copies the weights on its first update, then applies the EMA rule.
        ema = current if step == 0 else ema_update(ema, current, decay)
    for a, p in zip(ema, averaged.module.parameters(), strict=True):
        np.testing.assert_allclose(a, p.detach().numpy(), rtol=1e-12, atol=1e-12)


def test_ema_window_is_mean_lag_of_weights() -> None:
    # The EMA weights w_k = (1 - b) b^k over past steps have mean age b / (1 - b) = window - 1.
    b = 0.99
    k = np.arange(20_000)
    w = (1 - b) * b**k
    assert np.isclose(float(np.sum(w * k)), ema_window(b) - 1, rtol=1e-6)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: clip_by_global_norm([np.ones(2)], 0.0), "max_norm"),
        (lambda: clip_by_global_norm([], 1.0), "at least one"),
        (lambda: clip_by_global_norm([np.array([np.nan])], 1.0), "finite"),
        (lambda: clip_by_value([np.ones(2)], -1.0), "clip_value"),
        (lambda: ema_update([np.ones(2)], [np.ones(2)], 1.0), "decay"),
        (lambda: ema_update([np.ones(2)], [np.ones(3)], 0.5), "same number"),
        (lambda: ema_update([np.ones(2)], [np.ones(2), np.ones(2)], 0.5), "same number"),
        (lambda: ema_window(1.0), "decay"),
        (lambda: ema_window(-0.1), "decay"),
    ],
)
def test_bad_input_raises(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
