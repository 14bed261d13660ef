"""Numerically stable losses and class-imbalance weights: softmax, cross-entropy, BCE,
sigmoid focal loss (Lin et al., 2017), class-balanced weights (Cui et al., 2019).

Stability rule: never compute ``log(sigmoid(z))`` or ``exp(z)`` directly for large
``|z|``; use ``log_sigmoid(z) = -logaddexp(0, -z)`` and subtract the max before ``exp``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "binary_cross_entropy_with_logits",
    "class_balanced_weights",
    "cross_entropy",
    "inverse_frequency_weights",
    "sigmoid_focal_loss",
    "softmax",
]


def _as_float(values: ArrayLike, name: str, shape: tuple[int, ...] | None = None) -> NDArray:
    """Return a finite float64 array (of ``shape`` if given) or raise a ``ValueError`` naming it."""
    arr = np.asarray(values, dtype=np.float64)
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


def _as_counts(counts: ArrayLike) -> NDArray[np.float64]:
    arr = _as_float(counts, "counts")
    if arr.ndim != 1 or arr.size == 0 or np.any(arr <= 0):
        raise ValueError(f"counts must be a non-empty (C,) array of positive counts, got {arr}")
    return arr


# --8<-- [start:softmax]
def softmax(logits: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """Softmax along ``axis``, stable: subtract the max before exponentiating.

    >>> p = softmax([1000.0, 1000.0, 0.0])  # exp(1000) would overflow to inf
    >>> p.round(6).tolist(), bool(np.isclose(p.sum(), 1.0))
    ([0.5, 0.5, 0.0], True)
    >>> shifted = softmax([101.0, 102.0, 103.0])
    >>> bool(np.allclose(softmax([1.0, 2.0, 3.0]), shifted))  # invariant to adding a constant
    True
    >>> z = np.arange(6.0).reshape(2, 3)
    >>> softmax(z).sum(axis=1).round(6).tolist(), softmax(z, axis=0).sum(axis=0).round(6).tolist()
    ([1.0, 1.0], [1.0, 1.0, 1.0])
    """
    z = _as_float(logits, "logits")
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


# --8<-- [end:softmax]


# --8<-- [start:cross_entropy]
def cross_entropy(logits: ArrayLike, targets: ArrayLike, ignore_index: int | None = None) -> float:
    """Mean cross-entropy of ``(N, C)`` or ``(N, C, d1, ...)`` logits via log-sum-exp.

    ``-log softmax(z)[y] = logsumexp(z) - z[y]``, never forming the probabilities. Targets
    are integers of shape ``(N,)`` or ``(N, d1, ...)``; for segmentation, ``(N, C, H, W)``
    logits and ``(N, H, W)`` labels. Targets equal to ``ignore_index`` (e.g. 255) are left
    out of both the sum and the count, as in ``torch.nn.functional.cross_entropy``; if every
    target is ignored the mean is 0/0 and, like torch, the result is ``nan``.

    >>> cross_entropy([[1000.0, 0.0], [0.0, 1000.0]], [0, 1])  # confident and right: no overflow
    0.0
    >>> round(cross_entropy([[1000.0, 0.0]], [1]), 6)  # confident and wrong: finite, = 1000
    1000.0
    >>> bool(np.isclose(cross_entropy(np.zeros((4, 10)), [0, 1, 2, 3]), np.log(10)))  # uniform
    True
    >>> rng = np.random.default_rng(0)
    >>> z, y = rng.normal(size=(2, 3, 4, 4)), rng.integers(0, 3, size=(2, 4, 4))  # (N, C, H, W)
    >>> rows, labels = z.transpose(0, 2, 3, 1).reshape(-1, 3), y.reshape(-1)  # pixels as rows
    >>> bool(np.isclose(cross_entropy(z, y), cross_entropy(rows, labels)))
    True
    >>> y[:, :2] = 255  # ignore the top half: the mean runs over the labelled pixels only
    >>> keep = y.reshape(-1) != 255
    >>> labelled_only = cross_entropy(rows[keep], labels[keep])
    >>> bool(np.isclose(cross_entropy(z, y, ignore_index=255), labelled_only))
    True
    >>> cross_entropy([[1.0, 2.0]], [255], ignore_index=255)  # nothing labelled: nan, as torch
    nan
    """
    z = _as_float(logits, "logits")
    if z.ndim < 2:
        raise ValueError(f"logits must have shape (N, C) or (N, C, d1, ...), got {z.shape}")
    n_classes = z.shape[1]
    y = np.asarray(targets)
    expected = (z.shape[0], *z.shape[2:])
    message = f"targets must be {expected} integers in [0, {n_classes}) or {ignore_index=}"
    if y.shape != expected or y.dtype.kind not in "iu":
        raise ValueError(message)
    keep = np.ones(y.shape, dtype=bool) if ignore_index is None else y != ignore_index
    if np.any((y[keep] < 0) | (y[keep] >= n_classes)):
        raise ValueError(message)
    if not np.any(keep):
        return float("nan")  # 0 / 0, as torch
    z = np.moveaxis(z, 1, -1)[keep]  # (M, C): one row per kept target
    y = y[keep]
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    return float(np.mean(lse - z[np.arange(len(y)), y]))


# --8<-- [end:cross_entropy]


# --8<-- [start:binary_cross_entropy_with_logits]
def binary_cross_entropy_with_logits(logits: ArrayLike, targets: ArrayLike) -> float:
    """Mean binary cross-entropy on logits: ``max(z, 0) - z·t + log(1 + exp(-|z|))``.

    >>> binary_cross_entropy_with_logits([100.0, -100.0], [1.0, 0.0]) < 1e-40  # no log(0)
    True
    >>> round(binary_cross_entropy_with_logits([0.0], [1.0]), 6) == round(float(np.log(2)), 6)
    True
    """
    z = _as_float(logits, "logits")
    t = _as_float(targets, "targets", z.shape)
    return float(np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))))


# --8<-- [end:binary_cross_entropy_with_logits]


# --8<-- [start:sigmoid_focal_loss]
def sigmoid_focal_loss(
    logits: ArrayLike,
    targets: ArrayLike,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    normalizer: float | None = None,
) -> float:
    """Binary focal loss ``-α_t (1 - p_t)^γ log p_t``, summed and divided by ``normalizer``.

    ``normalizer=None`` divides by the number of elements (the mean, torchvision's
    ``reduction="mean"``). RetinaNet sums over all anchors and classes and divides by the
    number of positive anchors: pass ``normalizer=num_pos`` (implementations use
    ``max(1, num_pos)`` so an image without objects does not divide by zero).

    ``p_t`` is the predicted probability of the true label; ``α_t = α`` for positives and
    ``1 - α`` for negatives (``alpha=None``: no weighting). This is the convention of
    torchvision's ``sigmoid_focal_loss`` and kornia's ``binary_focal_loss_with_logits``.
    Logs are taken as log-sigmoids, so large logits are safe.

    >>> rng = np.random.default_rng(0)
    >>> z, t = rng.normal(size=100) * 3, rng.integers(0, 2, size=100).astype(float)
    >>> bce = binary_cross_entropy_with_logits(z, t)
    >>> bool(np.isclose(sigmoid_focal_loss(z, t, alpha=None, gamma=0.0), bce))  # γ=0: BCE
    True
    >>> bool(np.isclose(sigmoid_focal_loss(z, t, alpha=0.5, gamma=0.0), 0.5 * bce))
    True
    >>> pos, neg = (sigmoid_focal_loss([0.0], [y], alpha=0.25, gamma=0.0) for y in (1.0, 0.0))
    >>> bool(np.isclose(pos, 0.25 * np.log(2))), bool(np.isclose(neg, 0.75 * np.log(2)))
    (True, True)
    >>> easy = float(np.log(9.0))  # logit of p = 0.9 for a positive: an easy example
    >>> ratio = binary_cross_entropy_with_logits([easy], [1.0]) / sigmoid_focal_loss(
    ...     [easy], [1.0], alpha=None, gamma=2.0)
    >>> round(ratio, 6)  # (1 - 0.9)² = 0.01: the easy example counts 100x less
    100.0
    >>> num_pos = int(t.sum())  # RetinaNet: sum over every anchor, divide by the positives
    >>> total = sigmoid_focal_loss(z, t, normalizer=1.0)  # normalizer 1: the plain sum
    >>> bool(np.isclose(sigmoid_focal_loss(z, t, normalizer=num_pos), total / num_pos))
    True
    >>> bool(np.isclose(sigmoid_focal_loss(z, t, normalizer=z.size), sigmoid_focal_loss(z, t)))
    True
    """
    z = _as_float(logits, "logits")
    t = _as_float(targets, "targets", z.shape)
    if gamma < 0 or (alpha is not None and not 0.0 <= alpha <= 1.0):
        raise ValueError(f"need gamma >= 0 and alpha in [0, 1] or None, got {gamma=}, {alpha=}")
    if normalizer is not None and not (np.isfinite(normalizer) and normalizer > 0):
        raise ValueError(f"normalizer must be a finite number > 0 or None, got {normalizer!r}")
    log_p = -np.logaddexp(0.0, -z)  # log sigmoid(z)
    log_1mp = -np.logaddexp(0.0, z)  # log (1 - sigmoid(z))
    pos = -t * np.exp(gamma * log_1mp) * log_p  # (1 - p)^γ (-log p)
    neg = -(1.0 - t) * np.exp(gamma * log_p) * log_1mp  # p^γ (-log(1 - p))
    if alpha is not None:
        pos, neg = alpha * pos, (1.0 - alpha) * neg
    if normalizer is None:
        return float(np.mean(pos + neg))
    return float(np.sum(pos + neg)) / float(normalizer)


# --8<-- [end:sigmoid_focal_loss]


# --8<-- [start:class_balanced_weights]
def class_balanced_weights(counts: ArrayLike, beta: float = 0.999) -> NDArray[np.float64]:
    """Class-balanced weights (Cui et al., 2019): inverse *effective number* of samples.

    ``E_n = (1 - β^n) / (1 - β)``; weights ``∝ 1 / E_n``, normalised to sum to the number
    of classes. β -> 0 gives equal weights, β -> 1 inverse frequency.

    >>> counts = np.array([5000, 500, 50])
    >>> w = class_balanced_weights(counts, beta=0.999)
    >>> bool(np.isclose(w.sum(), len(counts))), bool(np.all(np.diff(w) > 0))  # rarer -> heavier
    (True, True)
    >>> float(w[2] / w[0]) < float(counts[0] / counts[2])  # gentler than inverse frequency
    True
    >>> bool(np.allclose(class_balanced_weights(counts, beta=0.0), 1.0))
    True
    """
    n = _as_counts(counts)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    # 1 - β^n computed as -expm1(n log β): accurate when β is close to 1.
    effective = -np.expm1(n * np.log(beta)) / (1.0 - beta) if beta > 0 else np.ones_like(n)
    w = 1.0 / effective
    return w * len(n) / w.sum()


# --8<-- [end:class_balanced_weights]


# --8<-- [start:inverse_frequency_weights]
def inverse_frequency_weights(counts: ArrayLike) -> NDArray[np.float64]:
    """Weights ``∝ 1 / n_c`` normalised to sum to the number of classes.

    >>> w = inverse_frequency_weights([900, 100])
    >>> w.round(6).tolist(), bool(np.isclose(w[1] / w[0], 9.0))  # 9x rarer -> 9x weight
    ([0.2, 1.8], True)
    """
    n = _as_counts(counts)
    w = 1.0 / n
    return w * len(n) / w.sum()


# --8<-- [end:inverse_frequency_weights]
