"""Architecture arithmetic: parameters and multiply-accumulates of standard CNN blocks,
the normalisation layers' reduction axes, and EfficientNet's compound scaling.

Conventions (stated once, used everywhere):

* **Parameters** are learnable tensors only: convolution weights (no conv bias where a
  BatchNorm follows, as in torchvision) plus 2 per BatchNorm channel (``weight`` and
  ``bias``). Running statistics are buffers, not parameters.
* **MACs** are multiply-accumulates of the convolutions and linear layers only; BatchNorm,
  activations, pooling and the residual addition are not counted. One MAC is one multiply
  plus one add, so ``FLOPs = 2 × MACs`` in the convention of
  ``torch.utils.flop_counter.FlopCounterMode``. Papers and model cards that write "FLOPs"
  for ResNet, MobileNet and EfficientNet are counting multiply-adds, i.e. MACs.
* Convolutions use "same" padding ``(k - 1) // 2`` as in the reference architectures.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from snippets.convolution import conv_output_size, conv_params

__all__ = [
    "basic_block_cost",
    "bottleneck_block_cost",
    "compound_scaling",
    "inverted_residual_cost",
    "normalize",
    "resnet50_cost",
    "rms_norm",
    "separable_block_cost",
]


class Cost(NamedTuple):
    """Learnable parameters, multiply-accumulates and output side length of a block."""

    params: int
    macs: int
    size: int


def _check_int(name: str, value: int, minimum: int = 1) -> int:
    """Return ``value`` as an int or raise a ``ValueError`` naming it if it is below ``minimum``."""
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _conv_bn(c_in: int, c_out: int, k: int, size: int, stride: int = 1, groups: int = 1) -> Cost:
    """A bias-free ``k×k`` conv (same padding) followed by BatchNorm, on a ``size²`` input."""
    out = conv_output_size(size, k, stride=stride, padding=(k - 1) // 2)
    weights = conv_params(c_in, c_out, k, bias=False, groups=groups)
    return Cost(weights + 2 * c_out, weights * out * out, out)


def _total(*parts: Cost) -> Cost:
    """Sum parameters and MACs of consecutive parts; the size is the last part's."""
    return Cost(sum(p.params for p in parts), sum(p.macs for p in parts), parts[-1].size)


# --8<-- [start:basic_block_cost]
def basic_block_cost(c_in: int, c_out: int, size: int, stride: int = 1) -> Cost:
    """ResNet basic block: 3×3 conv-BN-ReLU, 3×3 conv-BN, plus the shortcut, then ReLU.

    The shortcut is the identity (no parameters) unless the stride or the channel count
    changes; then it is a 1×1 stride-``s`` projection conv + BN ("option B" of He et al.).

    >>> basic_block_cost(64, 64, 56)  # ResNet-18/34, stage 1: 2 × (9·64² weights + 128 BN)
    Cost(params=73984, macs=231211008, size=56)
    >>> same = basic_block_cost(64, 64, 56)
    >>> same.params == 2 * (9 * 64 * 64 + 2 * 64) and same.macs == 2 * 9 * 64 * 64 * 56 * 56
    True
    >>> down = basic_block_cost(64, 128, 56, stride=2)  # first block of stage 2
    >>> down.size, down.params - (9 * 64 * 128 + 9 * 128 * 128 + 4 * 128)  # + 1×1 projection
    (28, 8448)
    """
    c_in, c_out = _check_int("c_in", c_in), _check_int("c_out", c_out)
    size, stride = _check_int("size", size), _check_int("stride", stride)
    first = _conv_bn(c_in, c_out, 3, size, stride)
    second = _conv_bn(c_out, c_out, 3, first.size)
    parts = [first, second]
    if stride != 1 or c_in != c_out:
        parts.insert(0, _conv_bn(c_in, c_out, 1, size, stride))
    return _total(*parts)


# --8<-- [end:basic_block_cost]


