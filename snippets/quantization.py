"""Affine (uniform) 8-bit quantisation: scale and zero-point, quantise, dequantise, per channel.

A real value ``x`` is stored as an integer ``q`` with ``x ≈ scale * (q - zero_point)``.
Conventions (they match PyTorch's ``torch.ao.quantization`` observers and
``torch.quantize_per_tensor`` / ``torch.quantize_per_channel``):

* ``uint8`` covers ``[0, 255]`` (``torch.quint8``), ``int8`` covers ``[-128, 127]``
  (``torch.qint8``); ``reduce_range`` is not used (it would drop one bit).
* Asymmetric (``qscheme=torch.per_tensor_affine``): the range is first widened to contain 0,
  ``scale = (xmax - xmin) / (qmax - qmin)`` and ``zero_point = qmin - round(xmin / scale)``, so
  the real value 0 is exactly representable (zero padding and ReLU zeros stay exact).
* Symmetric (``int8`` only): ``zero_point = 0`` and ``scale = max(|xmin|, |xmax|) / 127``, the
  *restricted* range ``[-127, 127]`` that TensorRT uses for weight scales. PyTorch's
  ``per_tensor_symmetric`` observer gives the same scale when built with ``quant_min=-127,
  quant_max=127``; with its default ``[-128, 127]`` it divides by 127.5 instead.
* Rounding is round-half-to-even (``np.rint``), as in ``torch.round``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["affine_qparams", "dequantize", "per_channel_qparams", "quantize"]

_RANGES: dict[str, tuple[int, int]] = {"uint8": (0, 255), "int8": (-128, 127)}


def _qrange(dtype: str) -> tuple[int, int]:
    if dtype not in _RANGES:
        raise ValueError(f"dtype must be 'uint8' or 'int8', got {dtype!r}")
    return _RANGES[dtype]


def _scale_zero_point(
    xmin: NDArray[np.float64], xmax: NDArray[np.float64], dtype: str, symmetric: bool
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Vectorised core of :func:`affine_qparams` (validated arrays of equal shape)."""
    qmin, qmax = _qrange(dtype)
    if np.any(~np.isfinite(xmin)) or np.any(~np.isfinite(xmax)):
        raise ValueError("xmin and xmax must be finite (found NaN or inf)")
    if np.any(xmin > xmax):
        raise ValueError("xmin must be <= xmax")
    lo, hi = np.minimum(xmin, 0.0), np.maximum(xmax, 0.0)  # the range must contain 0
    if symmetric:
        if dtype != "int8":
            raise ValueError("symmetric quantisation is defined here for dtype='int8' only")
        scale = np.maximum(-lo, hi) / 127.0
        scale = np.where(scale > 0, scale, 1.0)  # an all-zero tensor: any scale is exact
        return scale, np.zeros(scale.shape, dtype=np.int64)
    scale = (hi - lo) / (qmax - qmin)
    scale = np.where(scale > 0, scale, 1.0)
    zero_point = qmin - np.rint(lo / scale)
    return scale, np.clip(zero_point, qmin, qmax).astype(np.int64)


