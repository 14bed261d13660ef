"""Planar homography by the normalised Direct Linear Transform (Hartley, 1997).

Hartley normalisation (centre the points, scale their mean distance to √2) makes the
linear system well conditioned; without it the DLT is very sensitive to noise in pixel
coordinates.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["apply_homography", "homography_dlt"]


def _as_points(points: ArrayLike, name: str, min_count: int = 0) -> NDArray[np.float64]:
    """Return a finite float64 ``(N, 2)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < min_count:
        raise ValueError(f"{name} must have shape (N, 2) with N >= {min_count}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


def _hartley_normalisation(pts: NDArray[np.float64]) -> NDArray[np.float64]:
    """Similarity T with T·pts centred at the origin and mean distance √2."""
    centre = pts.mean(axis=0)
    mean_dist = np.mean(np.linalg.norm(pts - centre, axis=1))
    if mean_dist == 0:
        raise ValueError("points are all identical: the transform is undetermined")
    s = np.sqrt(2) / mean_dist
    return np.array([[s, 0, -s * centre[0]], [0, s, -s * centre[1]], [0, 0, 1]])


# --8<-- [start:homography_dlt]
def homography_dlt(src: ArrayLike, dst: ArrayLike) -> NDArray[np.float64]:
    """3×3 homography H with ``dst ~ H @ src`` from N >= 4 correspondences (least squares).

    Normalise both point sets (Hartley), stack two rows of ``A h = 0`` per
    correspondence, take the right singular vector of the smallest singular value,
    undo the normalisation and scale so that ``H[2, 2] == 1``.

    >>> H_true = np.array([[1.2, 0.1, 5.0], [-0.05, 0.9, -3.0], [1e-3, 2e-4, 1.0]])
    >>> src = np.random.default_rng(0).uniform(0, 640, size=(10, 2))
    >>> H = homography_dlt(src, apply_homography(H_true, src))
    >>> bool(np.allclose(H, H_true)), float(H[2, 2])  # exact data -> exact H, H[2,2] = 1
    (True, 1.0)
    """
    p = _as_points(src, "src", min_count=4)
    q = _as_points(dst, "dst", min_count=4)
    if p.shape != q.shape:
        raise ValueError(f"src and dst must have the same shape, got {p.shape} and {q.shape}")
    T_src, T_dst = _hartley_normalisation(p), _hartley_normalisation(q)
    pn = p @ T_src[:2, :2].T + T_src[:2, 2]
    qn = q @ T_dst[:2, :2].T + T_dst[:2, 2]
    x, y, u, v = pn[:, 0], pn[:, 1], qn[:, 0], qn[:, 1]
    zero, one = np.zeros_like(x), np.ones_like(x)
    rows_u = np.stack([x, y, one, zero, zero, zero, -u * x, -u * y, -u], axis=1)
    rows_v = np.stack([zero, zero, zero, x, y, one, -v * x, -v * y, -v], axis=1)
    A = np.concatenate([rows_u, rows_v])
    _, sing, vt = np.linalg.svd(A)
    if sing[-2] <= 1e-12 * sing[0]:
        raise ValueError("degenerate configuration (e.g. collinear points): H is not unique")
    Hn = vt[-1].reshape(3, 3)
    H = np.linalg.inv(T_dst) @ Hn @ T_src
    if abs(H[2, 2]) < 1e-12:
        raise ValueError("H[2, 2] is 0 (the origin maps to infinity): cannot normalise")
    return H / H[2, 2]


# --8<-- [end:homography_dlt]


# --8<-- [start:apply_homography]
def apply_homography(H: ArrayLike, points: ArrayLike) -> NDArray[np.float64]:
    """Map ``(N, 2)`` points through a 3×3 homography (homogeneous multiply, then divide by w).

    >>> H = np.array([[2.0, 0.0, 1.0], [0.0, 2.0, -1.0], [0.0, 0.0, 1.0]])  # affine
    >>> apply_homography(H, [[0, 0], [1, 1]]).tolist()
    [[1.0, -1.0], [3.0, 1.0]]
    >>> pts = np.random.default_rng(0).uniform(size=(5, 2))
    >>> bool(np.allclose(apply_homography(np.linalg.inv(H), apply_homography(H, pts)), pts))
    True
    >>> P = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.0, 1.0]])  # w = 0.5x + 1
    >>> apply_homography(P, [[2, 4]]).tolist()  # (2, 4, 2) / 2
    [[1.0, 2.0]]
    """
    Ha = np.asarray(H, dtype=np.float64)
    if Ha.shape != (3, 3) or not np.all(np.isfinite(Ha)):
        raise ValueError(f"H must be a finite (3, 3) array, got shape {Ha.shape}")
    p = _as_points(points, "points")
    hom = p @ Ha[:, :2].T + Ha[:, 2]
    return hom[:, :2] / hom[:, 2:3]


# --8<-- [end:apply_homography]
