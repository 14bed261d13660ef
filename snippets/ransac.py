"""RANSAC: the number of iterations, a 2-D line fit and a homography fit.

``ransac_homography`` samples four correspondences, fits them with the normalised DLT from
``snippets.homography``, scores every hypothesis by the one-way reprojection error
``||dst - H(src)||`` against a pixel threshold (the error ``cv2.findHomography`` thresholds
with ``ransacReprojThreshold``), adapts the iteration count to the best inlier ratio so far,
and finally refits on all inliers.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from snippets.homography import _as_points, apply_homography, homography_dlt

__all__ = ["ransac_homography", "ransac_iterations", "ransac_line"]


# --8<-- [start:ransac_iterations]
def ransac_iterations(p: float, w: float, s: int) -> int:
    """Iterations ``N`` so that, with probability ``p``, at least one sample is all inliers.

    One random minimal sample of ``s`` points is outlier-free with probability ``w**s``
    (``w`` = inlier ratio, sampling with replacement approximated), so
    ``1 - (1 - w**s)**N >= p`` gives ``N = ceil(log(1 - p) / log(1 - w**s))``.

    >>> ransac_iterations(0.99, 0.5, 2), ransac_iterations(0.99, 0.5, 4)   # line, homography
    (17, 72)
    >>> ransac_iterations(0.99, 0.5, 7), ransac_iterations(0.99, 0.5, 8)   # F: 7- and 8-point
    (588, 1177)
    >>> ransac_iterations(0.99, 0.5, 3), ransac_iterations(0.99, 0.5, 5)   # affine, E
    (35, 146)
    >>> ransac_iterations(0.99, 0.3, 4), ransac_iterations(0.99, 0.3, 8)   # 30 % inliers
    (567, 70188)
    >>> N = ransac_iterations(0.99, 0.3, 4)
    >>> 1 - (1 - 0.3**4) ** N >= 0.99 > 1 - (1 - 0.3**4) ** (N - 1)      # smallest such N
    True
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be in (0, 1), got {p!r}")
    if not 0 < w <= 1:
        raise ValueError(f"inlier ratio w must be in (0, 1], got {w!r}")
    if int(s) != s or s < 1:
        raise ValueError(f"sample size s must be a positive integer, got {s!r}")
    good = w**s
    if good == 1.0:
        return 1
    return math.ceil(math.log(1 - p) / math.log1p(-good))


# --8<-- [end:ransac_iterations]


