"""Attention from scratch: scaled dot-product and multi-head attention, ViT patch embedding,
token counts and attention cost, position-embedding resizing and LoRA arithmetic.

Shapes follow PyTorch: tokens on the second-to-last axis, features on the last, so
``q`` is ``(..., N, d)``. Masks follow ``torch.nn.functional.scaled_dot_product_attention``:
a boolean ``True`` means "this query may attend to this key".
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "attention_macs",
    "lora_merge",
    "lora_param_count",
    "multi_head_attention",
    "num_patch_tokens",
    "patch_embed",
    "resize_pos_embed",
    "scaled_dot_product_attention",
]


def _positive_int(name: str, value: int) -> int:
    """Return ``value`` as an int, or raise a ``ValueError`` naming it if it is not >= 1."""
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


# --8<-- [start:scaled_dot_product_attention]
def scaled_dot_product_attention(
    q: ArrayLike,
    k: ArrayLike,
    v: ArrayLike,
    mask: ArrayLike | None = None,
    scale: float | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``softmax(q kᵀ · scale) v`` with an optional boolean mask; returns (output, weights).

    ``q`` is ``(..., N, d)``, ``k`` is ``(..., M, d)``, ``v`` is ``(..., M, d_v)``; the
    default scale is ``1 / sqrt(d)``. ``mask`` (broadcastable to ``(..., N, M)``) is ``True``
    where a query may attend to a key, as in PyTorch; a row with no allowed key is an error.

    >>> rng = np.random.default_rng(0)
    >>> q, k, v = rng.normal(size=(3, 5, 8))  # 5 tokens, d = 8
    >>> out, w = scaled_dot_product_attention(q, k, v)
    >>> out.shape, w.shape
    ((5, 8), (5, 5))
    >>> bool(np.allclose(w.sum(axis=-1), 1.0))  # each query's weights are a distribution
    True
    >>> bool(np.allclose(out, w @ v))  # output = weighted average of the values
    True
    >>> logits = q @ k.T / np.sqrt(8)  # the 1/sqrt(d) scaling, checked from the definition
    >>> bool(np.allclose(w, np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)))
    True
    >>> _, w0 = scaled_dot_product_attention(q, k, v, scale=0.0)  # an explicit scale is used
    >>> bool(np.allclose(w0, 1 / 5))  # scale 0: every key gets the same weight
    True
    >>> perm = rng.permutation(5)  # no position encoding: permuting tokens permutes outputs
    >>> out_p, _ = scaled_dot_product_attention(q[perm], k[perm], v[perm])
    >>> bool(np.allclose(out_p, out[perm]))
    True
    >>> causal = np.tril(np.ones((5, 5), dtype=bool))  # True = may attend
    >>> out_c, w_c = scaled_dot_product_attention(q, k, v, mask=causal)
    >>> bool(np.all(w_c[~causal] == 0)), bool(np.allclose(out_c[0], v[0]))  # token 0 sees itself
    (True, True)
    """
    qa, ka, va = (np.asarray(t, dtype=np.float64) for t in (q, k, v))
    if qa.ndim < 2 or ka.ndim < 2 or va.ndim < 2:
        raise ValueError("q, k and v must have shape (..., tokens, features)")
    if qa.shape[-1] != ka.shape[-1]:
        raise ValueError(f"q and k feature sizes differ: {qa.shape[-1]} vs {ka.shape[-1]}")
    if ka.shape[-2] != va.shape[-2]:
        raise ValueError(f"k and v token counts differ: {ka.shape[-2]} vs {va.shape[-2]}")
    s = 1.0 / np.sqrt(qa.shape[-1]) if scale is None else float(scale)
    logits = (qa @ np.swapaxes(ka, -1, -2)) * s  # (..., N, M)
    if mask is not None:
        allowed = np.broadcast_to(np.asarray(mask, dtype=bool), logits.shape)
        if not np.all(allowed.any(axis=-1)):
            raise ValueError("mask leaves a query with no key to attend to")
        logits = np.where(allowed, logits, -np.inf)
    logits = logits - logits.max(axis=-1, keepdims=True)  # stable softmax
    weights = np.exp(logits)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ va, weights


# --8<-- [end:scaled_dot_product_attention]