# --8<-- [start:bottleneck_block_cost]
def bottleneck_block_cost(
    c_in: int,
    width: int,
    size: int,
    stride: int = 1,
    expansion: int = 4,
    stride_in_1x1: bool = False,
) -> Cost:
    """ResNet bottleneck: 1×1 reduce to ``width``, 3×3 at ``width``, 1×1 expand to ``4·width``.

    ``stride_in_1x1=False`` puts the stride on the 3×3 conv (torchvision, "ResNet v1.5");
    ``True`` puts it on the first 1×1 conv, as in the authors' original Caffe models (v1).
    The parameters are identical; the v1 placement runs the 3×3 at the lower resolution.

    >>> b = bottleneck_block_cost(256, 64, 56)  # ResNet-50 stage 1, identity shortcut
    >>> b.params == 256 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256)  # 69,632 + BN
    True
    >>> b.macs == (256 * 64 + 9 * 64 * 64 + 64 * 256) * 56 * 56  # MACs = weights × positions
    True
    >>> first = bottleneck_block_cost(64, 64, 56)  # stage 1, block 1: 64 -> 256 channels
    >>> first.params - (64 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256))  # projection
    16896
    >>> v15 = bottleneck_block_cost(256, 128, 56, stride=2)
    >>> v1 = bottleneck_block_cost(256, 128, 56, stride=2, stride_in_1x1=True)
    >>> v15.params == v1.params, v15.size == v1.size == 28, v15.macs - v1.macs
    (True, True, 77070336)
    >>> v15.macs - v1.macs == 256 * 128 * (56 * 56 - 28 * 28)  # only the first 1×1 differs
    True
    """
    c_in, width = _check_int("c_in", c_in), _check_int("width", width)
    size, stride = _check_int("size", size), _check_int("stride", stride)
    c_out = width * _check_int("expansion", expansion)
    s1, s3 = (stride, 1) if stride_in_1x1 else (1, stride)
    reduce = _conv_bn(c_in, width, 1, size, s1)
    spatial = _conv_bn(width, width, 3, reduce.size, s3)
    expand = _conv_bn(width, c_out, 1, spatial.size)
    parts = [reduce, spatial, expand]
    if stride != 1 or c_in != c_out:
        parts.insert(0, _conv_bn(c_in, c_out, 1, size, stride))
    return _total(*parts)


# --8<-- [end:bottleneck_block_cost]


# --8<-- [start:separable_block_cost]
def separable_block_cost(c_in: int, c_out: int, size: int, stride: int = 1, k: int = 3) -> Cost:
    """MobileNetV1 block: depthwise ``k×k`` conv-BN-ReLU, then pointwise 1×1 conv-BN-ReLU.

    Weights: ``k²·C_in + C_in·C_out`` against ``k²·C_in·C_out`` for a full conv, a ratio of
    ``1/C_out + 1/k²``.

    >>> sep = separable_block_cost(256, 256, 14)
    >>> full_macs = 9 * 256 * 256 * 14 * 14  # a full 3×3 conv, 256 -> 256, at 14×14
    >>> sep.params == 9 * 256 + 256 * 256 + 2 * (256 + 256)
    True
    >>> round(sep.macs / full_macs, 5), round(1 / 256 + 1 / 9, 5)  # ratio = 1/C_out + 1/k²
    (0.11502, 0.11502)
    >>> separable_block_cost(32, 64, 112, stride=2).size  # stride on the depthwise conv
    56
    """
    c_in, c_out = _check_int("c_in", c_in), _check_int("c_out", c_out)
    size, stride, k = _check_int("size", size), _check_int("stride", stride), _check_int("k", k)
    depthwise = _conv_bn(c_in, c_in, k, size, stride, groups=c_in)
    pointwise = _conv_bn(c_in, c_out, 1, depthwise.size)
    return _total(depthwise, pointwise)


# --8<-- [end:separable_block_cost]


# --8<-- [start:inverted_residual_cost]
def inverted_residual_cost(
    c_in: int, c_out: int, size: int, stride: int = 1, expand_ratio: int = 6, k: int = 3
) -> Cost:
    """MobileNetV2 block: 1×1 expand to ``t·C_in`` (ReLU6), depthwise ``k×k`` (ReLU6),
    linear 1×1 projection to ``C_out`` (BN, no activation).

    The expansion conv is skipped when ``t = 1``. The residual connects the *narrow* ends
    and exists only when ``stride = 1`` and ``C_in = C_out``; it has no parameters.

    >>> ir = inverted_residual_cost(24, 24, 56)  # t = 6: 24 -> 144 -> 144 -> 24
    >>> ir.params == 24 * 144 + 9 * 144 + 144 * 24 + 2 * (144 + 144 + 24)
    True
    >>> ir.macs == (24 * 144 + 9 * 144 + 144 * 24) * 56 * 56
    True
    >>> inverted_residual_cost(32, 16, 112, expand_ratio=1).params  # first block: no expansion
    896
    >>> inverted_residual_cost(24, 32, 56, stride=2).size
    28
    """
    c_in, c_out = _check_int("c_in", c_in), _check_int("c_out", c_out)
    size, stride, k = _check_int("size", size), _check_int("stride", stride), _check_int("k", k)
    t = _check_int("expand_ratio", expand_ratio)
    hidden = c_in * t
    parts = [] if t == 1 else [_conv_bn(c_in, hidden, 1, size)]
    parts.append(_conv_bn(hidden, hidden, k, size, stride, groups=hidden))
    parts.append(_conv_bn(hidden, c_out, 1, parts[-1].size))
    return _total(*parts)


# --8<-- [end:inverted_residual_cost]


