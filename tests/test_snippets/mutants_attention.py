"""Mutants of snippets/attention.py (vision-transformers page); run by test_mutants.py."""

from __future__ import annotations

from tests.test_snippets.mutants import Mutant, m

MUTANTS: list[Mutant] = [
    m(
        "attention",
        "scaled_dot_product_attention",
        "no 1/sqrt(d) scaling",
        ("1.0 / np.sqrt(qa.shape[-1]) if scale", "1.0 if scale"),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "scaled by 1/d instead of 1/sqrt(d)",
        ("1.0 / np.sqrt(qa.shape[-1]) if scale", "1.0 / qa.shape[-1] if scale"),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "softmax over the query axis",
        (
            "weights /= weights.sum(axis=-1, keepdims=True)",
            "weights /= weights.sum(axis=-2, keepdims=True)",
        ),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "mask ignored",
        ("logits = np.where(allowed, logits, -np.inf)", "logits = logits"),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "mask polarity inverted (True = blocked)",
        ("np.where(allowed, logits, -np.inf)", "np.where(~allowed, logits, -np.inf)"),
        ("if not np.all(allowed.any(axis=-1)):", "if False:"),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "k used as the values",
        ("return weights @ va, weights", "return weights @ ka, weights"),
    ),
    m(
        "attention",
        "multi_head_attention",
        "heads split the wrong axis (tokens mixed)",
        (
            "reshape(n, 3, h, d // h).transpose(1, 2, 0, 3)",
            "reshape(3, h, n, d // h).transpose(0, 1, 2, 3)",
        ),
    ),
    m(
        "attention",
        "scaled_dot_product_attention",
        "explicit scale argument ignored",
        ("if scale is None else float(scale)", "if True else float(scale)"),
    ),
    m(
        "attention",
        "multi_head_attention",
        "heads concatenated without moving the head axis (features scrambled)",
        ("heads.transpose(1, 0, 2).reshape(n, d)", "heads.reshape(n, d)"),
    ),
    m(
        "attention",
        "num_patch_tokens",
        "partial patches counted (ceil instead of floor)",
        ("(h // p) * (w // p)", "(-(-h // p)) * (-(-w // p))"),
    ),
    m(
        "attention",
        "multi_head_attention",
        "output projection missing",
        ("reshape(n, d) @ wo.T", "reshape(n, d)"),
    ),
    m(
        "attention",
        "multi_head_attention",
        "num_heads ignored (always one head)",
        ('h = _positive_int("num_heads", num_heads)', 'h = 1 + 0 * _positive_int("nh", num_heads)'),
    ),
    m(
        "attention",
        "patch_embed",
        "patches cut in the wrong order (column-major tokens)",
        ("transpose(0, 2, 4, 1, 3, 5)", "transpose(0, 4, 2, 1, 3, 5)"),
    ),
    m(
        "attention",
        "patch_embed",
        "bias dropped",
        ("w.reshape(w.shape[0], -1).T + bv", "w.reshape(w.shape[0], -1).T"),
    ),
    m(
        "attention",
        "patch_embed",
        "patch pixels flattened as (p, p, C) against (C, p, p) filters",
        ("transpose(0, 2, 4, 1, 3, 5)", "transpose(0, 2, 4, 3, 5, 1)"),
    ),
    m(
        "attention",
        "num_patch_tokens",
        "off-by-one grid (ceil + 1)",
        ("(h // p) * (w // p)", "(h // p + 1) * (w // p)"),
    ),
    m(
        "attention",
        "num_patch_tokens",
        "extra tokens ignored",
        ("(w // p) + int(extra_tokens)", "(w // p)"),
    ),
    m(
        "attention",
        "attention_macs",
        "attention term linear, not quadratic",
        ("4 * n * c * c + 2 * n * n * c", "4 * n * c * c + 2 * n * c"),
    ),
    m(
        "attention",
        "attention_macs",
        "projections counted once, not four times",
        ("return 4 * n * c * c + 2 * n * n * c", "return n * c * c + 2 * n * n * c"),
    ),
    m(
        "attention",
        "attention_macs",
        "window size ignored",
        ("return 4 * n * c * c + 2 * m * m * n * c", "return 4 * n * c * c + 2 * n * n * c"),
    ),
    m(
        "attention",
        "resize_pos_embed",
        "align_corners=True grid",
        (
            "src = np.clip((np.arange(new) + 0.5) * old / new - 0.5, 0, old - 1)",
            "src = np.arange(new) * (old - 1) / max(new - 1, 1)",
        ),
    ),
    m(
        "attention",
        "resize_pos_embed",
        "height and width swapped",
        (
            "mh, mw = _interp_matrix(nh, p.shape[0]), _interp_matrix(nw, p.shape[1])",
            "mh, mw = _interp_matrix(nw, p.shape[0]), _interp_matrix(nh, p.shape[1])",
        ),
    ),
    m(
        "attention",
        "resize_pos_embed",
        "nearest neighbour instead of bilinear",
        ("frac = src - lo", "frac = np.round(src - lo)"),
    ),
    m(
        "attention",
        "lora_param_count",
        "rank ignored (counts d_in + d_out)",
        ("return r * (a + b), a * b", "return a + b, a * b"),
    ),
    m(
        "attention",
        "lora_param_count",
        "full-rank count squared on d_in",
        ("return r * (a + b), a * b", "return r * (a + b), a * a"),
    ),
    m(
        "attention",
        "lora_merge",
        "alpha not divided by r",
        ("(float(alpha) / r) * (b @ a)", "float(alpha) * (b @ a)"),
    ),
    m(
        "attention",
        "lora_merge",
        "rank read from B's rows (d_out) instead of A's",
        ("r = a.shape[0]", "r = b.shape[0]"),
    ),
    m(
        "attention",
        "lora_merge",
        "update replaces W instead of adding to it",
        ("return w + (float(alpha) / r) * (b @ a)", "return 0 * w + (float(alpha) / r) * (b @ a)"),
    ),
]
