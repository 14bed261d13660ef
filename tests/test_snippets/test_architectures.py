"""Reference checks for snippets/architectures.py against torch.nn modules.

Parameters are counted with ``sum(p.numel() for p in m.parameters())`` on the equivalent
``torch.nn`` block; MACs with ``torch.utils.flop_counter.FlopCounterMode``, which counts
convolutions and matrix multiplies as 2 FLOPs per multiply-accumulate (and nothing for
BatchNorm, activations or additions), so MACs = FLOPs / 2.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn import functional
from torch.utils.flop_counter import FlopCounterMode

from snippets.architectures import (
    Cost,
    basic_block_cost,
    bottleneck_block_cost,
    compound_scaling,
    inverted_residual_cost,
    normalize,
    resnet50_cost,
    rms_norm,
    separable_block_cost,
)


def conv_bn(c_in: int, c_out: int, k: int, stride: int = 1, groups: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, k, stride, (k - 1) // 2, groups=groups, bias=False),
        nn.BatchNorm2d(c_out),
    )


class Residual(nn.Module):
    """``relu(main(x) + shortcut(x))`` with an identity or projection shortcut."""

    def __init__(self, main: nn.Module, shortcut: nn.Module | None, act: bool = True) -> None:
        super().__init__()
        self.main, self.shortcut, self.act = main, shortcut, act

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.main(x) + (x if self.shortcut is None else self.shortcut(x))
        return functional.relu(y) if self.act else y


def torch_basic(c_in: int, c_out: int, stride: int) -> nn.Module:
    main = nn.Sequential(conv_bn(c_in, c_out, 3, stride), nn.ReLU(), conv_bn(c_out, c_out, 3))
    proj = conv_bn(c_in, c_out, 1, stride) if stride != 1 or c_in != c_out else None
    return Residual(main, proj)


def torch_bottleneck(c_in: int, width: int, stride: int, in_1x1: bool) -> nn.Module:
    s1, s3 = (stride, 1) if in_1x1 else (1, stride)
    main = nn.Sequential(
        conv_bn(c_in, width, 1, s1),
        nn.ReLU(),
        conv_bn(width, width, 3, s3),
        nn.ReLU(),
        conv_bn(width, 4 * width, 1),
    )
    proj = conv_bn(c_in, 4 * width, 1, stride) if stride != 1 or c_in != 4 * width else None
    return Residual(main, proj)


def torch_separable(c_in: int, c_out: int, stride: int, k: int) -> nn.Module:
    return nn.Sequential(
        conv_bn(c_in, c_in, k, stride, groups=c_in), nn.ReLU(), conv_bn(c_in, c_out, 1), nn.ReLU()
    )


def torch_inverted_residual(c_in: int, c_out: int, stride: int, t: int, k: int) -> nn.Module:
    hidden = c_in * t
    layers: list[nn.Module] = [] if t == 1 else [conv_bn(c_in, hidden, 1), nn.ReLU6()]
    layers += [conv_bn(hidden, hidden, k, stride, groups=hidden), nn.ReLU6()]
    layers += [conv_bn(hidden, c_out, 1)]  # linear bottleneck: no activation
    main = nn.Sequential(*layers)
    return Residual(main, None, act=False) if stride == 1 and c_in == c_out else main


def torch_resnet50(in_1x1: bool) -> nn.Module:
    layers: list[nn.Module] = [conv_bn(3, 64, 7, 2), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    c_in = 64
    for stage, (blocks, width) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512), strict=True)):
        for i in range(blocks):
            layers.append(torch_bottleneck(c_in, width, 2 if stage and i == 0 else 1, in_1x1))
            c_in = 4 * width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, 1000)]
    return nn.Sequential(*layers)


def measure(module: nn.Module, channels: int, size: int) -> Cost:
    """Parameters, MACs (FlopCounterMode FLOPs / 2) and output side of ``module``."""
    module.eval()
    x = torch.zeros(1, channels, size, size)
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        y = module(x)
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    params = sum(p.numel() for p in module.parameters())
    return Cost(params, flops // 2, y.shape[-1] if y.ndim == 4 else 1)


@pytest.mark.parametrize(
    ("c_in", "c_out", "size", "stride"),
    [(64, 64, 56, 1), (64, 128, 56, 2), (128, 256, 28, 2), (256, 512, 14, 2), (32, 48, 15, 1)],
)
def test_basic_block_matches_torch(c_in: int, c_out: int, size: int, stride: int) -> None:
    assert basic_block_cost(c_in, c_out, size, stride) == measure(
        torch_basic(c_in, c_out, stride), c_in, size
    )


@pytest.mark.parametrize(
    ("c_in", "width", "size", "stride"),
    [(64, 64, 56, 1), (256, 64, 56, 1), (256, 128, 56, 2), (1024, 512, 14, 2), (48, 16, 17, 2)],
)
@pytest.mark.parametrize("in_1x1", [False, True])
def test_bottleneck_matches_torch(
    c_in: int, width: int, size: int, stride: int, in_1x1: bool
) -> None:
    expected = measure(torch_bottleneck(c_in, width, stride, in_1x1), c_in, size)
    assert bottleneck_block_cost(c_in, width, size, stride, stride_in_1x1=in_1x1) == expected


@pytest.mark.parametrize(
    ("c_in", "c_out", "size", "stride", "k"),
    [(32, 64, 112, 1, 3), (64, 128, 112, 2, 3), (512, 512, 14, 1, 3), (96, 40, 21, 2, 5)],
)
def test_separable_block_matches_torch(
    c_in: int, c_out: int, size: int, stride: int, k: int
) -> None:
    expected = measure(torch_separable(c_in, c_out, stride, k), c_in, size)
    assert separable_block_cost(c_in, c_out, size, stride, k) == expected


@pytest.mark.parametrize(
    ("c_in", "c_out", "size", "stride", "t", "k"),
    [
        (32, 16, 112, 1, 1, 3),
        (16, 24, 112, 2, 6, 3),
        (24, 24, 56, 1, 6, 3),
        (160, 320, 7, 1, 6, 3),
        (40, 40, 28, 1, 3, 5),
    ],
)
def test_inverted_residual_matches_torch(
    c_in: int, c_out: int, size: int, stride: int, t: int, k: int
) -> None:
    expected = measure(torch_inverted_residual(c_in, c_out, stride, t, k), c_in, size)
    assert inverted_residual_cost(c_in, c_out, size, stride, t, k) == expected


@pytest.mark.parametrize("in_1x1", [False, True])
def test_resnet50_matches_torch(in_1x1: bool) -> None:
    expected = measure(torch_resnet50(in_1x1), 3, 224)
    assert resnet50_cost(stride_in_1x1=in_1x1) == expected
    assert expected.params == 25_557_032  # torchvision's resnet50 parameter count


def test_mobilenet_v2_body_matches_paper_scale() -> None:
    """MobileNetV2 (1.0, 224) from Table 2 of the paper: ≈3.4-3.5 M parameters, ≈300 M MACs."""
    cfg = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1)]
    cfg += [(6, 160, 3, 2), (6, 320, 1, 1)]
    stem_w = 3 * 32 * 9
    params, macs, c_in, size = stem_w + 64, stem_w * 112 * 112, 32, 112
    for t, c, n, s in cfg:
        for i in range(n):
            block = inverted_residual_cost(c_in, c, size, s if i == 0 else 1, t)
            params, macs, c_in, size = params + block.params, macs + block.macs, c, block.size
    params += 320 * 1280 + 2 * 1280 + 1280 * 1000 + 1000  # last 1×1 conv + BN, classifier
    macs += 320 * 1280 * 7 * 7 + 1280 * 1000
    assert params == 3_504_872  # torchvision's mobilenet_v2 parameter count
    assert 295e6 < macs < 305e6  # the paper's "300M" multiply-adds


@pytest.mark.parametrize("shape", [(4, 6, 5, 5), (1, 4, 3, 7), (8, 12, 2, 2), (2, 1, 4, 4)])
def test_normalize_matches_torch_functional(shape: tuple[int, int, int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(2.0, 3.0, size=shape)
    t = torch.from_numpy(x)
    eps = 1e-5
    if shape[0] * shape[2] * shape[3] > 1:
        ref = functional.batch_norm(t, None, None, training=True, eps=eps).numpy()
        np.testing.assert_allclose(normalize(x, "batch", eps=eps), ref, atol=1e-10)
    ref = functional.layer_norm(t, shape[1:], eps=eps).numpy()
    np.testing.assert_allclose(normalize(x, "layer", eps=eps), ref, atol=1e-10)
    ref = functional.instance_norm(t, eps=eps).numpy()
    np.testing.assert_allclose(normalize(x, "instance", eps=eps), ref, atol=1e-10)
    for g in (d for d in range(1, shape[1] + 1) if shape[1] % d == 0):
        ref = functional.group_norm(t, g, eps=eps).numpy()
        np.testing.assert_allclose(normalize(x, "group", g, eps=eps), ref, atol=1e-10)


def test_normalize_matches_torch_modules() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 8, 4, 4))
    t = torch.from_numpy(x).float()
    with torch.no_grad():
        gn = nn.GroupNorm(4, 8)(t).numpy()
        inn = nn.InstanceNorm2d(8)(t).numpy()
        bn = nn.BatchNorm2d(8).train()(t).numpy()
    np.testing.assert_allclose(normalize(x, "group", 4), gn, atol=1e-5)
    np.testing.assert_allclose(normalize(x, "instance"), inn, atol=1e-5)
    np.testing.assert_allclose(normalize(x, "batch"), bn, atol=1e-5)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), dim=st.integers(1, 16), eps=st.sampled_from([1e-6, 1e-3]))
def test_rms_norm_matches_torch(seed: int, dim: int, eps: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, size=(3, 5, dim))
    gamma = rng.normal(size=dim)
    ref = functional.rms_norm(torch.from_numpy(x), (dim,), torch.from_numpy(gamma), eps=eps).numpy()
    np.testing.assert_allclose(rms_norm(x, gamma, eps=eps), ref, atol=1e-10)
    module = nn.RMSNorm(dim, eps=eps, dtype=torch.float64)
    with torch.no_grad():
        np.testing.assert_allclose(rms_norm(x, eps=eps), module(torch.from_numpy(x)), atol=1e-10)


def test_compound_scaling_is_the_paper_formula() -> None:
    for phi in (0, 0.5, 1, 2, 7):
        d, w, r, f = compound_scaling(phi)
        assert (d, w, r) == pytest.approx((1.2**phi, 1.1**phi, 1.15**phi))
        assert f == pytest.approx((1.2 * 1.1**2 * 1.15**2) ** phi)
    assert compound_scaling(0) == (1.0, 1.0, 1.0, 1.0)


def test_compound_scaling_flops_match_measured_conv_cost() -> None:
    """Scale a plain conv stack by (depth, width, resolution) and measure with torch."""

    def stack(layers: int, ch: int) -> nn.Module:
        return nn.Sequential(*[nn.Conv2d(ch, ch, 3, padding=1, bias=False) for _ in range(layers)])

    base = measure(stack(4, 16), 16, 32).macs
    scaled = measure(stack(8, 32), 32, 64).macs  # depth 2, width 2, resolution 2
    assert scaled / base == 2 * 2**2 * 2**2
    assert compound_scaling(1, 2, 2, 2)[3] == scaled / base


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: basic_block_cost(0, 64, 56), "c_in must be an integer >= 1"),
        (lambda: basic_block_cost(64, 64, 56, stride=1.5), "stride must be an integer"),
        (lambda: bottleneck_block_cost(64, 64, 56, expansion=0), "expansion must be"),
        (lambda: bottleneck_block_cost(64, True, 56), "width must be an integer"),
        (lambda: separable_block_cost(32, 64, -1), "size must be an integer"),
        (lambda: separable_block_cost(32, 64, 8, k=0), "k must be an integer"),
        (lambda: inverted_residual_cost(32, 16, 8, expand_ratio=0), "expand_ratio must be"),
        (lambda: resnet50_cost(num_classes=0), "num_classes must be"),
        (lambda: normalize(np.zeros((2, 3, 4)), "batch"), r"x must have shape \(N, C, H, W\)"),
        (lambda: normalize(np.full((1, 2, 2, 2), np.nan), "layer"), "x must be finite"),
        (lambda: normalize(np.zeros((1, 2, 2, 2)), "layer", eps=0), "eps must be positive"),
        (lambda: normalize(np.zeros((1, 6, 2, 2)), "group", 4), "num_groups must divide C = 6"),
        (lambda: normalize(np.zeros((1, 6, 2, 2)), "group"), "num_groups must divide"),
        (lambda: normalize(np.zeros((1, 6, 2, 2)), "pixel"), "kind must be"),
        (lambda: rms_norm(np.zeros((2, 0))), "non-empty last axis"),
        (lambda: rms_norm([np.inf, 1.0]), "x must be finite"),
        (lambda: rms_norm([1.0, 2.0], eps=-1), "eps must be non-negative"),
        (lambda: rms_norm([1.0, 2.0], gamma=[1.0]), r"gamma must have shape \(2,\)"),
        (lambda: compound_scaling(-1), "phi must be"),
        (lambda: compound_scaling(1, alpha=0.9), "alpha, beta and gamma must be >= 1"),
    ],
)
def test_invalid_inputs_raise(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]
