"""Convolution arithmetic: a vectorised conv2d, output sizes, receptive fields, parameters.

Deep-learning "convolution" is cross-correlation (the kernel is not flipped); it is
translation *equivariant* away from the borders: exactly at stride 1, and at stride s only
for shifts that are multiples of s.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

__all__ = ["conv2d", "conv_output_size", "conv_params", "receptive_field"]


def _check_positive(name: str, value: int, minimum: int = 1) -> int:
    """Return ``value`` as an int or raise a ``ValueError`` naming it if it is below ``minimum``."""
    if int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


# --8<-- [start:conv2d]
def conv2d(
    x: ArrayLike, weight: ArrayLike, stride: int = 1, padding: int = 0
) -> NDArray[np.float64]:
    """2-D cross-correlation of a ``(C, H, W)`` input with ``(K, C, kh, kw)`` filters.

    ``out[k, i, j] = Σ_c Σ_u Σ_v x[c, i*s + u, j*s + v] * w[k, c, u, v]`` on the
    zero-padded input: exactly what ``torch.nn.functional.conv2d`` computes (no flip).

    >>> rng = np.random.default_rng(0)
    >>> img = rng.normal(size=(1, 8, 8))
    >>> kernel = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])  # asymmetric
    >>> y = conv2d(img, kernel)
    >>> y.shape == (1, 7, 7)
    True
    >>> bool(np.isclose(y[0, 2, 3], np.sum(img[0, 2:4, 3:5] * kernel[0, 0])))  # the definition
    True
    >>> flipped = conv2d(img, kernel[..., ::-1, ::-1])  # textbook convolution flips
    >>> bool(np.allclose(y, flipped))  # frameworks compute cross-correlation
    False
    >>> shifted = np.roll(img, 1, axis=2)  # shift right by one pixel
    >>> bool(np.allclose(conv2d(shifted, kernel)[:, :, 1:], y[:, :, :-1]))  # equivariant
    True
    >>> y2, y2s = conv2d(img, kernel, stride=2), conv2d(shifted, kernel, stride=2)
    >>> bool(np.allclose(y2s[:, :, 1:], y2[:, :, :-1]))  # stride 2: a 1-px shift is not
    False
    >>> y2s2 = conv2d(np.roll(img, 2, axis=2), kernel, stride=2)  # a 2-px shift is: 1 output px
    >>> bool(np.allclose(y2s2[:, :, 1:], y2[:, :, :-1]))
    True
    >>> same = conv2d(img, np.ones((1, 1, 3, 3)), padding=1)  # zero padding keeps 8 x 8
    >>> same.shape, bool(np.isclose(same[0, 0, 0], img[0, :2, :2].sum()))  # corner sees 2 x 2
    ((1, 8, 8), True)
    """
    s = _check_positive("stride", stride)
    p = _check_positive("padding", padding, minimum=0)
    xa = np.asarray(x, dtype=np.float64)
    wa = np.asarray(weight, dtype=np.float64)
    if xa.ndim != 3:
        raise ValueError(f"x must have shape (C, H, W), got {xa.shape}")
    if wa.ndim != 4 or wa.shape[1] != xa.shape[0]:
        raise ValueError(f"weight must have shape (K, {xa.shape[0]}, kh, kw), got {wa.shape}")
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(wa))):
        raise ValueError("x and weight must be finite (found NaN or inf)")
    kh, kw = wa.shape[2:]
    if xa.shape[1] + 2 * p < kh or xa.shape[2] + 2 * p < kw:
        raise ValueError(f"kernel {(kh, kw)} is larger than the padded input {xa.shape[1:]}")
    xp = np.pad(xa, ((0, 0), (p, p), (p, p)))
    windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))[:, ::s, ::s]  # (C, H', W', kh, kw)
    return np.einsum("chwij,kcij->khw", windows, wa, optimize=True)


# --8<-- [end:conv2d]


# --8<-- [start:conv_output_size]
def conv_output_size(
    size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Output length ``floor((size + 2p - d(k - 1) - 1) / s) + 1`` of a conv or pooling layer.

    >>> conv_output_size(224, 7, stride=2, padding=3)  # ResNet stem: 224 -> 112
    112
    >>> conv_output_size(32, 3, padding=1)  # "same" padding keeps the size at stride 1
    32
    >>> conv_output_size(32, 3, padding=2, dilation=2)  # dilation d acts like k' = d(k-1)+1
    32
    """
    n = _check_positive("size", size)
    k = _check_positive("kernel", kernel)
    s = _check_positive("stride", stride)
    p = _check_positive("padding", padding, minimum=0)
    d = _check_positive("dilation", dilation)
    span = n + 2 * p - d * (k - 1) - 1
    if span < 0:
        raise ValueError(f"kernel (dilated size {d * (k - 1) + 1}) exceeds padded size {n + 2 * p}")
    return span // s + 1