# --8<-- [start:resnet50_cost]
def resnet50_cost(size: int = 224, stride_in_1x1: bool = False, num_classes: int = 1000) -> Cost:
    """ResNet-50 from its blocks: 7×7/2 stem, 3×3/2 max pool, stages of (3, 4, 6, 3)
    bottlenecks with widths (64, 128, 256, 512), global average pooling, linear classifier.

    >>> v15 = resnet50_cost()  # torchvision layout (stride on the 3×3 conv)
    >>> v15.params  # torchvision's resnet50 reports 25,557,032
    25557032
    >>> round(v15.macs / 1e9, 2)  # the "4.09 GFLOPS" of the torchvision model card
    4.09
    >>> v1 = resnet50_cost(stride_in_1x1=True)  # the paper's layout
    >>> v1.params == v15.params, round(v1.macs / 1e9, 2)  # ResNet paper, Table 1: "3.8 × 10⁹"
    (True, 3.86)
    >>> resnet50_cost(num_classes=10).params == 25557032 - 2048 * 990 - 990  # head only
    True
    """
    size = _check_int("size", size)
    classes = _check_int("num_classes", num_classes)
    stem = _conv_bn(3, 64, 7, size, stride=2)
    pooled = conv_output_size(stem.size, 3, stride=2, padding=1)  # max pool: no parameters
    parts, c_in, current = [stem], 64, pooled
    for stage, (blocks, width) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512), strict=True)):
        for i in range(blocks):
            stride = 2 if stage > 0 and i == 0 else 1
            block = bottleneck_block_cost(c_in, width, current, stride, stride_in_1x1=stride_in_1x1)
            parts.append(block)
            c_in, current = 4 * width, block.size
    fc = 2048 * classes
    parts.append(Cost(fc + classes, fc, 1))  # GAP is free; the linear layer has a bias
    return _total(*parts)


# --8<-- [end:resnet50_cost]


_NORM_AXES = {"batch": (0, 2, 3), "layer": (1, 2, 3), "instance": (2, 3)}


