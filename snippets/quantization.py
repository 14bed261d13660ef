"""Affine (asymmetric) int8/uint8 quantisation: scale, zero-point, quantise and dequantise.

A real value ``x`` is stored as an integer ``q = clamp(round(x / scale) + zero_point, qmin,
qmax)`` and read back as ``(q - zero_point) * scale``. The range is first widened to include
0, so that 0.0 (padding, ReLU zeros) is represented exactly. This is PyTorch's
``MinMaxObserver`` with ``torch.per_tensor_affine`` (round half to even, like ``torch.round``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["affine_qparams", "dequantize_affine", "quantize_affine"]

INT8 = (-128, 127)
UINT8 = (0, 255)
# torch's observers floor the scale at float32's machine epsilon.
MIN_SCALE = float(np.finfo(np.float32).eps)


def _check_range(qmin: int, qmax: int) -> None:
    if int(qmin) != qmin or int(qmax) != qmax or qmin >= qmax:
        raise ValueError(f"need integers qmin < qmax, got {qmin!r} and {qmax!r}")


def affine_qparams(
    x_min: float, x_max: float, qmin: int = -128, qmax: int = 127
) -> tuple[float, int]:
    """``(scale, zero_point)`` mapping ``[min(x_min, 0), max(x_max, 0)]`` onto ``[qmin, qmax]``.

    ``scale = (max - min) / (qmax - qmin)`` and ``zero_point = qmin - round(min / scale)``,
    clamped to ``[qmin, qmax]``; the range always includes 0.

    >>> scale, zp = affine_qparams(-1.0, 1.0)  # int8: 2 / 255 per step
    >>> scale == 2 / 255, zp  # -1.0 -> -128 needs zp = -128 + round(127.5) = 0 (half to even)
    (True, 0)
    >>> scale, zp = affine_qparams(0.0, 2.55, 0, 255)  # uint8 over [0, 2.55]
    >>> round(scale, 12), zp  # 0.01 per step, 0 -> 0
    (0.01, 0)
    >>> affine_qparams(1.0, 5.1, 0, 255) == affine_qparams(0.0, 5.1, 0, 255)  # widened to 0
    True
    >>> scale, zp = affine_qparams(-0.6, 1.95, -128, 127)
    >>> round(scale, 6), zp, zp == -128 - round(-0.6 / scale)  # 0.01 per step, 0 -> -68
    (0.01, -68, True)
    """
    _check_range(qmin, qmax)
    if not (np.isfinite(x_min) and np.isfinite(x_max)) or x_min > x_max:
        raise ValueError(f"need finite x_min <= x_max, got {x_min!r} and {x_max!r}")
    lo, hi = min(float(x_min), 0.0), max(float(x_max), 0.0)
    scale = max((hi - lo) / float(qmax - qmin), MIN_SCALE)
    zero_point = qmin - int(np.round(lo / scale))
    return scale, int(np.clip(zero_point, qmin, qmax))


def quantize_affine(
    x: ArrayLike, scale: float, zero_point: int, qmin: int = -128, qmax: int = 127
) -> NDArray[np.int64]:
    """``clamp(round(x / scale) + zero_point, qmin, qmax)`` (round half to even).

    >>> scale, zp = affine_qparams(-1.0, 3.0, 0, 255)
    >>> quantize_affine([0.0, -1.0, 3.0], scale, zp, 0, 255).tolist()  # 0 exact, ends at ends
    [64, 0, 255]
    >>> quantize_affine([-5.0, 9.0], scale, zp, 0, 255).tolist()  # outside the range: clamped
    [0, 255]
    >>> quantize_affine([0.5, 1.5, 2.5], 1.0, 0).tolist()  # ties go to the even integer
    [0, 2, 2]
    """
    _check_range(qmin, qmax)
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    q = np.round(np.asarray(x, dtype=np.float64) / scale) + zero_point
    return np.clip(q, qmin, qmax).astype(np.int64)


def dequantize_affine(q: ArrayLike, scale: float, zero_point: int) -> NDArray[np.float64]:
    """``(q - zero_point) * scale``: the real value an integer code stands for.

    Inside the range the round-trip error is at most half a step.

    >>> scale, zp = affine_qparams(-0.5, 2.0)
    >>> x = np.linspace(-0.5, 2.0, 101)
    >>> err = np.abs(dequantize_affine(quantize_affine(x, scale, zp), scale, zp) - x)
    >>> bool(np.all(err <= scale / 2 + 1e-12)), float(dequantize_affine(zp, scale, zp))
    (True, 0.0)
    >>> dequantize_affine([0, 10, 255], 0.5, 10).tolist()  # code zero_point is 0.0
    [-5.0, 0.0, 122.5]
    """
    return (np.asarray(q, dtype=np.float64) - zero_point) * scale