# --8<-- [start:multi_head_attention]
def multi_head_attention(
    x: ArrayLike,
    w_qkv: ArrayLike,
    w_out: ArrayLike,
    num_heads: int,
) -> NDArray[np.float64]:
    """Multi-head self-attention of tokens ``x`` ``(N, D)`` with bias-free projections.

    ``w_qkv`` is ``(3D, D)`` (query, key and value projections stacked, PyTorch's
    ``in_proj_weight`` layout) and ``w_out`` is ``(D, D)``; each of the ``h`` heads works in
    ``D / h`` dimensions, so the parameter count is ``4 D²`` whatever ``h`` is.

    >>> rng = np.random.default_rng(1)
    >>> n, d = 196, 64  # ViT-B/16 at 224 px has 196 patch tokens (D = 768 there)
    >>> x = rng.normal(size=(n, d))
    >>> w_qkv, w_out = rng.normal(size=(3 * d, d)) / 8, rng.normal(size=(d, d)) / 8
    >>> multi_head_attention(x, w_qkv, w_out, num_heads=8).shape  # same shape in and out
    (196, 64)
    >>> w_qkv.size + w_out.size == 4 * d * d  # parameters do not depend on the head count
    True
    >>> q, k, v = np.split(x @ w_qkv.T, 3, axis=-1)  # one head = plain attention, then w_out
    >>> one = scaled_dot_product_attention(q, k, v)[0] @ w_out.T
    >>> bool(np.allclose(multi_head_attention(x, w_qkv, w_out, num_heads=1), one))
    True
    >>> bool(np.allclose(multi_head_attention(x, w_qkv, w_out, 8), one))  # heads differ
    False
    >>> heads = multi_head_attention(x, w_qkv, np.eye(d), 8)  # W_O = I shows the concatenation
    >>> head2 = scaled_dot_product_attention(q[:, 16:24], k[:, 16:24], v[:, 16:24])[0]
    >>> bool(np.allclose(heads[:, 16:24], head2))  # head 2 attends within its own 8-dim slice
    True
    """
    xa = np.asarray(x, dtype=np.float64)
    h = _positive_int("num_heads", num_heads)
    if xa.ndim != 2:
        raise ValueError(f"x must have shape (tokens, D), got {xa.shape}")
    n, d = xa.shape
    if d % h:
        raise ValueError(f"D = {d} is not divisible by num_heads = {h}")
    wq = np.asarray(w_qkv, dtype=np.float64)
    wo = np.asarray(w_out, dtype=np.float64)
    if wq.shape != (3 * d, d) or wo.shape != (d, d):
        raise ValueError(f"expected w_qkv {(3 * d, d)} and w_out {(d, d)}")
    qkv = (xa @ wq.T).reshape(n, 3, h, d // h).transpose(1, 2, 0, 3)  # (3, h, N, D/h)
    heads, _ = scaled_dot_product_attention(qkv[0], qkv[1], qkv[2])  # (h, N, D/h)
    return heads.transpose(1, 0, 2).reshape(n, d) @ wo.T  # concatenate heads, project


# --8<-- [end:multi_head_attention]


# --8<-- [start:patch_embed]
def patch_embed(
    images: ArrayLike, weight: ArrayLike, bias: ArrayLike, patch: int
) -> NDArray[np.float64]:
    """ViT patch embedding: cut ``(B, C, H, W)`` into ``p × p`` patches, flatten, project.

    ``weight`` is ``(D, C, p, p)`` and ``bias`` ``(D,)``, the layout of
    ``torch.nn.Conv2d(C, D, kernel_size=p, stride=p)``; the result ``(B, N, D)`` lists
    tokens in raster order (row by row), ``N = (H / p)(W / p)``.

    >>> rng = np.random.default_rng(2)
    >>> imgs = rng.normal(size=(2, 3, 32, 48))
    >>> w, b = rng.normal(size=(10, 3, 16, 16)), rng.normal(size=10)
    >>> tokens = patch_embed(imgs, w, b, patch=16)
    >>> tokens.shape  # (32/16) * (48/16) = 6 tokens of dimension 10
    (2, 6, 10)
    >>> # token 4 = patch row 1, column 1: a dot product of that patch with each filter
    >>> ref = np.einsum("chw,dchw->d", imgs[0, :, 16:32, 16:32], w) + b
    >>> bool(np.allclose(tokens[0, 4], ref))
    True
    """
    x = np.asarray(images, dtype=np.float64)
    w = np.asarray(weight, dtype=np.float64)
    bv = np.asarray(bias, dtype=np.float64)
    p = _positive_int("patch", patch)
    if x.ndim != 4:
        raise ValueError(f"images must have shape (B, C, H, W), got {x.shape}")
    bsz, c, hh, ww = x.shape
    if hh % p or ww % p:
        raise ValueError(f"image size {(hh, ww)} is not a multiple of the patch size {p}")
    if w.shape[1:] != (c, p, p) or bv.shape != (w.shape[0],):
        raise ValueError(f"weight must be (D, {c}, {p}, {p}) and bias (D,)")
    gh, gw = hh // p, ww // p
    patches = x.reshape(bsz, c, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5)  # (B, gh, gw, C, p, p)
    flat = patches.reshape(bsz, gh * gw, c * p * p)  # each patch flattened in (C, p, p) order
    return flat @ w.reshape(w.shape[0], -1).T + bv  # one shared linear layer for every patch


# --8<-- [end:patch_embed]


# --8<-- [start:num_patch_tokens]
def num_patch_tokens(height: int, width: int, patch: int, extra_tokens: int = 0) -> int:
    """Number of tokens a ViT sees: ``(H // p) · (W // p)`` patches plus extra tokens.

    Extra tokens are the class token (1 in ViT) and any register tokens.

    >>> num_patch_tokens(224, 224, 16)  # ViT-B/16: a 14 x 14 grid
    196
    >>> num_patch_tokens(224, 224, 16, extra_tokens=1)  # with the class token
    197
    >>> num_patch_tokens(448, 448, 16) // num_patch_tokens(224, 224, 16)  # 2x side, 4x tokens
    4
    >>> num_patch_tokens(224, 224, 14)  # DINOv2 uses 14 px patches: 16 x 16 grid
    256
    >>> num_patch_tokens(230, 230, 16)  # a partial patch is dropped, as by a stride-p Conv2d
    196
    """
    h, w, p = (
        _positive_int(n, v) for n, v in (("height", height), ("width", width), ("patch", patch))
    )
    if h < p or w < p:
        raise ValueError(f"image {(h, w)} is smaller than one patch ({p})")
    if int(extra_tokens) != extra_tokens or extra_tokens < 0:
        raise ValueError(f"extra_tokens must be a non-negative integer, got {extra_tokens!r}")
    return (h // p) * (w // p) + int(extra_tokens)


# --8<-- [end:num_patch_tokens]


# --8<-- [start:attention_macs]
def attention_macs(grid_h: int, grid_w: int, dim: int, window: int | None = None) -> int:
    """Multiply-accumulates of one self-attention layer on an ``h × w`` token grid of width C.

    Global attention (Swin paper, eq. 1): ``4hwC²`` for the Q, K, V and output
    projections plus ``2(hw)²C`` for ``QKᵀ`` and the weighted sum of values. Window
    attention with ``M × M`` windows (eq. 2): ``4hwC² + 2M²hwC`` — linear in ``hw``.
    Softmax and the head count are ignored (heads split C, they do not add work).

    >>> g = attention_macs(56, 56, 96)  # Swin-T stage 1: 56 x 56 tokens, C = 96
    >>> w = attention_macs(56, 56, 96, window=7)
    >>> g == 4 * 56 * 56 * 96**2 + 2 * (56 * 56) ** 2 * 96
    True
    >>> round(g / w, 1)  # global attention costs 13.8x more here
    13.8
    >>> attention_macs(28, 28, 96, window=7) * 4 == w  # window cost: linear in the token count
    True
    >>> r = attention_macs(28, 28, 96) - 4 * 28 * 28 * 96**2  # the N^2 term alone...
    >>> (g - 4 * 56 * 56 * 96**2) // r  # ...grows 16x when the side doubles
    16
    >>> vit_b = attention_macs(14, 14, 768)  # ViT-B/16 at 224 px: N = 196, C = 768
    >>> n2 = 2 * 196**2 * 768  # the part that is quadratic in N
    >>> round((vit_b - n2) / n2, 2)  # projections cost 2C/N = 7.84x the N^2 part here
    7.84
    """
    h, w, c = (
        _positive_int(n, v) for n, v in (("grid_h", grid_h), ("grid_w", grid_w), ("dim", dim))
    )
    n = h * w
    if window is None:
        return 4 * n * c * c + 2 * n * n * c
    m = _positive_int("window", window)
    if h % m or w % m:
        raise ValueError(f"grid {(h, w)} is not a multiple of the window {m}")
    return 4 * n * c * c + 2 * m * m * n * c


# --8<-- [end:attention_macs]


def _interp_matrix(new: int, old: int) -> NDArray[np.float64]:
    """(new, old) linear-interpolation matrix, half-pixel centres (``align_corners=False``)."""
    src = np.clip((np.arange(new) + 0.5) * old / new - 0.5, 0, old - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, old - 1)
    frac = src - lo
    m = np.zeros((new, old))
    np.add.at(m, (np.arange(new), lo), 1 - frac)
    np.add.at(m, (np.arange(new), hi), frac)
    return m


# --8<-- [start:resize_pos_embed]
def resize_pos_embed(pos: ArrayLike, new_grid: tuple[int, int]) -> NDArray[np.float64]:
    """Bilinearly resample learned patch position embeddings ``(gh, gw, D)`` to a new grid.

    Half-pixel centres, as ``torch.nn.functional.interpolate(..., mode="bilinear",
    align_corners=False)``. Strip the class token first; it has no position.

    >>> rng = np.random.default_rng(3)
    >>> pos = rng.normal(size=(14, 14, 8))  # 224 px with 16 px patches
    >>> resize_pos_embed(pos, (24, 24)).shape  # fine-tune at 384 px: 24 x 24 patches
    (24, 24, 8)
    >>> bool(np.allclose(resize_pos_embed(pos, (14, 14)), pos))  # same grid: unchanged
    True
    >>> ramp = np.broadcast_to(np.arange(4.0)[None, :, None], (2, 4, 1))  # x = 0, 1, 2, 3
    >>> resize_pos_embed(ramp, (2, 8))[0, :, 0].tolist()  # half-pixel centres
    [0.0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.0]
    """
    p = np.asarray(pos, dtype=np.float64)
    if p.ndim != 3:
        raise ValueError(f"pos must have shape (grid_h, grid_w, D), got {p.shape}")
    nh, nw = (_positive_int(n, v) for n, v in zip(("new_h", "new_w"), new_grid, strict=True))
    mh, mw = _interp_matrix(nh, p.shape[0]), _interp_matrix(nw, p.shape[1])
    return np.einsum("ai,ijc,bj->abc", mh, p, mw)  # separable: rows, then columns


# --8<-- [end:resize_pos_embed]


# --8<-- [start:lora_param_count]
def lora_param_count(d_in: int, d_out: int, rank: int) -> tuple[int, int]:
    """Trainable parameters of a LoRA update ``B A`` vs fine-tuning the full ``d_out × d_in`` W.

    ``A`` is ``r × d_in`` and ``B`` is ``d_out × r``, so LoRA trains ``r (d_in + d_out)``
    values; returns ``(lora, full)``.

    >>> lora, full = lora_param_count(768, 768, rank=8)  # one ViT-B projection matrix
    >>> lora, full
    (12288, 589824)
    >>> round(100 * lora / full, 2)  # per cent of the matrix that is trained
    2.08
    >>> lora_param_count(768, 3072, rank=8)  # MLP layer 1: 8 * (768 + 3072) vs 768 * 3072
    (30720, 2359296)
    """
    a, b, r = (_positive_int(n, v) for n, v in (("d_in", d_in), ("d_out", d_out), ("rank", rank)))
    if r > min(a, b):
        raise ValueError(f"rank {r} exceeds min(d_in, d_out) = {min(a, b)}")
    return r * (a + b), a * b


# --8<-- [end:lora_param_count]


# --8<-- [start:lora_merge]
def lora_merge(
    weight: ArrayLike, lora_a: ArrayLike, lora_b: ArrayLike, alpha: float
) -> NDArray[np.float64]:
    """Merged LoRA weight ``W + (alpha / r) · B A`` (the scaling of Hu et al., 2021).

    After merging, inference costs exactly what the base layer costs.

    >>> rng = np.random.default_rng(4)
    >>> w = rng.normal(size=(6, 5))
    >>> a, b = rng.normal(size=(2, 5)), np.zeros((6, 2))  # B starts at zero
    >>> bool(np.allclose(lora_merge(w, a, b, alpha=16), w))  # so training starts from W
    True
    >>> b = rng.normal(size=(6, 2))
    >>> x = rng.normal(size=5)
    >>> merged = lora_merge(w, a, b, alpha=16)
    >>> bool(np.allclose(merged @ x, w @ x + (16 / 2) * (b @ (a @ x))))  # = the two-branch layer
    True
    >>> int(np.linalg.matrix_rank(merged - w))  # the update has rank r = 2
    2
    """
    w = np.asarray(weight, dtype=np.float64)
    a = np.asarray(lora_a, dtype=np.float64)
    b = np.asarray(lora_b, dtype=np.float64)
    if w.ndim != 2 or a.ndim != 2 or b.ndim != 2:
        raise ValueError("weight, lora_a and lora_b must be 2-D")
    r = a.shape[0]
    if a.shape[1] != w.shape[1] or b.shape != (w.shape[0], r):
        raise ValueError(f"expected lora_a (r, {w.shape[1]}) and lora_b ({w.shape[0]}, r)")
    return w + (float(alpha) / r) * (b @ a)


# --8<-- [end:lora_merge]
