"""Reference checks for snippets/normalization.py against torch.nn.BatchNorm2d."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.normalization import batch_norm


def _torch_bn(channels: int, momentum: float, eps: float, seed: int) -> torch.nn.BatchNorm2d:
    gen = torch.Generator().manual_seed(seed)
    bn = torch.nn.BatchNorm2d(channels, eps=eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(channels, generator=gen, dtype=torch.float64) * 3 - 1)
        bn.bias.copy_(torch.randn(channels, generator=gen, dtype=torch.float64))
        bn.running_mean.copy_(torch.randn(channels, generator=gen, dtype=torch.float64))
        bn.running_var.copy_(torch.rand(channels, generator=gen, dtype=torch.float64) + 0.5)
    return bn


def _state(bn: torch.nn.BatchNorm2d) -> tuple[np.ndarray, ...]:
    return tuple(
        t.detach().numpy().copy() for t in (bn.weight, bn.bias, bn.running_mean, bn.running_var)
    )


@pytest.mark.parametrize("shape", [(8, 3, 5, 5), (2, 4, 1, 3), (1, 2, 3, 3), (16, 1, 2, 2)])
@pytest.mark.parametrize(("momentum", "eps"), [(0.1, 1e-5), (0.3, 1e-3), (1.0, 1e-5)])
def test_matches_torch_train_then_eval(
    shape: tuple[int, int, int, int], momentum: float, eps: float
) -> None:
    rng = np.random.default_rng(0)
    bn = _torch_bn(shape[1], momentum, eps, seed=1)
    gamma, beta, rm, rv = _state(bn)
    for step in range(3):  # several training steps: running stats accumulate
        x = rng.normal(2.0, 4.0, size=shape) + np.arange(shape[1]).reshape(1, -1, 1, 1)
        bn.train()
        with torch.no_grad():
            expected = bn(torch.from_numpy(x)).numpy()
        y, rm, rv = batch_norm(x, gamma, beta, rm, rv, training=True, momentum=momentum, eps=eps)
        np.testing.assert_allclose(y, expected, atol=1e-5, err_msg=f"step {step}")
        np.testing.assert_allclose(rm, bn.running_mean.numpy(), atol=1e-5)
        np.testing.assert_allclose(rv, bn.running_var.numpy(), atol=1e-5)

    bn.eval()
    x = rng.normal(size=shape)
    with torch.no_grad():
        expected = bn(torch.from_numpy(x)).numpy()
    y, rm2, rv2 = batch_norm(x, gamma, beta, rm, rv, training=False, momentum=momentum, eps=eps)
    np.testing.assert_allclose(y, expected, atol=1e-5)
    np.testing.assert_array_equal(rm2, rm)  # eval never touches the running statistics
    np.testing.assert_array_equal(rv2, rv)


def test_matches_torch_float32() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3, 6, 6)).astype(np.float32)
    bn = torch.nn.BatchNorm2d(3)
    with torch.no_grad():
        expected = bn(torch.from_numpy(x)).numpy()
    y, rm, rv = batch_norm(x, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), training=True)
    np.testing.assert_allclose(y, expected, atol=1e-5)
    np.testing.assert_allclose(rm, bn.running_mean.numpy(), atol=1e-5)
    np.testing.assert_allclose(rv, bn.running_var.numpy(), atol=1e-5)


def test_does_not_modify_inputs() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 2, 3, 3))
    rm, rv = np.zeros(2), np.ones(2)
    x_copy = x.copy()
    batch_norm(x, np.ones(2), np.zeros(2), rm, rv, training=True)
    np.testing.assert_array_equal(x, x_copy)
    np.testing.assert_array_equal(rm, np.zeros(2))
    np.testing.assert_array_equal(rv, np.ones(2))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    gamma=st.floats(0.1, 10),
    beta=st.floats(-10, 10),
    scale=st.floats(0.1, 100),
)
def test_training_output_has_mean_beta_and_std_gamma(
    seed: int, gamma: float, beta: float, scale: float
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, 2, 4, 4)) * scale + rng.normal() * 100
    y, _, _ = batch_norm(x, [gamma] * 2, [beta] * 2, np.zeros(2), np.ones(2), training=True)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), beta, atol=1e-9)
    # std is gamma * sqrt(var / (var + eps)): within eps / var of gamma.
    np.testing.assert_allclose(y.std(axis=(0, 2, 3)), gamma, rtol=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"x": np.zeros((2, 3, 4))}, r"x must have shape \(N, C, H, W\)"),
        ({"x": np.full((2, 2, 2, 2), np.nan)}, "x must be finite"),
        ({"gamma": np.ones(3)}, r"gamma must have shape \(C,\) = \(2,\)"),
        ({"beta": np.ones((2, 1))}, "beta must have shape"),
        ({"running_mean": [0.0, np.inf]}, "running_mean must be finite"),
        ({"running_var": [-1.0, 1.0]}, "running_var must be non-negative"),
        ({"momentum": 1.5}, "momentum must be in"),
        ({"eps": 0.0}, "eps must be positive"),
        ({"x": np.zeros((1, 2, 1, 1))}, "more than 1 value per channel"),
    ],
)
def test_invalid_inputs_raise(kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {
        "x": np.zeros((2, 2, 2, 2)),
        "gamma": np.ones(2),
        "beta": np.zeros(2),
        "running_mean": np.zeros(2),
        "running_var": np.ones(2),
        "training": True,
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        batch_norm(**args)  # type: ignore[arg-type]
