"""Gradient clipping and weight averaging, written out in NumPy.

Two training-stability tools that interviews ask about: clipping the gradient by its global
norm (PyTorch's ``torch.nn.utils.clip_grad_norm_``) versus clipping each entry by value
(``clip_grad_value_``), and an exponential moving average (EMA) of the weights. Gradients and
parameters are lists of arrays, one per parameter tensor, as an optimiser sees them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["clip_by_global_norm", "clip_by_value", "ema_update", "ema_window"]


def _as_arrays(name: str, arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
    out = [np.asarray(a, dtype=np.float64) for a in arrays]
    if not out:
        raise ValueError(f"{name} must contain at least one array")
    if not all(np.all(np.isfinite(a)) for a in out):
        raise ValueError(f"{name} must be finite")
    return out


# --8<-- [start:clip_by_global_norm]
def clip_by_global_norm(
    grads: Sequence[np.ndarray], max_norm: float, eps: float = 1e-6
) -> tuple[list[np.ndarray], float]:
    """Rescale all gradients together so that their joint L2 norm is at most ``max_norm``.

    One norm is computed over every entry of every array (the "global" norm). If it exceeds
    ``max_norm``, every array is multiplied by ``max_norm / (norm + eps)`` — PyTorch's
    ``clip_grad_norm_`` convention — so the direction of the full gradient is kept.

    Args:
        grads: Gradient arrays, one per parameter tensor.
        max_norm: Threshold on the global L2 norm, > 0.
        eps: Small constant added to the norm, as in PyTorch.

    Returns:
        The clipped arrays and the global norm *before* clipping (worth logging).

    Raises:
        ValueError: If ``grads`` is empty or not finite, or ``max_norm <= 0``.

    >>> clipped, norm = clip_by_global_norm([np.array([3.0, 4.0])], max_norm=1.0)
    >>> norm
    5.0
    >>> [round(float(v), 6) for v in clipped[0]]   # direction kept: (3, 4) / 5
    [0.6, 0.8]
    >>> clipped, _ = clip_by_global_norm([np.array([3.0, 4.0])], max_norm=2.5)
    >>> [round(float(v), 6) for v in clipped[0]]   # rescaled to length 2.5
    [1.5, 2.0]
    >>> clipped, norm = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
    >>> norm, [round(float(c[0]), 6) for c in clipped]   # one norm across both tensors
    (5.0, [0.6, 0.8])
    >>> clipped, _ = clip_by_global_norm([np.array([0.3, 0.4])], max_norm=1.0)
    >>> clipped[0].tolist()                        # below the threshold: unchanged
    [0.3, 0.4]
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm!r}")
    arrays = _as_arrays("grads", grads)
    total = float(np.sqrt(sum(float(np.sum(a * a)) for a in arrays)))
    scale = min(1.0, max_norm / (total + eps))
    return [a * scale for a in arrays], total


# --8<-- [end:clip_by_global_norm]


# --8<-- [start:clip_by_value]
def clip_by_value(grads: Sequence[np.ndarray], clip_value: float) -> list[np.ndarray]:
    """Clamp every gradient entry to ``[-clip_value, clip_value]`` independently.

    Unlike norm clipping this changes the direction of the gradient whenever some entries are
    clamped and others are not.

    Args:
        grads: Gradient arrays, one per parameter tensor.
        clip_value: Bound on the absolute value of each entry, > 0.

    Returns:
        The clamped arrays.

    Raises:
        ValueError: If ``grads`` is empty or not finite, or ``clip_value <= 0``.

    >>> clip_by_value([np.array([3.0, 4.0])], 1.0)[0].tolist()   # not (0.6, 0.8)
    [1.0, 1.0]
    >>> clip_by_value([np.array([-2.0, 0.3])], 0.5)[0].tolist()  # both signs, small kept
    [-0.5, 0.3]
    >>> g = clip_by_value([np.array([3.0, 4.0])], 1.0)[0]
    >>> round(float(np.degrees(np.arctan2(g[1], g[0]))), 2)      # was 53.13 degrees
    45.0
    """
    if clip_value <= 0:
        raise ValueError(f"clip_value must be positive, got {clip_value!r}")
    return [np.clip(a, -clip_value, clip_value) for a in _as_arrays("grads", grads)]


# --8<-- [end:clip_by_value]


# --8<-- [start:ema_update]
def ema_update(
    ema: Sequence[np.ndarray], params: Sequence[np.ndarray], decay: float
) -> list[np.ndarray]:
    """One exponential-moving-average step: ``ema <- decay * ema + (1 - decay) * params``.

    Call it after every optimiser step; evaluate or deploy the EMA copy.

    Args:
        ema: The current averaged weights.
        params: The current training weights, same shapes as ``ema``.
        decay: The EMA coefficient beta, in [0, 1).

    Returns:
        The new averaged weights.

    Raises:
        ValueError: If the lists differ in length or shape, or ``decay`` is outside [0, 1).

    >>> ema_update([np.array([0.0])], [np.array([1.0])], decay=0.9)[0].tolist()
    [0.09999999999999998]
    >>> ema = [np.array([0.0])]
    >>> for _ in range(10):                        # weights jump to 1 and stay there
    ...     ema = ema_update(ema, [np.array([1.0])], decay=0.9)
    >>> round(float(ema[0][0]), 6)                 # 1 - 0.9**10: the EMA lags behind
    0.651322
    """
    if not 0.0 <= decay < 1.0:
        raise ValueError(f"decay must be in [0, 1), got {decay!r}")
    e = _as_arrays("ema", ema)
    p = _as_arrays("params", params)
    if len(e) != len(p) or any(a.shape != b.shape for a, b in zip(e, p, strict=True)):
        raise ValueError("ema and params must have the same number of arrays and shapes")
    return [decay * a + (1.0 - decay) * b for a, b in zip(e, p, strict=True)]


# --8<-- [end:ema_update]


# --8<-- [start:ema_window]
def ema_window(decay: float) -> float:
    """Effective averaging window of an EMA, ``1 / (1 - decay)`` steps.

    Compare it with the length of the run in steps: a window longer than the run leaves the
    average dominated by early weights.

    Args:
        decay: The EMA coefficient beta, in [0, 1).

    Returns:
        The window in optimiser steps.

    Raises:
        ValueError: If ``decay`` is outside [0, 1).

    >>> round(ema_window(0.9999))
    10000
    >>> round(ema_window(0.999))
    1000
    >>> ema_window(0.0)                            # no averaging: the current step only
    1.0
    """
    if not 0.0 <= decay < 1.0:
        raise ValueError(f"decay must be in [0, 1), got {decay!r}")
    return 1.0 / (1.0 - decay)


# --8<-- [end:ema_window]
