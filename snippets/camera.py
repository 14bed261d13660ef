"""Pinhole camera geometry: rotations, projection with lens distortion, triangulation, stereo depth.

Conventions follow OpenCV's ``calib3d`` documentation: a world point ``X`` goes to the camera
frame as ``R @ X + t`` (world-to-camera extrinsics, ``R`` from the Rodrigues vector ``rvec``),
is divided by its depth ``Z``, distorted with the Brown–Conrady radial–tangential model
``(k1, k2, p1, p2[, k3])`` and mapped to pixels by ``K``. Pixel coordinates have the origin at
the top-left pixel, ``x`` to the right and ``y`` down; the camera looks along ``+Z``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "align_scale_shift",
    "depth_error",
    "disparity_to_depth",
    "project_points",
    "rodrigues",
    "skew",
    "triangulate_dlt",
]


def _as_array(a: ArrayLike, name: str, shape: tuple[int | None, ...]) -> NDArray[np.float64]:
    """Finite float64 array with the given shape (``None`` = any length) or a ``ValueError``."""
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim != len(shape) or any(
        s is not None and s != n for s, n in zip(shape, arr.shape, strict=True)
    ):
        want = "(" + ", ".join("N" if s is None else str(s) for s in shape) + ")"
        raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:skew]
def skew(v: ArrayLike) -> NDArray[np.float64]:
    """Cross-product matrix ``[v]x`` with ``skew(v) @ w == np.cross(v, w)``.

    >>> v, w = np.array([1.0, 2.0, 3.0]), np.array([-2.0, 0.5, 4.0])
    >>> bool(np.allclose(skew(v) @ w, np.cross(v, w)))
    True
    >>> bool(np.allclose(skew(v), -skew(v).T)), int(np.linalg.matrix_rank(skew(v)))
    (True, 2)
    """
    x, y, z = _as_array(v, "v", (3,))
    return np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])


# --8<-- [end:skew]


# --8<-- [start:rodrigues]
def rodrigues(rvec: ArrayLike) -> NDArray[np.float64]:
    """Rotation matrix from an axis-angle vector (direction = axis, norm = angle in radians).

    ``R = I + sin(θ) [k]x + (1 - cos(θ)) [k]x²`` with unit axis ``k`` — the same
    parametrisation as ``cv2.Rodrigues`` and the ``rvec`` of ``cv2.projectPoints``.

    >>> R = rodrigues([0.0, 0.0, np.pi / 2])  # 90° about +Z maps x to y
    >>> np.round(R @ [1.0, 0.0, 0.0], 12).tolist()
    [0.0, 1.0, 0.0]
    >>> R = rodrigues([0.3, -1.2, 0.5])
    >>> bool(np.allclose(R.T @ R, np.eye(3))), round(float(np.linalg.det(R)), 12)
    (True, 1.0)
    """
    r = _as_array(rvec, "rvec", (3,))
    theta = np.linalg.norm(r)
    if theta < 1e-12:
        return np.eye(3)
    k = skew(r / theta)
    return np.eye(3) + np.sin(theta) * k + (1.0 - np.cos(theta)) * (k @ k)


# --8<-- [end:rodrigues]


# --8<-- [start:project_points]
def project_points(
    points: ArrayLike,
    K: ArrayLike,
    dist: ArrayLike | None = None,
    rvec: ArrayLike = (0.0, 0.0, 0.0),
    tvec: ArrayLike = (0.0, 0.0, 0.0),
) -> NDArray[np.float64]:
    """Project ``(N, 3)`` world points to ``(N, 2)`` pixels, OpenCV's pinhole + distortion model.

    ``X_c = R X + t``; ``x = X_c/Z_c``, ``y = Y_c/Z_c``; ``r² = x² + y²``;
    ``x_d = x(1 + k1 r² + k2 r⁴ + k3 r⁶) + 2 p1 x y + p2 (r² + 2x²)``,
    ``y_d = y(1 + k1 r² + k2 r⁴ + k3 r⁶) + p1 (r² + 2y²) + 2 p2 x y``;
    ``u = fx x_d + cx``, ``v = fy y_d + cy``. ``dist`` is ``(k1, k2, p1, p2[, k3])`` (OpenCV's
    order, tangential before ``k3``); like ``cv2.projectPoints`` this ignores ``K[0, 1]``.

    >>> K = np.array([[800.0, 0.0, 320.0], [0.0, 800.0, 240.0], [0.0, 0.0, 1.0]])
    >>> project_points([[0.0, 0.0, 5.0], [1.0, -0.5, 2.0]], K).tolist()  # no distortion
    [[320.0, 240.0], [720.0, 40.0]]

    Doubling the distance halves the offset from the principal point (perspective division):

    >>> project_points([[1.0, -0.5, 4.0]], K).tolist()
    [[520.0, 140.0]]

    fx scales x and fy scales y (non-square pixels):

    >>> project_points([[1.0, 1.0, 2.0]], np.diag([800.0, 600.0, 1.0])).tolist()
    [[400.0, 300.0]]

    Radial term: at normalised (0.5, 0), r² = 0.25, so k1 = -0.2 scales x by 0.95 (barrel):

    >>> project_points([[0.5, 0.0, 1.0]], K, dist=[-0.2, 0.0, 0.0, 0.0]).tolist()
    [[700.0, 240.0]]
    >>> project_points([[0.3, 0.4, 1.0]], K, dist=[-0.2, 0.0, 0.0, 0.0]).round(9).tolist()
    [[548.0, 544.0]]

    Higher radial terms use r⁴ and r⁶ (k3 is the fifth coefficient): 1 + 0.1·r⁴ + 0.2·r⁶ =
    1.009375 at r² = 0.25:

    >>> project_points([[0.5, 0.0, 1.0]], K, dist=[0.0, 0.1, 0.0, 0.0, 0.2]).round(9).tolist()
    [[723.75, 240.0]]

    Tangential terms: p1 moves this point along y by p1·r², p2 along x by p2·(r² + 2x²):

    >>> project_points([[0.5, 0.0, 1.0]], K, dist=[0.0, 0.0, 0.01, 0.0]).round(9).tolist()
    [[720.0, 242.0]]
    >>> project_points([[0.5, 0.0, 1.0]], K, dist=[0.0, 0.0, 0.0, 0.01]).round(9).tolist()
    [[726.0, 240.0]]

    Extrinsics are world-to-camera: a camera 2 m to the right of the world origin sees a
    world point at the origin 2 m to its left (t = -R·C with C = (2, 0, 0)):

    >>> project_points([[0.0, 0.0, 4.0]], K, tvec=[-2.0, 0.0, 0.0]).tolist()
    [[-80.0, 240.0]]

    Rotation: a camera turned to face world +x (−90° about y) sees a point 4 m along +x on
    its optical axis:

    >>> project_points([[4.0, 0.0, 0.0]], K, rvec=[0.0, -np.pi / 2, 0.0]).round(9).tolist()
    [[320.0, 240.0]]
    """
    X = _as_array(points, "points", (None, 3))
    Ka = _as_array(K, "K", (3, 3))
    d = np.zeros(5) if dist is None else np.asarray(dist, dtype=np.float64).ravel()
    if d.size not in (4, 5) or not np.all(np.isfinite(d)):
        raise ValueError(f"dist must hold 4 or 5 finite coefficients, got {d.size}")
    k1, k2, p1, p2 = d[:4]
    k3 = d[4] if d.size == 5 else 0.0
    Xc = X @ rodrigues(rvec).T + _as_array(tvec, "tvec", (3,))
    if np.any(Xc[:, 2] <= 0):
        raise ValueError("every point must be in front of the camera (Z_c > 0)")
    x, y = Xc[:, 0] / Xc[:, 2], Xc[:, 1] / Xc[:, 2]
    r2 = x * x + y * y
    radial = 1.0 + k1 * r2 + k2 * r2**2 + k3 * r2**3
    xd = x * radial + 2.0 * p1 * x * y + p2 * (r2 + 2.0 * x * x)
    yd = y * radial + p1 * (r2 + 2.0 * y * y) + 2.0 * p2 * x * y
    return np.stack([Ka[0, 0] * xd + Ka[0, 2], Ka[1, 1] * yd + Ka[1, 2]], axis=1)


# --8<-- [end:project_points]


# --8<-- [start:triangulate_dlt]
def triangulate_dlt(
    P1: ArrayLike, P2: ArrayLike, x1: ArrayLike, x2: ArrayLike
) -> NDArray[np.float64]:
    """Linear (DLT) triangulation of ``(N, 2)`` matches seen by 3×4 cameras ``P1``, ``P2``.

    Each view gives two rows of ``A X = 0`` (``u p3ᵀ - p1ᵀ`` and ``v p3ᵀ - p2ᵀ``); ``X`` is the
    right singular vector of the smallest singular value, then de-homogenised. Minimises an
    algebraic error, not the reprojection error (see Hartley & Zisserman, ch. 12).

    >>> K = np.array([[800.0, 0.0, 320.0], [0.0, 800.0, 240.0], [0.0, 0.0, 1.0]])
    >>> P1 = K @ np.hstack([np.eye(3), np.zeros((3, 1))])
    >>> P2 = K @ np.hstack([np.eye(3), [[-0.5], [0.0], [0.0]]])  # 0.5 m baseline along x
    >>> X = np.array([[0.2, -0.1, 3.0], [-1.0, 0.4, 12.0]])
    >>> x1, x2 = project_points(X, K), project_points(X, K, tvec=[-0.5, 0.0, 0.0])
    >>> bool(np.allclose(triangulate_dlt(P1, P2, x1, x2), X))
    True

    Order matters: ``x1`` must be the point seen by ``P1``. Swapping the views moves the point:

    >>> bool(np.allclose(triangulate_dlt(P1, P2, x2, x1), X))
    False
    """
    A1, A2 = _as_array(P1, "P1", (3, 4)), _as_array(P2, "P2", (3, 4))
    u1, u2 = _as_array(x1, "x1", (None, 2)), _as_array(x2, "x2", (None, 2))
    if u1.shape != u2.shape:
        raise ValueError(f"x1 and x2 must have the same shape, got {u1.shape} and {u2.shape}")
    rows = [
        u1[:, :1] * A1[2] - A1[0],
        u1[:, 1:] * A1[2] - A1[1],
        u2[:, :1] * A2[2] - A2[0],
        u2[:, 1:] * A2[2] - A2[1],
    ]
    A = np.stack(rows, axis=1)  # (N, 4, 4)
    _, _, vt = np.linalg.svd(A)
    Xh = vt[:, -1, :]
    if np.any(np.abs(Xh[:, 3]) < 1e-12 * np.abs(Xh).max(axis=1)):
        raise ValueError("a point triangulates to infinity (parallel rays, e.g. zero disparity)")
    return Xh[:, :3] / Xh[:, 3:]


# --8<-- [end:triangulate_dlt]


# --8<-- [start:disparity_to_depth]
def disparity_to_depth(
    disparity: ArrayLike, focal_px: float, baseline_m: float
) -> NDArray[np.float64]:
    """Depth ``Z = f·B / d`` for a rectified stereo pair; ``NaN`` where ``d <= 0`` (no match).

    ``focal_px`` is the rectified focal length in pixels, ``baseline_m`` the distance between
    the optical centres, ``disparity`` in pixels (divide OpenCV's ``StereoSGBM`` output by 16
    first: it is fixed point with 4 fractional bits).

    >>> disparity_to_depth([64.0, 32.0, 8.0, 0.0, -1.0], focal_px=800.0, baseline_m=0.12).tolist()
    [1.5, 3.0, 12.0, nan, nan]
    """
    if not (focal_px > 0 and baseline_m > 0):
        raise ValueError("focal_px and baseline_m must be positive")
    d = np.asarray(disparity, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d > 0, focal_px * baseline_m / d, np.nan)


# --8<-- [end:disparity_to_depth]


# --8<-- [start:depth_error]
def depth_error(
    depth_m: ArrayLike, focal_px: float, baseline_m: float, disparity_error_px: float = 1.0
) -> NDArray[np.float64]:
    """First-order stereo depth error ``ΔZ ≈ Z² · Δd / (f · B)``: quadratic in depth.

    Differentiating ``Z = fB/d`` gives ``|dZ/dd| = fB/d² = Z²/(fB)``.

    >>> depth_error([3.0, 30.0], focal_px=800.0, baseline_m=0.12).round(4).tolist()
    [0.0938, 9.375]

    At 30 m a one-pixel disparity error is ~9 m. The exact change agrees to first order
    (d = fB/Z = 3.2 px at 30 m; one pixel less gives fB/2.2 = 43.6 m — the error is asymmetric):

    >>> z = disparity_to_depth([3.2, 2.2, 4.2], 800.0, 0.12)
    >>> round(float(z[1] - z[0]), 2), round(float(z[0] - z[2]), 2)
    (13.64, 7.14)

    Ten times the baseline (or the focal length) gives a ten times smaller error:

    >>> depth_error([30.0], focal_px=800.0, baseline_m=1.2).round(4).tolist()
    [0.9375]

    and quarter-pixel sub-pixel matching a four times smaller one:

    >>> depth_error([30.0], 800.0, 0.12, disparity_error_px=0.25).round(4).tolist()
    [2.3438]
    """
    if not (focal_px > 0 and baseline_m > 0):
        raise ValueError("focal_px and baseline_m must be positive")
    z = np.asarray(depth_m, dtype=np.float64)
    return z**2 * disparity_error_px / (focal_px * baseline_m)


# --8<-- [end:depth_error]


# --8<-- [start:align_scale_shift]
def align_scale_shift(
    pred: ArrayLike, target: ArrayLike, mask: ArrayLike | None = None
) -> tuple[float, float]:
    """Least-squares ``s, t`` minimising ``Σ (s·pred + t − target)²`` over ``mask`` (MiDaS-style).

    Relative monocular depth models predict inverse depth up to an unknown scale *and* shift;
    align in inverse-depth space before comparing with ground truth or using the output.

    >>> Z = np.random.default_rng(0).uniform(1.0, 20.0, 1000)  # true depth, metres
    >>> rel = 3.0 / Z + 0.2  # a relative model: inverse depth up to scale and shift
    >>> s, t = align_scale_shift(rel, 1.0 / Z)
    >>> round(s, 6), round(t, 6)
    (0.333333, -0.066667)
    >>> bool(np.allclose(1.0 / (s * rel + t), Z))
    True

    Treating ``1 / rel`` as "depth up to scale" (median scaling) leaves about 20 % mean
    relative error, because the shift bends the geometry:

    >>> d = 1.0 / rel
    >>> round(float(np.mean(np.abs(d * np.median(Z / d) - Z) / Z)), 3)
    0.198

    Only the pixels in ``mask`` count (e.g. where lidar returned a point):

    >>> target = 1.0 / Z
    >>> target[:10] = 99.0  # invalid ground truth
    >>> keep = np.arange(Z.size) >= 10
    >>> bool(np.allclose(align_scale_shift(rel, target, keep), (s, t)))
    True
    """
    p = np.asarray(pred, dtype=np.float64).ravel()
    q = np.asarray(target, dtype=np.float64).ravel()
    if p.shape != q.shape:
        raise ValueError(f"pred and target must have the same size, got {p.size} and {q.size}")
    m = np.ones(p.shape, bool) if mask is None else np.asarray(mask, dtype=bool).ravel()
    if m.shape != p.shape:
        raise ValueError(f"mask must have the same size as pred, got {m.size} and {p.size}")
    p, q = p[m], q[m]
    if p.size < 2 or not (np.all(np.isfinite(p)) and np.all(np.isfinite(q))):
        raise ValueError("need at least two finite valid pixels")
    pc, qc = p - p.mean(), q - q.mean()
    var = float(pc @ pc)
    if var == 0.0:
        raise ValueError("pred is constant over the mask: scale is undetermined")
    scale = float(pc @ qc) / var
    return scale, float(q.mean() - scale * p.mean())


# --8<-- [end:align_scale_shift]