# --8<-- [start:normalize]
def normalize(
    x: ArrayLike, kind: str, num_groups: int | None = None, eps: float = 1e-5
) -> NDArray[np.float64]:
    """Standardise an ``(N, C, H, W)`` tensor the way each normalisation layer does.

    Statistics (mean and *biased* variance) are taken over:

    * ``"batch"``: ``N, H, W`` — one mean per channel, shared by the whole batch;
    * ``"layer"``: ``C, H, W`` — one mean per sample (PyTorch ``layer_norm`` over
      ``(C, H, W)``; ConvNeXt's LayerNorm is over ``C`` only, per pixel);
    * ``"instance"``: ``H, W`` — one mean per sample and channel;
    * ``"group"``: ``C/G, H, W`` — one mean per sample and group of ``C/G`` channels.

    The learned affine ``γ·x̂ + β`` that every layer applies afterwards is omitted.
    Group norm spans the others: ``G = 1`` is layer norm, ``G = C`` is instance norm.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(3.0, 2.0, size=(4, 6, 5, 5))
    >>> bn = normalize(x, "batch")
    >>> m, s = x.mean(axis=(0, 2, 3), keepdims=True), x.std(axis=(0, 2, 3), keepdims=True)
    >>> bool(np.allclose(bn, (x - m) / s, atol=1e-5))  # one mean and std per channel
    True
    >>> bool(np.allclose(bn.mean(axis=(0, 2, 3)), 0)), bool(np.allclose(bn.mean(axis=(2, 3)), 0))
    (True, False)
    >>> ln = normalize(x, "layer")
    >>> bool(np.allclose(ln.mean(axis=(1, 2, 3)), 0)), bool(np.allclose(ln.var(axis=(1, 2, 3)), 1))
    (True, True)
    >>> bool(np.allclose(normalize(x, "group", num_groups=1), ln))  # G = 1: layer norm
    True
    >>> bool(np.allclose(normalize(x, "group", num_groups=6), normalize(x, "instance")))  # G = C
    True
    >>> halves = normalize(x, "group", num_groups=2)  # groups are contiguous channel blocks
    >>> bool(np.allclose(halves[:, :3], normalize(x[:, :3], "layer")))
    True
    >>> single = x[:1]  # one image: layer/group/instance norm do not care about the batch
    >>> bool(np.allclose(normalize(single, "group", num_groups=3), normalize(x, "group", 3)[:1]))
    True
    >>> bool(np.allclose(normalize(single, "batch"), bn[:1]))  # batch norm does
    False
    """
    xs = np.asarray(x, dtype=np.float64)
    if xs.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {xs.shape}")
    if not np.all(np.isfinite(xs)):
        raise ValueError("x must be finite (found NaN or inf)")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    n, c, h, w = xs.shape
    if kind == "group":
        if num_groups is None or _check_int("num_groups", num_groups) > c or c % num_groups:
            raise ValueError(f"num_groups must divide C = {c}, got {num_groups!r}")
        grouped = xs.reshape(n, num_groups, c // num_groups, h, w)
        mean = grouped.mean(axis=(2, 3, 4), keepdims=True)
        var = grouped.var(axis=(2, 3, 4), keepdims=True)
        return ((grouped - mean) / np.sqrt(var + eps)).reshape(n, c, h, w)
    if kind not in _NORM_AXES:
        raise ValueError(f"kind must be 'batch', 'layer', 'instance' or 'group', got {kind!r}")
    axes = _NORM_AXES[kind]
    mean = xs.mean(axis=axes, keepdims=True)
    var = xs.var(axis=axes, keepdims=True)  # biased, as all four layers normalise
    return (xs - mean) / np.sqrt(var + eps)


# --8<-- [end:normalize]


# --8<-- [start:rms_norm]
def rms_norm(
    x: ArrayLike, gamma: ArrayLike | None = None, eps: float = 1e-6
) -> NDArray[np.float64]:
    """RMSNorm over the last axis: ``x / sqrt(mean(x²) + eps) · γ`` — no mean, no shift.

    Unlike layer norm it does not subtract the mean, so a constant offset survives it;
    on zero-mean inputs the two agree (up to ``eps``).

    >>> v = np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> bool(np.allclose(rms_norm(v, eps=0.0), v / np.sqrt(7.5)))  # mean(x²) = 30/4
    True
    >>> r = rms_norm(v + 10.0)
    >>> bool(np.allclose((r**2).mean(axis=-1), 1)), bool(np.allclose(r.mean(axis=-1), 0))
    (True, False)
    >>> z = v - v.mean()  # zero-mean input: RMSNorm equals LayerNorm without affine
    >>> bool(np.allclose(rms_norm(z, eps=0.0), (z - z.mean()) / z.std()))
    True
    >>> rms_norm(v, gamma=[2.0, 2.0, 2.0, 2.0], eps=0.0).round(4).tolist()
    [[0.7303, 1.4606, 2.1909, 2.9212]]
    >>> rms_norm([[3.0, 4.0]], eps=1.0).round(4).tolist()  # eps inside the root: / sqrt(12.5 + 1)
    [[0.8165, 1.0887]]
    """
    xs = np.asarray(x, dtype=np.float64)
    if xs.ndim < 1 or xs.shape[-1] == 0:
        raise ValueError(f"x must have a non-empty last axis, got shape {xs.shape}")
    if not np.all(np.isfinite(xs)):
        raise ValueError("x must be finite (found NaN or inf)")
    if not eps >= 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    g = np.ones(xs.shape[-1]) if gamma is None else np.asarray(gamma, dtype=np.float64)
    if g.shape != (xs.shape[-1],):
        raise ValueError(f"gamma must have shape ({xs.shape[-1]},), got {g.shape}")
    return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g


# --8<-- [end:rms_norm]


# --8<-- [start:compound_scaling]
def compound_scaling(
    phi: float, alpha: float = 1.2, beta: float = 1.1, gamma: float = 1.15
) -> tuple[float, float, float, float]:
    """EfficientNet's compound scaling: depth ``α^φ``, width ``β^φ``, resolution ``γ^φ``.

    Returns ``(depth, width, resolution, flops)`` multipliers. A conv net's MACs grow
    linearly with depth and quadratically with width and resolution, so the cost grows
    by ``(α·β²·γ²)^φ``; the paper constrains ``α·β²·γ² ≈ 2`` so that ``φ`` counts
    doublings. Defaults are the paper's grid-searched values for B0.

    >>> d, w, r, f = compound_scaling(1)
    >>> round(f, 4), round(d * w**2 * r**2, 4)  # α·β²·γ² = 1.2 · 1.21 · 1.3225 ≈ 2
    (1.9203, 1.9203)
    >>> round(compound_scaling(3)[3], 2)  # φ = 3: about 2³ = 8× the MACs of B0
    7.08
    >>> [round(v, 3) for v in compound_scaling(2)[:3]]  # depth, width, resolution
    [1.44, 1.21, 1.322]
    """
    if not np.isfinite(phi) or phi < 0:
        raise ValueError(f"phi must be a finite number >= 0, got {phi!r}")
    if not all(np.isfinite(v) and v >= 1 for v in (alpha, beta, gamma)):
        raise ValueError(f"alpha, beta and gamma must be >= 1, got {(alpha, beta, gamma)}")
    depth, width, resolution = alpha**phi, beta**phi, gamma**phi
    return depth, width, resolution, depth * width**2 * resolution**2


# --8<-- [end:compound_scaling]