def _fit_line(pts: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """Total-least-squares line ``n · x = c`` with unit normal ``n``."""
    centre = pts.mean(axis=0)
    _, _, vt = np.linalg.svd(pts - centre)
    normal = vt[-1]
    return normal, float(normal @ centre)


# --8<-- [start:ransac_line]
def ransac_line(
    points: ArrayLike, threshold: float, n_iters: int = 100, seed: int = 0
) -> tuple[NDArray[np.float64], float, NDArray[np.bool_]]:
    """Robust 2-D line ``n · x = c`` (``|n| = 1``) by RANSAC with 2-point samples.

    Each iteration fits the line through two random points and counts points whose
    perpendicular distance is ``<= threshold``; the largest consensus set wins and the
    line is refitted to it by total least squares. Returns ``(n, c, inlier_mask)``.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(0, 10, 60)
    >>> line = np.c_[x, 2 * x + 1 + rng.normal(0, 0.05, 60)]         # y = 2x + 1
    >>> outliers = rng.uniform(0, 20, (40, 2))                        # 40 % outliers
    >>> n, c, inl = ransac_line(np.r_[line, outliers], threshold=0.2)
    >>> bool(inl[:60].all()), int(inl[60:].sum()) <= 2                # finds the line
    (True, True)
    >>> slope, intercept = -n[0] / n[1], c / n[1]
    >>> round(float(slope), 1), round(float(intercept), 1)
    (2.0, 1.0)
    >>> pts = np.r_[line, outliers]
    >>> abs(float(np.mean(pts[inl] @ n - c))) < 1e-12  # refit passes through the centroid
    True
    >>> on = np.c_[np.arange(10.0), np.arange(10.0)]                  # y = x
    >>> off = [[3.0, 3.0 + 0.15 * 2**0.5], [6.0, 6.0 + 0.25 * 2**0.5]]  # 0.15 and 0.25 away
    >>> ransac_line(np.r_[on, off], threshold=0.2)[2][10:].tolist()   # perpendicular distance
    [True, False]
    """
    pts = _as_points(points, "points", 2)
    if not threshold > 0:
        raise ValueError(f"threshold must be > 0, got {threshold!r}")
    if n_iters < 1:
        raise ValueError(f"n_iters must be >= 1, got {n_iters!r}")
    rng = np.random.default_rng(seed)
    best = np.zeros(len(pts), dtype=bool)
    for _ in range(n_iters):
        i, j = rng.choice(len(pts), size=2, replace=False)
        d = pts[j] - pts[i]
        length = np.hypot(*d)
        if length == 0:  # degenerate sample: two identical points
            continue
        normal = np.array([-d[1], d[0]]) / length
        inliers = np.abs((pts - pts[i]) @ normal) <= threshold
        if inliers.sum() > best.sum():
            best = inliers
    if best.sum() < 2:
        raise ValueError("no non-degenerate sample found (are all points identical?)")
    normal, c = _fit_line(pts[best])
    return normal, c, best


# --8<-- [end:ransac_line]


# --8<-- [start:ransac_homography]
def ransac_homography(
    src: ArrayLike,
    dst: ArrayLike,
    threshold: float = 3.0,
    confidence: float = 0.995,
    max_iters: int = 2000,
    seed: int = 0,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Homography ``dst ~ H src`` by RANSAC over 4-point DLT samples, then a refit on inliers.

    A correspondence is an inlier if ``||dst - H(src)|| <= threshold`` pixels. After each
    better hypothesis the iteration budget shrinks to
    ``ransac_iterations(confidence, inlier_ratio, 4)``. Returns ``(H, inlier_mask)``.

    >>> rng = np.random.default_rng(1)
    >>> H_true = np.array([[0.9, 0.1, 30.0], [-0.1, 1.1, -20.0], [2e-4, 1e-4, 1.0]])
    >>> src = rng.uniform(0, 640, (100, 2))
    >>> dst = apply_homography(H_true, src) + rng.normal(0, 0.5, (100, 2))
    >>> dst[:30] = rng.uniform(0, 640, (30, 2))                       # 30 % gross outliers
    >>> H, inl = ransac_homography(src, dst, threshold=3.0)
    >>> bool(inl[30:].all()), int(inl[:30].sum())                     # inliers kept, outliers out
    (True, 0)
    >>> good = src[30:]
    >>> err = np.linalg.norm(apply_homography(H, good) - apply_homography(H_true, good), axis=1)
    >>> bool(err.max() < 1.0)                                         # sub-pixel after the refit
    True
    """
    p = _as_points(src, "src", 4)
    q = _as_points(dst, "dst", 4)
    if p.shape != q.shape:
        raise ValueError(f"src and dst must have the same shape, got {p.shape} and {q.shape}")
    if not threshold > 0:
        raise ValueError(f"threshold must be > 0, got {threshold!r}")
    rng = np.random.default_rng(seed)
    best, budget, it = np.zeros(len(p), dtype=bool), max_iters, 0
    while it < budget:
        it += 1
        sample = rng.choice(len(p), size=4, replace=False)
        try:
            H = homography_dlt(p[sample], q[sample])
            err = np.linalg.norm(apply_homography(H, p) - q, axis=1)
        except (ValueError, FloatingPointError):  # collinear sample or point at infinity
            continue
        inliers = err <= threshold
        if inliers.sum() > best.sum():
            best = inliers
            budget = min(max_iters, ransac_iterations(confidence, best.mean(), 4))
    if best.sum() < 4:
        raise ValueError("RANSAC found fewer than 4 inliers: no homography")
    H = homography_dlt(p[best], q[best])
    err = np.linalg.norm(apply_homography(H, p) - q, axis=1)
    return H, err <= threshold


# --8<-- [end:ransac_homography]
