"""Global thresholding (Otsu's method) and connected-component labelling of binary masks.

``otsu_threshold`` follows the convention of ``skimage.filters.threshold_otsu`` and
``cv2.threshold(..., cv2.THRESH_OTSU)`` on uint8 images: it returns a level ``t`` and the
foreground is ``image > t``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["label_components", "otsu_threshold"]


# --8<-- [start:otsu_threshold]
def otsu_threshold(image: ArrayLike) -> int:
    """Otsu's threshold of a uint8 image: the level that maximises between-class variance.

    For a split "levels <= t" vs "levels > t" with class weights ``w0, w1`` and means
    ``m0, m1``, the between-class variance is ``w0 * w1 * (m0 - m1) ** 2``. Maximising it is
    the same as minimising the within-class variance, because their sum is the fixed total
    variance. Ties go to the lowest ``t``. Foreground is ``image > t``.

    >>> rng = np.random.default_rng(0)
    >>> mix = np.concatenate([rng.normal(70, 25, 3000), rng.normal(170, 25, 1000)])
    >>> img = np.clip(mix, 0, 255).astype(np.uint8).reshape(40, 100)
    >>> t = otsu_threshold(img)
    >>> v = img.ravel().astype(float)
    >>> def within(s):  # n0 * var0 + n1 * var1, straight from the definition
    ...     a, b = v[v <= s], v[v > s]
    ...     return a.size * a.var() + b.size * b.var() if a.size and b.size else np.inf
    >>> t == min(range(256), key=within)  # Otsu's t minimises within-class variance
    True
    >>> t, round(float(img.mean()), 1)  # not the global mean, which the big dark class drags
    (117, 94.2)
    >>> otsu_threshold(np.array([[10, 10, 200, 200]], dtype=np.uint8))  # last level of class 0
    10
    """
    img = np.asarray(image)
    if img.dtype != np.uint8 or img.size == 0:
        raise ValueError(f"image must be a non-empty uint8 array, got {img.dtype} {img.shape}")
    p = np.bincount(img.ravel(), minlength=256) / img.size
    levels = np.arange(256)
    w0 = np.cumsum(p)  # weight of class "<= t"
    s0 = np.cumsum(p * levels)  # first moment of class "<= t"
    w1 = 1.0 - w0
    valid = (w0 > 0) & (w1 > 1e-12)  # both classes non-empty
    if not np.any(valid):
        raise ValueError("image has a single grey level: no threshold separates two classes")
    m0 = np.divide(s0, w0, out=np.zeros(256), where=valid)
    m1 = np.divide(s0[-1] - s0, w1, out=np.zeros(256), where=valid)
    between = np.where(valid, w0 * w1 * (m0 - m1) ** 2, -1.0)
    return int(np.argmax(between))


# --8<-- [end:otsu_threshold]


# --8<-- [start:label_components]
def label_components(mask: ArrayLike, connectivity: int = 8) -> tuple[NDArray[np.int32], int]:
    """Label the connected foreground regions of a binary mask with the classic two-pass scan.

    Pass 1 visits pixels in raster order and gives each foreground pixel the smallest label of
    its already-visited neighbours (left and up for 4-connectivity; also up-left and up-right
    for 8), recording that touching labels are equivalent in a union-find forest. Pass 2
    replaces every label by its class representative, renumbered 1..n in raster order of
    first appearance. Background is 0.

    >>> diagonal, anti = np.eye(3), np.fliplr(np.eye(3))
    >>> [label_components(m, c)[1] for m in (diagonal, anti) for c in (4, 8)]
    [3, 1, 3, 1]
    >>> u = np.array([[1, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0, 0], [0, 1, 0]])
    >>> labels, n = label_components(u, 4)  # the U's arms meet only in its bottom row
    >>> n, labels.tolist()
    (2, [[1, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0, 0], [0, 2, 0]])
    """
    m = np.asarray(mask)
    if m.ndim != 2 or m.size == 0:
        raise ValueError(f"mask must be a non-empty 2-D array, got shape {m.shape}")
    if connectivity not in (4, 8):
        raise ValueError(f"connectivity must be 4 or 8, got {connectivity!r}")
    fg = m != 0
    h, w = fg.shape
    offsets = [(-1, 0), (0, -1)] + ([(-1, -1), (-1, 1)] if connectivity == 8 else [])
    parent = [0]  # union-find forest; label 0 is the background

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]  # path halving
            a = parent[a]
        return a

    labels = np.zeros((h, w), dtype=np.int32)
    for y in range(h):  # pass 1: provisional labels and equivalences
        for x in range(w):
            if not fg[y, x]:
                continue
            near = [
                int(labels[y + dy, x + dx])
                for dy, dx in offsets
                if y + dy >= 0 and 0 <= x + dx < w and labels[y + dy, x + dx]
            ]
            if not near:
                parent.append(len(parent))
                labels[y, x] = len(parent) - 1
                continue
            roots = {find(a) for a in near}
            root = min(roots)
            for r in roots:
                parent[r] = root
            labels[y, x] = root
    roots = np.array([find(a) for a in range(len(parent))])  # pass 2: resolve
    resolved = roots[labels]
    order, first = np.unique(resolved[fg], return_index=True)
    renumber = np.zeros(len(parent), dtype=np.int32)
    renumber[order[np.argsort(first)]] = np.arange(1, order.size + 1)
    return renumber[resolved], int(order.size)


# --8<-- [end:label_components]
