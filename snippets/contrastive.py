"""Contrastive losses: InfoNCE, the symmetric CLIP-style loss and SimCLR's NT-Xent.

Embeddings are ``(N, D)`` arrays; row ``i`` of the two views (or of the image and text
batches) is a positive pair, every other row is a negative. Rows are L2-normalised inside
each function, so similarities are cosines and ``temperature`` sets the logit scale.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["clip_loss", "info_nce", "nt_xent"]


def _normalised_pair(a: ArrayLike, b: ArrayLike, temperature: float) -> tuple[NDArray, NDArray]:
    za = np.asarray(a, dtype=np.float64)
    zb = np.asarray(b, dtype=np.float64)
    if za.ndim != 2 or za.shape != zb.shape or za.shape[0] < 2:
        raise ValueError(f"need two (N, D) arrays of the same shape with N >= 2, got {za.shape}")
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    na = np.linalg.norm(za, axis=1, keepdims=True)
    nb = np.linalg.norm(zb, axis=1, keepdims=True)
    if np.any(na == 0) or np.any(nb == 0):
        raise ValueError("embeddings must be non-zero vectors")
    return za / na, zb / nb


def _cross_entropy_diag(logits: NDArray) -> float:
    """Mean over rows of -log softmax(logits)[i, i] (stable log-sum-exp)."""
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - np.diag(logits)))


# --8<-- [start:info_nce]
def info_nce(queries: ArrayLike, keys: ArrayLike, temperature: float = 0.1) -> float:
    """InfoNCE: cross-entropy of picking key ``i`` for query ``i`` among all N keys.

    ``logits = q @ k.T / temperature`` (cosine similarities), label of row i is i. With
    uninformative embeddings every key is equally likely, so the loss is log N; a perfect
    encoder with orthogonal negatives drives it towards 0 as the temperature falls:

    >>> n = 8
    >>> same = np.ones((n, 4))  # every embedding identical: nothing to tell apart
    >>> round(info_nce(same, same), 6) == round(float(np.log(n)), 6)
    True
    >>> eye = np.eye(n)  # positives aligned (cos 1), negatives orthogonal (cos 0)
    >>> [round(info_nce(eye, eye, t), 4) for t in (1.0, 0.1, 0.01)]  # t=1: log(1 + 7/e)
    [1.274, 0.0003, 0.0]
    >>> rng = np.random.default_rng(0)
    >>> q, k = rng.standard_normal((2, n, 16))
    >>> round(info_nce(q, k), 4), round(info_nce(k, q), 4)  # not symmetric in q and k
    (3.5293, 3.3235)
    """
    q, k = _normalised_pair(queries, keys, temperature)
    return _cross_entropy_diag(q @ k.T / temperature)


def clip_loss(image_emb: ArrayLike, text_emb: ArrayLike, temperature: float = 0.07) -> float:
    """CLIP's symmetric loss: the mean of image-to-text and text-to-image InfoNCE.

    >>> rng = np.random.default_rng(1)
    >>> img, txt = rng.standard_normal((2, 6, 8))
    >>> both = (info_nce(img, txt, 0.07) + info_nce(txt, img, 0.07)) / 2
    >>> bool(np.isclose(clip_loss(img, txt), both))
    True
    """
    i2t = info_nce(image_emb, text_emb, temperature)
    t2i = info_nce(text_emb, image_emb, temperature)
    return 0.5 * (i2t + t2i)


# --8<-- [end:info_nce]


# --8<-- [start:nt_xent]
def nt_xent(view_a: ArrayLike, view_b: ArrayLike, temperature: float = 0.5) -> float:
    """SimCLR's NT-Xent over the 2N views: each view's positive is its partner, the other
    2N - 2 views are negatives, and the view itself is excluded from the denominator.

    Averaged over all 2N anchors. Uninformative embeddings give log(2N - 1), not log(2N):

    >>> n = 8
    >>> same = np.ones((n, 4))
    >>> round(nt_xent(same, same), 6) == round(float(np.log(2 * n - 1)), 6)
    True
    >>> rng = np.random.default_rng(0)
    >>> a = rng.standard_normal((n, 16))
    >>> b = a + 0.1 * rng.standard_normal((n, 16))  # two close views of each image
    >>> [round(nt_xent(a, b, t), 4) for t in (1.0, 0.5, 0.1)]
    [1.8488, 1.1559, 0.0134]
    """
    za, zb = _normalised_pair(view_a, view_b, temperature)
    z = np.concatenate([za, zb])  # (2N, D): rows 0..N-1 view a, rows N..2N-1 view b
    n = za.shape[0]
    logits = z @ z.T / temperature
    np.fill_diagonal(logits, -np.inf)  # a view is never its own candidate
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(2 * n), partner]))


# --8<-- [end:nt_xent]