# --8<-- [start:affine_qparams]
def affine_qparams(
    xmin: float, xmax: float, dtype: str = "uint8", symmetric: bool = False
) -> tuple[float, int]:
    """Scale and zero-point that map the real range ``[xmin, xmax]`` onto 8-bit integers.

    Asymmetric: ``scale = (xmax - xmin) / (qmax - qmin)``, ``zero_point = qmin - round(xmin /
    scale)``, after widening the range to contain 0. Symmetric (``int8``): ``zero_point = 0``,
    ``scale = max(|xmin|, |xmax|) / 127``.

    Args:
        xmin: Smallest real value to represent (e.g. from a calibration observer).
        xmax: Largest real value to represent; must be ``>= xmin``.
        dtype: ``"uint8"`` (``[0, 255]``) or ``"int8"`` (``[-128, 127]``).
        symmetric: Use the symmetric scheme (``int8`` only).

    Returns:
        ``(scale, zero_point)``.

    Raises:
        ValueError: For an unknown dtype, ``xmin > xmax``, a non-finite bound, or a symmetric
            ``uint8`` request.

    >>> scale, zp = affine_qparams(-1.0, 3.0)  # uint8: 4 / 255 per step
    >>> round(scale * 255, 12), zp
    (4.0, 64)
    >>> s, z = affine_qparams(0.5, 3.0)  # widened to [0, 3] so that 0.0 stays representable
    >>> round(s * 255, 12), z
    (3.0, 0)
    >>> s, z = affine_qparams(-0.5, 2.0, "int8", symmetric=True)
    >>> round(s * 127, 12), z  # symmetric: the larger magnitude sets the scale
    (2.0, 0)
    >>> affine_qparams(-1.0, 1.0, "int8")[1]  # asymmetric int8: zero point near the middle
    0
    >>> affine_qparams(-2.0, 1.0, "int8")[1]
    42
    >>> affine_qparams(-0.1, 1.0)[1]  # xmin / scale = -23.2 rounds to -23 (floor would give 24)
    23
    """
    scale, zero_point = _scale_zero_point(
        np.asarray(xmin, dtype=np.float64), np.asarray(xmax, dtype=np.float64), dtype, symmetric
    )
    return float(scale), int(zero_point)


# --8<-- [end:affine_qparams]


def _broadcast(param: ArrayLike, ndim: int, axis: int | None) -> NDArray[np.float64]:
    """Reshape a per-channel parameter so it broadcasts along ``axis`` of an ``ndim`` array."""
    p = np.asarray(param, dtype=np.float64)
    if axis is None:
        if p.ndim != 0:
            raise ValueError("per-tensor parameters must be scalars; pass axis= for per-channel")
        return p
    if p.ndim != 1:
        raise ValueError("per-channel parameters must be 1-D")
    shape = [1] * ndim
    shape[axis] = p.shape[0]
    return p.reshape(shape)


# --8<-- [start:quantize]
def quantize(
    x: ArrayLike,
    scale: ArrayLike,
    zero_point: ArrayLike,
    dtype: str = "uint8",
    axis: int | None = None,
) -> NDArray[np.int64]:
    """Quantise: ``q = clip(round(x / scale) + zero_point, qmin, qmax)``.

    Args:
        x: Real values.
        scale: Positive scale: a scalar, or one per channel along ``axis``.
        zero_point: Integer zero point, scalar or per channel.
        dtype: ``"uint8"`` or ``"int8"``; sets the clipping range.
        axis: Channel axis for per-channel parameters, ``None`` for per-tensor.

    Returns:
        Integer codes (``int64`` holding values inside the dtype's range).

    Raises:
        ValueError: For a non-positive scale or parameters of the wrong shape.

    >>> scale, zp = affine_qparams(-1.0, 3.0)
    >>> quantize([0.0, -1.0, 3.0], scale, zp).tolist()  # zero is exact; the ends hit 0 and 255
    [64, 0, 255]
    >>> quantize([-5.0, 10.0], scale, zp).tolist()  # outside the range: clipped, not wrapped
    [0, 255]
    >>> quantize([0.5, 1.5, 2.5], 1.0, 0).tolist()  # ties round to even, as torch.round does
    [0, 2, 2]
    >>> x = np.random.default_rng(0).uniform(-1.0, 3.0, 10_000)
    >>> err = np.abs(dequantize(quantize(x, scale, zp), scale, zp) - x)
    >>> bool(err.max() <= scale / 2 + 1e-12)  # rounding error at most half a step inside
    True
    >>> bool(err.max() > 0.49 * scale)  # ... and that bound is attained
    True
    """
    x = np.asarray(x, dtype=np.float64)
    qmin, qmax = _qrange(dtype)
    s = _broadcast(scale, x.ndim, axis)
    z = _broadcast(zero_point, x.ndim, axis)
    if np.any(s <= 0):
        raise ValueError("scale must be positive")
    return np.clip(np.rint(x / s) + z, qmin, qmax).astype(np.int64)


