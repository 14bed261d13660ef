"""Reference checks for snippets.quantization against torch's observers and quantize_per_tensor."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.ao.quantization.observer import MinMaxObserver

from snippets.quantization import affine_qparams, dequantize_affine, quantize_affine

DTYPES = {torch.qint8: (-128, 127), torch.quint8: (0, 255)}


def torch_qparams(x: np.ndarray, dtype: torch.dtype) -> tuple[float, int]:
    observer = MinMaxObserver(dtype=dtype, qscheme=torch.per_tensor_affine)
    observer(torch.from_numpy(x.astype(np.float32)))
    scale, zero_point = observer.calculate_qparams()
    return float(scale), int(zero_point)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", list(DTYPES), ids=["qint8", "quint8"])
def test_qparams_match_minmax_observer(seed: int, dtype: torch.dtype) -> None:
    rng = np.random.default_rng(seed)
    shift = [0.0, -5.0, 5.0][seed % 3]  # ranges across 0, all negative, all positive
    x = (rng.normal(size=200) * rng.uniform(0.1, 10) + shift).astype(np.float32)
    qmin, qmax = DTYPES[dtype]
    scale, zp = affine_qparams(float(x.min()), float(x.max()), qmin, qmax)
    ref_scale, ref_zp = torch_qparams(x, dtype)
    assert scale == pytest.approx(ref_scale, rel=1e-6)
    assert abs(zp - ref_zp) <= 1  # float32 vs float64 can round a tie differently
    assert zp == ref_zp or abs(abs(float(x.min()) / scale % 1) - 0.5) < 1e-4


# The quantized dtypes are deprecated in torch 2.13 (still the reference definition).
@pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor:UserWarning")
@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", list(DTYPES), ids=["qint8", "quint8"])
def test_quantize_matches_quantize_per_tensor(seed: int, dtype: torch.dtype) -> None:
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(size=500) * 3
    qmin, qmax = DTYPES[dtype]
    scale, zp = affine_qparams(-4.0, 4.0, qmin, qmax)
    q = quantize_affine(x, scale, zp, qmin, qmax)
    ref = torch.quantize_per_tensor(torch.from_numpy(x).float(), scale, zp, dtype)
    ref_q = ref.int_repr().numpy().astype(np.int64)
    # torch multiplies by a float32 1/scale: only values within a hair of a tie may differ.
    frac = np.abs(np.abs(x / scale) % 1 - 0.5)
    assert np.all((q == ref_q) | (frac < 1e-4))
    assert np.mean(q == ref_q) > 0.99
    np.testing.assert_allclose(
        dequantize_affine(q, scale, zp)[q == ref_q], ref.dequantize().numpy()[q == ref_q], atol=1e-6
    )


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="qmin < qmax"):
        affine_qparams(-1.0, 1.0, 5, 5)
    with pytest.raises(ValueError, match="x_min <= x_max"):
        affine_qparams(2.0, 1.0)
    with pytest.raises(ValueError, match="scale must be positive"):
        quantize_affine([1.0], 0.0, 0)
    assert affine_qparams(0.0, 0.0) == (pytest.approx(np.finfo(np.float32).eps), -128)