# --8<-- [end:conv_output_size]


# --8<-- [start:receptive_field]
def receptive_field(
    kernels: Sequence[int], strides: Sequence[int], dilations: Sequence[int] | None = None
) -> int:
    """Receptive field of a stack of layers: ``r = 1 + Σ_l (k_l - 1) Π_{i<l} s_i``.

    It is spatial (per axis), not "5×5×3", and grows with depth and with earlier strides.
    A layer with dilation ``d_l`` acts as a kernel of size ``d_l (k_l - 1) + 1``
    (``dilations=None``: all 1).

    >>> receptive_field([3, 3], [1, 1]), receptive_field([5], [1])  # same field ...
    (5, 5)
    >>> two_3x3 = 2 * conv_params(64, 64, 3, bias=False)
    >>> one_5x5 = conv_params(64, 64, 5, bias=False)
    >>> two_3x3 == 18 * 64**2, one_5x5 == 25 * 64**2  # ... with 18C² vs 25C² weights
    (True, True)
    >>> receptive_field([3, 3, 3], [2, 2, 1])  # strides multiply later kernels' reach
    15
    >>> receptive_field([3, 3, 3, 3], [2, 2, 2, 1]) == 1 + 2 * (1 + 2 + 2 * 2 + 2 * 2 * 2)
    True
    >>> receptive_field([3], [1], dilations=[2]) == receptive_field([5], [1])  # 3x3, d=2 ~ 5x5
    True
    >>> receptive_field([3, 3, 3], [1, 1, 1], dilations=[1, 2, 4])  # 3 + 4 + 8: doubling d
    15
    """
    if dilations is None:
        dilations = [1] * len(kernels)
    if not len(kernels) == len(strides) == len(dilations):
        raise ValueError(
            "kernels, strides and dilations must have the same length, got "
            f"{len(kernels)}, {len(strides)} and {len(dilations)}"
        )
    k = np.array([_check_positive("kernels[i]", v) for v in kernels], dtype=np.int64)
    s = np.array([_check_positive("strides[i]", v) for v in strides], dtype=np.int64)
    d = np.array([_check_positive("dilations[i]", v) for v in dilations], dtype=np.int64)
    jump = np.concatenate(([1], np.cumprod(s)[:-1]))  # Π_{i<l} s_i
    return int(1 + np.sum(d * (k - 1) * jump))  # d (k - 1) = effective kernel - 1


# --8<-- [end:receptive_field]


# --8<-- [start:conv_params]
def conv_params(
    in_ch: int, out_ch: int, k: int | tuple[int, int], bias: bool = True, groups: int = 1
) -> int:
    """Learnable parameters of a ``kh×kw`` conv: ``out_ch * (in_ch / g) * kh * kw (+ out_ch)``.

    ``k`` is a square size or a ``(kh, kw)`` pair. With ``groups=g`` each filter sees only
    ``in_ch / g`` input channels, so the weights shrink by ``g``; ``g = in_ch = out_ch`` is a
    depthwise conv. Both channel counts must be divisible by ``g``.

    >>> conv_params(3, 64, 3)  # 64 * 3 * 9 + 64
    1792
    >>> conv_params(64, 64, 1, bias=False) == 64 * 64  # a 1x1 conv is a per-pixel linear layer
    True
    >>> c = 256
    >>> conv_params(c, c, 3, groups=c) == 9 * c + c  # depthwise 3x3: 9C weights + C biases
    True
    >>> conv_params(c, c, 3, bias=False), 9 * c**2  # ... against 9C² for a full 3x3 conv
    (589824, 589824)
    >>> conv_params(64, 64, (1, 7), bias=False) == 7 * 64**2  # a 1x7 kernel: 7 taps
    True
    """
    c_in = _check_positive("in_ch", in_ch)
    c_out = _check_positive("out_ch", out_ch)
    g = _check_positive("groups", groups)
    if np.ndim(k) == 0:
        kh = kw = _check_positive("k", k)
    elif np.shape(k) == (2,):
        kh, kw = (_check_positive(f"k[{i}]", v) for i, v in enumerate(k))
    else:
        raise ValueError(f"k must be an int or a (kh, kw) pair, got {k!r}")
    if c_in % g or c_out % g:
        raise ValueError(f"in_ch and out_ch must be divisible by groups, got {c_in}, {c_out}, {g}")
    return c_out * (c_in // g) * kh * kw + (c_out if bias else 0)


# --8<-- [end:conv_params]