# --8<-- [end:quantize]


# --8<-- [start:dequantize]
def dequantize(
    q: ArrayLike, scale: ArrayLike, zero_point: ArrayLike, axis: int | None = None
) -> NDArray[np.float64]:
    """Dequantise: ``x_hat = scale * (q - zero_point)``.

    Args:
        q: Integer codes.
        scale: Scale, scalar or per channel along ``axis``.
        zero_point: Zero point, scalar or per channel.
        axis: Channel axis for per-channel parameters, ``None`` for per-tensor.

    Returns:
        The reconstructed real values.

    >>> scale, zp = affine_qparams(-1.0, 3.0)
    >>> dequantize([64], scale, zp).tolist()  # the zero point is the real value 0 exactly
    [0.0]
    >>> dequantize([0, 255], scale, zp).round(6).tolist()  # rounding z nudged the grid
    [-1.003922, 2.996078]
    >>> dequantize(quantize([10.0], scale, zp), scale, zp).round(6).tolist()  # clipped
    [2.996078]
    >>> dequantize([[2, 4, 6], [1, 2, 3]], [0.5, 2.0], [0, 1], axis=0).tolist()  # per row
    [[1.0, 2.0, 3.0], [0.0, 2.0, 4.0]]
    """
    q = np.asarray(q, dtype=np.float64)
    return _broadcast(scale, q.ndim, axis) * (q - _broadcast(zero_point, q.ndim, axis))


# --8<-- [end:dequantize]


# --8<-- [start:per_channel_qparams]
def per_channel_qparams(
    w: ArrayLike, axis: int = 0, dtype: str = "int8", symmetric: bool = True
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """One scale and zero-point per slice of ``w`` along ``axis`` (e.g. per output channel).

    The min and max are taken over every other axis, then :func:`affine_qparams`'s rule is
    applied channel by channel.

    Args:
        w: Weights, e.g. a conv kernel ``(C_out, C_in, kH, kW)``.
        axis: The channel axis that gets its own parameters.
        dtype: ``"uint8"`` or ``"int8"``.
        symmetric: Symmetric scheme (the usual choice for weights).

    Returns:
        ``(scales, zero_points)``, each of length ``w.shape[axis]``.

    Raises:
        ValueError: For an empty ``w`` or an axis out of range.

    A channel of small weights next to one of large weights: per-tensor quantisation wastes
    almost the whole grid on the small channel; per-channel gives each channel its own step.

    >>> rng = np.random.default_rng(0)
    >>> w = np.stack([rng.normal(0, 0.01, 64), rng.normal(0, 1.0, 64)])  # (2 channels, 64)
    >>> scales, zps = per_channel_qparams(w, axis=0)
    >>> zps.tolist()
    [0, 0]
    >>> bool(np.allclose(scales, np.abs(w).max(axis=1) / 127))
    True
    >>> s, z = affine_qparams(w.min(), w.max(), "int8", symmetric=True)
    >>> err_tensor = np.abs(dequantize(quantize(w, s, z, "int8"), s, z) - w)[0].max()
    >>> err_chan = np.abs(
    ...     dequantize(quantize(w, scales, zps, "int8", axis=0), scales, zps, axis=0) - w
    ... )[0].max()
    >>> bool(err_chan * 20 < err_tensor)  # small channel: over 20 times less error
    True
    """
    w = np.asarray(w, dtype=np.float64)
    if w.size == 0:
        raise ValueError("w must not be empty")
    if not -w.ndim <= axis < w.ndim:
        raise ValueError(f"axis {axis} is out of range for an array of {w.ndim} dimensions")
    moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)
    return _scale_zero_point(moved.min(axis=1), moved.max(axis=1), dtype, symmetric)


# --8<-- [end:per_channel_qparams]
