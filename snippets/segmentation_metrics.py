"""Segmentation overlap metrics on boolean masks: IoU (Jaccard) and Dice (F1).

Both-empty convention: when neither mask has a foreground pixel the prediction is
perfect, so both metrics return 1.0 (scikit-learn's ``zero_division=1``). Averaging
per-image scores over a dataset with empty images depends on this choice: state it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["dice_coefficient", "mask_iou"]


def _as_mask_pair(a: ArrayLike, b: ArrayLike) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Return two boolean masks of the same shape or raise a ``ValueError`` naming the culprit."""
    ma, mb = np.asarray(a), np.asarray(b)
    for name, m in (("a", ma), ("b", mb)):
        if m.ndim == 0:
            raise ValueError(f"{name} must be a mask array (H, W) or (N, H, W), got a scalar")
        if m.dtype != bool and not np.all((m == 0) | (m == 1)):
            raise ValueError(f"{name} must be a boolean or 0/1 mask (found other values or NaN)")
    if ma.shape != mb.shape:
        raise ValueError(f"a and b must have the same shape, got {ma.shape} and {mb.shape}")
    return ma.astype(bool), mb.astype(bool)


# --8<-- [start:mask_iou]
def mask_iou(a: ArrayLike, b: ArrayLike) -> float:
    """Intersection over union |A ∩ B| / |A ∪ B| of two boolean masks (1.0 if both empty).

    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.random((64, 64)) < 0.3, rng.random((64, 64)) < 0.3
    >>> iou = mask_iou(a, b)
    >>> 0.0 <= iou <= 1.0, iou == mask_iou(b, a), mask_iou(a, a)
    (True, True, 1.0)
    >>> mask_iou(np.zeros((4, 4), bool), np.zeros((4, 4), bool))  # both empty: defined as 1
    1.0
    """
    ma, mb = _as_mask_pair(a, b)
    union = int(np.count_nonzero(ma | mb))
    return float(np.count_nonzero(ma & mb) / union) if union else 1.0


# --8<-- [end:mask_iou]


# --8<-- [start:dice_coefficient]
def dice_coefficient(a: ArrayLike, b: ArrayLike) -> float:
    """Dice = 2|A ∩ B| / (|A| + |B|) of two boolean masks (1.0 if both empty).

    Dice is F1 on pixels and a monotone function of IoU: Dice = 2·IoU / (1 + IoU) >= IoU,
    equal only at 0 and 1. So IoU 0.5 is Dice 0.667: "IoU > 0.5" and "Dice > 0.7" are
    different thresholds.

    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.random((64, 64)) < 0.4, rng.random((64, 64)) < 0.4
    >>> dice, iou = dice_coefficient(a, b), mask_iou(a, b)
    >>> bool(np.isclose(dice, 2 * iou / (1 + iou))), dice >= iou
    (True, True)
    >>> a = np.zeros((1, 4), bool); b = a.copy(); a[0, :2] = True; b[0, 1:3] = True
    >>> mask_iou(a, b), round(dice_coefficient(a, b), 3)  # 1/3 and 1/2
    (0.3333333333333333, 0.5)
    >>> a = np.array([[1, 1, 0, 0]], bool); b = np.array([[1, 0, 0, 0]], bool)
    >>> mask_iou(a, b), round(dice_coefficient(a, b), 3)  # IoU 0.5 <-> Dice 0.667, not 0.5
    (0.5, 0.667)
    >>> dice_coefficient(np.zeros((4, 4), bool), np.zeros((4, 4), bool))  # both empty: 1
    1.0
    """
    ma, mb = _as_mask_pair(a, b)
    total = int(np.count_nonzero(ma)) + int(np.count_nonzero(mb))
    return float(2 * np.count_nonzero(ma & mb) / total) if total else 1.0


# --8<-- [end:dice_coefficient]
