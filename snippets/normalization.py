"""Batch normalisation written out in NumPy, with PyTorch's conventions.

The interview trap: BatchNorm does *not* "output mean 0, std 1". It standardises with
the batch statistics and then applies a learned affine map, ``gamma * x_hat + beta``,
so the output has per-channel mean ``beta`` and std ``|gamma|`` during training, and
whatever the running statistics give at inference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["batch_norm"]


def _as_channel_vector(value: ArrayLike, name: str, channels: int) -> NDArray[np.float64]:
    """Return ``value`` as a finite float64 ``(C,)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != (channels,):
        raise ValueError(f"{name} must have shape (C,) = ({channels},), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:batch_norm]
def batch_norm(
    x: ArrayLike,
    gamma: ArrayLike,
    beta: ArrayLike,
    running_mean: ArrayLike,
    running_var: ArrayLike,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """BatchNorm over ``(N, C, H, W)`` -> ``(y, new_running_mean, new_running_var)``.

    Training: per channel, normalise with the batch mean and the *biased* batch
    variance (divide by ``n = N*H*W``), then update the running statistics with the
    *unbiased* variance (divide by ``n - 1``), exactly as ``torch.nn.BatchNorm2d``:
    ``running = (1 - momentum) * running + momentum * batch``. Inference: normalise with
    the running statistics, which are returned unchanged. Inputs are never modified.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(5.0, 3.0, size=(8, 2, 4, 4))
    >>> ones, zeros = np.ones(2), np.zeros(2)
    >>> y, rm, rv = batch_norm(x, ones, zeros, zeros, ones, training=True)
    >>> bool(np.allclose(y.mean(axis=(0, 2, 3)), 0)), bool(np.allclose(y.std(axis=(0, 2, 3)), 1))
    (True, True)
    >>> y, _, _ = batch_norm(x, [2.0, 2.0], [3.0, 3.0], zeros, ones, training=True)
    >>> y.mean(axis=(0, 2, 3)).round(6).tolist(), y.std(axis=(0, 2, 3)).round(3).tolist()
    ([3.0, 3.0], [2.0, 2.0])
    >>> # With learned gamma=2, beta=3 the output has mean 3 and std 2, not 0 and 1.
    >>> bool(np.allclose(rm, 0.1 * x.mean(axis=(0, 2, 3))))  # running stats moved 10 %
    True
    >>> bool(np.allclose(rv, 0.9 + 0.1 * x.var(axis=(0, 2, 3), ddof=1)))  # unbiased variance
    True
    >>> y_eval, rm_eval, _ = batch_norm(x, ones, zeros, rm, rv, training=False)
    >>> bool(np.allclose(y_eval, y)), bool(np.array_equal(rm_eval, rm))  # train != eval
    (False, True)
    >>> s = (1, 2, 1, 1)  # eval normalises with the running statistics
    >>> bool(np.allclose(y_eval, (x - rm.reshape(s)) / np.sqrt(rv.reshape(s) + 1e-5)))
    True
    """
    xs = np.asarray(x, dtype=np.float64)
    if xs.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {xs.shape}")
    if not np.all(np.isfinite(xs)):
        raise ValueError("x must be finite (found NaN or inf)")
    channels = xs.shape[1]
    g = _as_channel_vector(gamma, "gamma", channels)
    b = _as_channel_vector(beta, "beta", channels)
    rm = _as_channel_vector(running_mean, "running_mean", channels)
    rv = _as_channel_vector(running_var, "running_var", channels)
    if np.any(rv < 0):
        raise ValueError("running_var must be non-negative")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")

    if training:
        n = xs.shape[0] * xs.shape[2] * xs.shape[3]  # values per channel
        if n < 2:
            raise ValueError(f"training needs more than 1 value per channel (N*H*W), got {n}")
        mean = xs.mean(axis=(0, 2, 3))
        var = xs.var(axis=(0, 2, 3))  # biased (ddof=0): used to normalise
        new_rm = (1 - momentum) * rm + momentum * mean
        new_rv = (1 - momentum) * rv + momentum * var * n / (n - 1)  # unbiased for the update
    else:
        mean, var, new_rm, new_rv = rm, rv, rm.copy(), rv.copy()

    shape = (1, channels, 1, 1)
    x_hat = (xs - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    return g.reshape(shape) * x_hat + b.reshape(shape), new_rm, new_rv


# --8<-- [end:batch_norm]
