"""Reference checks for snippets.quantization against PyTorch's quantisation ops and observers.

Conventions matched: ``torch.per_tensor_affine`` / ``torch.per_channel_affine`` observers with
their default 8-bit ranges (quint8 ``[0, 255]``, qint8 ``[-128, 127]``) and
``reduce_range=False``; for the symmetric scheme, ``torch.per_tensor_symmetric`` /
``torch.per_channel_symmetric`` with ``quant_min=-127, quant_max=127`` (the restricted range).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.ao.quantization.observer import MinMaxObserver, PerChannelMinMaxObserver

from snippets.quantization import affine_qparams, dequantize, per_channel_qparams, quantize

# torch 2.13 deprecates quantized tensor creation (pytorch/pytorch#184982); the ops still run.
pytestmark = pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor:UserWarning")

TORCH_DTYPES = {"uint8": torch.quint8, "int8": torch.qint8}


def _not_a_tie(v: np.ndarray) -> np.ndarray:
    """Mask of values whose x / scale is not within 1e-3 of a rounding tie (float32 vs 64)."""
    frac = np.abs(v - np.floor(v) - 0.5)
    return frac > 1e-3


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("dtype", ["uint8", "int8"])
def test_affine_qparams_match_minmax_observer(seed: int, dtype: str) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-2, 2), rng.uniform(0.1, 3), size=1000).astype(np.float32)
    obs = MinMaxObserver(dtype=TORCH_DTYPES[dtype], qscheme=torch.per_tensor_affine)
    obs(torch.from_numpy(x))
    t_scale, t_zp = obs.calculate_qparams()
    scale, zp = affine_qparams(float(x.min()), float(x.max()), dtype)
    assert scale == pytest.approx(float(t_scale), rel=1e-6)
    assert abs(zp - int(t_zp)) <= (0 if _not_a_tie(np.array([x.min() / scale]))[0] else 1)


@pytest.mark.parametrize("seed", range(8))
def test_symmetric_matches_observer_with_restricted_range(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, rng.uniform(0.1, 3), size=1000).astype(np.float32)
    obs = MinMaxObserver(
        dtype=torch.qint8, qscheme=torch.per_tensor_symmetric, quant_min=-127, quant_max=127
    )
    obs(torch.from_numpy(x))
    t_scale, t_zp = obs.calculate_qparams()
    scale, zp = affine_qparams(float(x.min()), float(x.max()), "int8", symmetric=True)
    assert scale == pytest.approx(float(t_scale), rel=1e-6)
    assert zp == int(t_zp) == 0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("dtype", ["uint8", "int8"])
def test_quantize_dequantize_match_quantize_per_tensor(seed: int, dtype: str) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 5, size=2000).astype(np.float32)
    scale, zp = affine_qparams(-1.5, 2.5, dtype)  # values outside the range are clipped
    tq = torch.quantize_per_tensor(torch.from_numpy(x), scale, zp, TORCH_DTYPES[dtype])
    q = quantize(x, scale, zp, dtype)
    ok = _not_a_tie(x / scale)
    np.testing.assert_array_equal(q[ok], tq.int_repr().numpy().astype(np.int64)[ok])
    assert np.all(np.abs(q - tq.int_repr().numpy().astype(np.int64)) <= 1)
    np.testing.assert_allclose(
        dequantize(q[ok], scale, zp), tq.dequantize().numpy()[ok], rtol=1e-6, atol=1e-6
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    ("dtype", "symmetric"), [("int8", True), ("int8", False), ("uint8", False)]
)
def test_per_channel_matches_observer_and_quantize_per_channel(
    seed: int, dtype: str, symmetric: bool
) -> None:
    rng = np.random.default_rng(seed)
    w = (rng.normal(size=(8, 4, 3, 3)) * rng.uniform(0.01, 2, size=(8, 1, 1, 1))).astype(np.float32)
    axis = int(rng.integers(0, 2))
    kwargs = {"quant_min": -127, "quant_max": 127} if symmetric else {}
    qscheme = torch.per_channel_symmetric if symmetric else torch.per_channel_affine
    obs = PerChannelMinMaxObserver(
        ch_axis=axis, dtype=TORCH_DTYPES[dtype], qscheme=qscheme, **kwargs
    )
    obs(torch.from_numpy(w))
    t_scales, t_zps = obs.calculate_qparams()
    scales, zps = per_channel_qparams(w, axis=axis, dtype=dtype, symmetric=symmetric)
    np.testing.assert_allclose(scales, t_scales.numpy(), rtol=1e-6)
    assert np.all(np.abs(zps - t_zps.numpy()) <= 1)
    tq = torch.quantize_per_channel(
        torch.from_numpy(w),
        torch.from_numpy(scales),
        torch.from_numpy(zps),
        axis,
        TORCH_DTYPES[dtype],
    )
    q = quantize(w, scales, zps, dtype, axis=axis)
    assert np.mean(q == tq.int_repr().numpy()) > 0.999
    assert np.all(np.abs(q - tq.int_repr().numpy().astype(np.int64)) <= 1)
    back = dequantize(q, scales, zps, axis=axis)
    shape = [1] * w.ndim
    shape[axis] = -1
    assert np.all(np.abs(back - w) <= scales.reshape(shape) / 2 + 1e-6)


def test_zero_is_exact_and_all_zero_tensor() -> None:
    for lo, hi in [(-0.37, 1.91), (0.2, 7.0), (-5.0, -0.1)]:
        for dtype in ("uint8", "int8"):
            s, z = affine_qparams(lo, hi, dtype)
            assert dequantize(quantize(0.0, s, z, dtype), s, z) == 0.0
    assert affine_qparams(0.0, 0.0) == (1.0, 0)
    assert affine_qparams(0.0, 0.0, "int8", symmetric=True) == (1.0, 0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: affine_qparams(0.0, 1.0, dtype="int4"), "dtype"),
        (lambda: affine_qparams(2.0, 1.0), "xmin"),
        (lambda: affine_qparams(float("nan"), 1.0), "finite"),
        (lambda: affine_qparams(-1.0, float("inf")), "finite"),
        (lambda: affine_qparams(-1.0, 1.0, "uint8", symmetric=True), "symmetric"),
        (lambda: quantize([1.0], 0.0, 0), "positive"),
        (lambda: quantize([1.0], [0.1, 0.2], 0), "scalars"),
        (lambda: quantize(np.ones((2, 2)), np.ones((2, 2)), 0, axis=0), "1-D"),
        (lambda: per_channel_qparams(np.empty((0, 3))), "empty"),
        (lambda: per_channel_qparams(np.ones((2, 3)), axis=2), "axis"),
    ],
)
def test_bad_input_raises(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
