"""Reference checks for snippets.attention against torch (SDPA, MultiheadAttention, Conv2d,
interpolate, matrix_rank) and error handling of bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as nnf

from snippets.attention import (
    attention_macs,
    lora_merge,
    lora_param_count,
    multi_head_attention,
    num_patch_tokens,
    patch_embed,
    resize_pos_embed,
    scaled_dot_product_attention,
)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("use_mask", [False, True])
def test_sdpa_matches_torch(seed: int, use_mask: bool) -> None:
    rng = np.random.default_rng(seed)
    b, h, n, m, d, dv = 2, 3, int(rng.integers(1, 9)), int(rng.integers(1, 9)), 8, 5
    q, k = rng.normal(size=(b, h, n, d)), rng.normal(size=(b, h, m, d))
    v = rng.normal(size=(b, h, m, dv))
    mask = None
    if use_mask:
        mask = rng.random((b, 1, n, m)) < 0.6
        mask[..., 0] = True  # every query keeps at least one key
    ref = nnf.scaled_dot_product_attention(
        *(torch.from_numpy(t) for t in (q, k, v)),
        attn_mask=None if mask is None else torch.from_numpy(mask),
    )
    out, w = scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(out, ref.numpy(), atol=1e-12)
    assert w.shape == (b, h, n, m)


def test_sdpa_custom_scale_and_causal_match_torch() -> None:
    rng = np.random.default_rng(7)
    q, k, v = rng.normal(size=(3, 6, 4))
    ref = nnf.scaled_dot_product_attention(
        *(torch.from_numpy(t) for t in (q, k, v)), is_causal=True, scale=0.3
    )
    out, _ = scaled_dot_product_attention(q, k, v, mask=np.tril(np.ones((6, 6), bool)), scale=0.3)
    np.testing.assert_allclose(out, ref.numpy(), atol=1e-12)


@pytest.mark.parametrize(("d", "heads"), [(16, 1), (16, 4), (24, 3), (32, 8)])
def test_mha_matches_torch_multihead_attention(d: int, heads: int) -> None:
    rng = np.random.default_rng(d * heads)
    n = 7
    x = rng.normal(size=(n, d))
    layer = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True).double()
    w_qkv = layer.in_proj_weight.detach().numpy()
    w_out = layer.out_proj.weight.detach().numpy()
    with torch.no_grad():
        ref, _ = layer(*(torch.from_numpy(x)[None],) * 3, need_weights=False)
    np.testing.assert_allclose(multi_head_attention(x, w_qkv, w_out, heads), ref[0], atol=1e-10)
    assert sum(p.numel() for p in layer.parameters()) == 4 * d * d


@pytest.mark.parametrize(("h", "w", "p"), [(32, 32, 16), (28, 42, 14), (8, 12, 4), (5, 5, 1)])
def test_patch_embed_equals_conv2d(h: int, w: int, p: int) -> None:
    rng = np.random.default_rng(h + w + p)
    x = rng.normal(size=(2, 3, h, w))
    conv = torch.nn.Conv2d(3, 7, kernel_size=p, stride=p).double()
    with torch.no_grad():
        ref = conv(torch.from_numpy(x)).flatten(2).transpose(1, 2)  # (B, N, D), raster order
    out = patch_embed(x, conv.weight.detach().numpy(), conv.bias.detach().numpy(), p)
    np.testing.assert_allclose(out, ref.numpy(), atol=1e-10)
    assert out.shape[1] == num_patch_tokens(h, w, p)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ((14, 14), (24, 24)),
        ((16, 16), (37, 37)),
        ((7, 9), (4, 5)),
        ((3, 3), (3, 3)),
        ((1, 4), (2, 8)),
    ],
)
def test_resize_pos_embed_matches_torch_interpolate(
    old: tuple[int, int], new: tuple[int, int]
) -> None:
    rng = np.random.default_rng(sum(old) + sum(new))
    pos = rng.normal(size=(*old, 5))
    ref = nnf.interpolate(
        torch.from_numpy(pos).permute(2, 0, 1)[None], size=new, mode="bilinear", align_corners=False
    )[0].permute(1, 2, 0)
    np.testing.assert_allclose(resize_pos_embed(pos, new), ref.numpy(), atol=1e-12)


def test_attention_macs_counts_match_a_measured_layer() -> None:
    # count the multiply-accumulates of an explicit single-head layer by its matmul shapes
    h, w, c, m = 8, 8, 16, 4
    n = h * w
    proj = 4 * n * c * c  # x Wq, x Wk, x Wv, out Wo
    assert attention_macs(h, w, c) == proj + n * n * c + n * n * c
    windows = (h // m) * (w // m)
    assert attention_macs(h, w, c, window=m) == proj + windows * 2 * (m * m) ** 2 * c


@pytest.mark.parametrize("seed", range(4))
def test_lora_merge_matches_torch_two_branch_layer(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d_in, d_out, r, alpha = 12, 9, int(rng.integers(1, 5)), 8.0
    w, a, b = (
        rng.normal(size=(d_out, d_in)),
        rng.normal(size=(r, d_in)),
        rng.normal(size=(d_out, r)),
    )
    x = torch.from_numpy(rng.normal(size=(5, d_in)))
    ref = (
        x @ torch.from_numpy(w).T
        + (alpha / r) * (x @ torch.from_numpy(a).T) @ torch.from_numpy(b).T
    )
    merged = lora_merge(w, a, b, alpha)
    np.testing.assert_allclose(x.numpy() @ merged.T, ref.numpy(), atol=1e-10)
    assert int(torch.linalg.matrix_rank(torch.from_numpy(merged - w))) == r
    lora, full = lora_param_count(d_in, d_out, r)
    assert lora == a.size + b.size and full == w.size


def test_lora_param_count_matches_a_torch_low_rank_pair() -> None:
    a, b = torch.nn.Linear(768, 8, bias=False), torch.nn.Linear(8, 768, bias=False)
    assert lora_param_count(768, 768, 8)[0] == sum(
        p.numel() for p in [*a.parameters(), *b.parameters()]
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: scaled_dot_product_attention(np.ones(3), np.ones((3, 2)), np.ones((3, 2))),
            "shape",
        ),
        (
            lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4))),
            "feature",
        ),
        (
            lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((4, 3))),
            "token",
        ),
        (
            lambda: scaled_dot_product_attention(
                *(np.ones((2, 3)),) * 3, mask=np.zeros((2, 2), bool)
            ),
            "mask",
        ),
        (
            lambda: multi_head_attention(np.ones((4, 6)), np.ones((18, 6)), np.ones((6, 6)), 4),
            "divisible",
        ),
        (lambda: multi_head_attention(np.ones(6), np.ones((18, 6)), np.ones((6, 6)), 2), "shape"),
        (
            lambda: multi_head_attention(np.ones((4, 6)), np.ones((6, 6)), np.ones((6, 6)), 2),
            "expected",
        ),
        (
            lambda: multi_head_attention(np.ones((4, 6)), np.ones((18, 6)), np.ones((6, 6)), 0),
            "positive",
        ),
        (lambda: patch_embed(np.ones((3, 8, 8)), np.ones((2, 3, 4, 4)), np.ones(2), 4), "shape"),
        (
            lambda: patch_embed(np.ones((1, 3, 8, 9)), np.ones((2, 3, 4, 4)), np.ones(2), 4),
            "multiple",
        ),
        (
            lambda: patch_embed(np.ones((1, 3, 8, 8)), np.ones((2, 1, 4, 4)), np.ones(2), 4),
            "weight",
        ),
        (lambda: num_patch_tokens(8, 8, 16), "smaller"),
        (lambda: num_patch_tokens(224, 224, 16, extra_tokens=-1), "extra_tokens"),
        (lambda: num_patch_tokens(224, 224.5, 16), "positive"),
        (lambda: num_patch_tokens(True, 224, 16), "positive"),
        (lambda: attention_macs(10, 10, 8, window=7), "multiple"),
        (lambda: attention_macs(0, 10, 8), "positive"),
        (lambda: resize_pos_embed(np.ones((4, 4)), (8, 8)), "shape"),
        (lambda: resize_pos_embed(np.ones((4, 4, 2)), (8, 0)), "positive"),
        (lambda: lora_param_count(8, 8, 9), "exceeds"),
        (lambda: lora_merge(np.ones((4, 3)), np.ones((2, 3)), np.ones((3, 2)), 1.0), "expected"),
        (lambda: lora_merge(np.ones(4), np.ones((2, 3)), np.ones((3, 2)), 1.0), "2-D"),
    ],
)
def test_bad_input_raises_value_error(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
