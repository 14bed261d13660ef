"""Reference checks for snippets.convolution against torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as nnf

from snippets.convolution import conv2d, conv_output_size, conv_params, receptive_field


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 0), (2, 2), (3, 1)])
def test_conv2d_matches_torch(seed: int, stride: int, padding: int) -> None:
    rng = np.random.default_rng(seed)
    c, k = int(rng.integers(1, 4)), int(rng.integers(1, 5))
    kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
    x = rng.normal(size=(c, int(rng.integers(kh, 14)), int(rng.integers(kw, 14))))
    w = rng.normal(size=(k, c, kh, kw))
    ref = nnf.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w), stride=stride, padding=padding)
    np.testing.assert_allclose(conv2d(x, w, stride, padding), ref[0].numpy(), atol=1e-10)


@pytest.mark.parametrize("size", [7, 8, 31, 224])
@pytest.mark.parametrize(
    ("k", "s", "p", "d"), [(3, 1, 1, 1), (7, 2, 3, 1), (3, 2, 0, 2), (5, 3, 2, 1), (1, 1, 0, 1)]
)
def test_conv_output_size_matches_torch_layers(size: int, k: int, s: int, p: int, d: int) -> None:
    x = torch.zeros(1, 1, size, size)
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    pool = torch.nn.MaxPool2d(k, stride=s, padding=min(p, k // 2), dilation=d)
    with torch.no_grad():
        assert conv(x).shape[-1] == conv_output_size(size, k, s, p, d)
        assert pool(x).shape[-1] == conv_output_size(size, k, s, min(p, k // 2), d)


def measured_receptive_field(
    kernels: list[int], strides: list[int], dilations: list[int] | None = None
) -> int:
    """Backprop from the centre output pixel of an all-ones conv stack; count the input extent."""
    layers = []
    for k, s, d in zip(kernels, strides, dilations or [1] * len(kernels), strict=True):
        conv = torch.nn.Conv2d(1, 1, k, stride=s, dilation=d, bias=False)
        torch.nn.init.ones_(conv.weight)
        layers.append(conv)
    net = torch.nn.Sequential(*layers).double()
    x = torch.zeros(1, 1, 96, 96, dtype=torch.float64, requires_grad=True)
    y = net(x)
    y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
    cols = torch.nonzero(x.grad[0, 0].abs().sum(dim=0))
    return int(cols.max() - cols.min() + 1)


@pytest.mark.parametrize(
    ("kernels", "strides"),
    [
        ([3, 3], [1, 1]),
        ([5], [1]),
        ([3, 3, 3], [2, 2, 1]),
        ([7, 3, 3, 3], [2, 1, 2, 1]),
        ([1, 3], [2, 2]),
    ],
)
def test_receptive_field_matches_gradient(kernels: list[int], strides: list[int]) -> None:
    assert receptive_field(kernels, strides) == measured_receptive_field(kernels, strides)


@pytest.mark.parametrize(
    ("kernels", "strides", "dilations"),
    [
        ([3], [1], [2]),
        ([3, 3, 3], [1, 1, 1], [1, 2, 4]),
        ([3, 3], [2, 1], [1, 3]),
        ([5, 3, 3], [2, 2, 1], [2, 1, 2]),
        ([3, 1, 3], [1, 2, 1], [1, 1, 1]),
    ],
)
def test_dilated_receptive_field_matches_gradient(
    kernels: list[int], strides: list[int], dilations: list[int]
) -> None:
    assert receptive_field(kernels, strides, dilations) == measured_receptive_field(
        kernels, strides, dilations
    )
    # A dilated layer counts as a plain kernel of size d (k - 1) + 1.
    effective = [d * (k - 1) + 1 for k, d in zip(kernels, dilations, strict=True)]
    assert receptive_field(kernels, strides, dilations) == receptive_field(effective, strides)


@pytest.mark.parametrize(
    ("cin", "cout", "k", "bias"), [(3, 64, 3, True), (64, 128, 1, False), (16, 16, 5, True)]
)
def test_conv_params_matches_torch(cin: int, cout: int, k: int, bias: bool) -> None:
    layer = torch.nn.Conv2d(cin, cout, k, bias=bias)
    assert conv_params(cin, cout, k, bias) == sum(p.numel() for p in layer.parameters())


@pytest.mark.parametrize(
    ("cin", "cout", "k", "groups", "bias"),
    [
        (32, 32, 3, 32, True),  # depthwise
        (32, 32, 3, 32, False),
        (32, 64, 3, 32, True),  # depthwise with channel multiplier 2
        (64, 128, 3, 4, True),  # ResNeXt-style grouped
        (12, 6, (1, 7), 3, False),  # rectangular kernel
        (8, 16, (5, 3), 1, True),
        (16, 16, 1, 2, True),
    ],
)
def test_grouped_conv_params_matches_torch(
    cin: int, cout: int, k: int | tuple[int, int], groups: int, bias: bool
) -> None:
    layer = torch.nn.Conv2d(cin, cout, k, groups=groups, bias=bias)
    expected = sum(p.numel() for p in layer.parameters())
    assert conv_params(cin, cout, k, bias=bias, groups=groups) == expected


def test_depthwise_separable_saves_parameters() -> None:
    c = 128
    full = conv_params(c, c, 3, bias=False)
    separable = conv_params(c, c, 3, bias=False, groups=c) + conv_params(c, c, 1, bias=False)
    assert (full, separable) == (9 * c * c, 9 * c + c * c)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: conv2d(np.zeros((2, 2)), np.zeros((1, 1, 1, 1))),
            r"x must have shape \(C, H, W\)",
        ),
        (
            lambda: conv2d(np.zeros((2, 4, 4)), np.zeros((1, 3, 1, 1))),
            r"weight must have shape \(K, 2, kh, kw\)",
        ),
        (lambda: conv2d(np.full((1, 4, 4), np.nan), np.zeros((1, 1, 1, 1))), "finite"),
        (
            lambda: conv2d(np.zeros((1, 2, 2)), np.zeros((1, 1, 3, 3))),
            "larger than the padded input",
        ),
        (lambda: conv2d(np.zeros((1, 4, 4)), np.zeros((1, 1, 1, 1)), stride=0), "stride must be"),
        (lambda: conv_output_size(4, 7), "exceeds padded size"),
        (lambda: conv_output_size(4, 3, padding=-1), "padding must be"),
        (lambda: receptive_field([3, 3], [1]), "same length"),
        (lambda: receptive_field([3, 3], [1, 1], [1]), "same length"),
        (lambda: receptive_field([3], [1], [0]), "dilations"),
        (lambda: conv_params(3, 0, 3), "out_ch must be"),
        (lambda: conv_params(6, 8, 3, groups=4), "divisible by groups"),
        (lambda: conv_params(8, 6, 3, groups=4), "divisible by groups"),
        (lambda: conv_params(4, 4, 3, groups=0), "groups must be"),
        (lambda: conv_params(4, 4, (3, 3, 3)), r"\(kh, kw\) pair"),
        (lambda: conv_params(4, 4, (3, 0)), r"k\[1\] must be"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
