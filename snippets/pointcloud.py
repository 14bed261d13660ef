"""Lidar and 3D-detection arithmetic: projection into a camera, voxel/pillar grids, rotated
bird's-eye-view IoU, nuScenes centre-distance matching and AP, KITTI AP|R40.

Conventions. Points are ``(N, 3)`` float arrays in metres. A rigid transform is a 4×4 matrix
``T_b_a`` that maps homogeneous points from frame ``a`` to frame ``b``. The camera frame is
OpenCV's: x right, y down, z forward along the optical axis. A bird's-eye-view (BEV) box is
``(cx, cy, length, width, yaw)`` with yaw in radians measured from the x axis towards the y
axis, the length along the heading; a 3D box adds ``cz`` and ``height``:
``(cx, cy, cz, length, width, height, yaw)`` with ``cz`` at the box centre.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "bev_box_corners",
    "bev_iou",
    "box3d_iou",
    "center_distance_match",
    "kitti_ap",
    "nuscenes_ap",
    "project_points",
    "voxel_indices",
]


def _as_array(values: ArrayLike, name: str, width: int) -> NDArray[np.float64]:
    """Return a finite float64 ``(N, width)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.size == 0 and arr.ndim <= 2:
        return arr.reshape(0, width)
    if arr.ndim != 2 or arr.shape[1] != width:
        raise ValueError(f"{name} must have shape (N, {width}), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:project_points]
def project_points(
    points: ArrayLike,
    T_cam_lidar: ArrayLike,
    K: ArrayLike,
    image_size: tuple[int, int] | None = None,
    min_depth: float = 0.1,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Project lidar points into a pinhole camera (no lens distortion).

    ``X_cam = R @ X_lidar + t`` with ``[R | t]`` the top rows of ``T_cam_lidar``, then
    ``u = fx * x / z + s * y / z + cx`` and ``v = fy * y / z + cy`` with ``K = [[fx, s, cx],
    [0, fy, cy], [0, 0, 1]]`` (skew ``s`` is 0 for almost every camera). A point is *valid*
    when its depth ``z`` exceeds ``min_depth`` and, if ``image_size = (width, height)`` is
    given, it lands inside ``[0, width) × [0, height)``.
    Points behind the camera get a pixel too (the division by a negative ``z`` can land
    them inside the image), so always apply the mask.

    Returns ``(uv, depth, valid)`` with shapes ``(N, 2)``, ``(N,)``, ``(N,)``.

    >>> K = np.array([[1000.0, 0, 640], [0, 1000.0, 360], [0, 0, 1]])
    >>> T = np.eye(4)  # lidar frame == camera frame, to read the numbers easily
    >>> pts = [[0, 0, 10], [1, 0.5, 10], [2, 1, 20], [0, 0, -10]]
    >>> uv, depth, valid = project_points(pts, T, K, image_size=(1280, 720))
    >>> uv.tolist()  # on-axis -> principal point; twice as far on the same ray -> same pixel
    [[640.0, 360.0], [740.0, 410.0], [740.0, 410.0], [640.0, 360.0]]
    >>> depth.tolist(), valid.tolist()  # behind the camera lands *inside* the image: mask by depth
    ([10.0, 10.0, 20.0, -10.0], [True, True, True, False])
    >>> T[:3, 3] = [0.5, 0, 0]  # translation: the point is now 0.5 m right of the camera
    >>> project_points([[0, 0, 10]], T, K)[0].tolist()  # 1000 px * 0.5 m / 10 m = 50 px
    [[690.0, 360.0]]
    >>> T = np.eye(4)  # a real rig: lidar x forward, y left, z up -> camera x right, y down, z fwd
    >>> T[:3, :3] = [[0, -1, 0], [0, 0, -1], [1, 0, 0]]
    >>> uv, depth, valid = project_points([[10, 1, 0.5]], T, K)  # 10 m ahead, 1 m left, 0.5 m up
    >>> uv.tolist(), depth.tolist(), valid.tolist()  # left of and above the principal point
    ([[540.0, 310.0]], [10.0], [True])
    """
    pts = _as_array(points, "points", 3)
    T = np.asarray(T_cam_lidar, dtype=np.float64)
    K = np.asarray(K, dtype=np.float64)
    if T.shape != (4, 4) or K.shape != (3, 3):
        raise ValueError(f"T_cam_lidar must be 4x4 and K 3x3, got {T.shape} and {K.shape}")
    cam = pts @ T[:3, :3].T + T[:3, 3]
    depth = cam[:, 2]
    valid = depth > min_depth
    z = np.where(np.abs(depth) > 1e-12, depth, 1.0)  # no division by 0; such points are masked
    pix = (cam / z[:, None]) @ K.T
    uv = pix[:, :2]
    if image_size is not None:
        w, h = image_size
        valid &= (uv[:, 0] >= 0) & (uv[:, 0] < w) & (uv[:, 1] >= 0) & (uv[:, 1] < h)
    return uv, depth, valid


# --8<-- [end:project_points]


# --8<-- [start:voxel_indices]
def voxel_indices(
    points: ArrayLike, pc_range: ArrayLike, voxel_size: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[np.bool_], tuple[int, int, int]]:
    """Integer voxel coordinates of each point, as VoxelNet/PointPillars grids index them.

    ``pc_range = (x_min, y_min, z_min, x_max, y_max, z_max)``; a point is inside when
    ``min <= p < max`` on every axis. Its voxel is ``floor((p - min) / voxel_size)``, and the
    grid has ``round((max - min) / voxel_size)`` cells per axis. A *pillar* grid is the special
    case whose z voxel size is the whole z range (one cell tall).

    Returns ``(idx, inside, grid_shape)``; ``idx`` rows of points outside are meaningless.

    >>> pts = [[0, 0, 0], [0.15, 0.23, 0], [-0.01, 0, 0], [69.11, 0, 0], [69.12, 0, 0], [1, 1, 2.9]]
    >>> rng_ = [0, -39.68, -3, 69.12, 39.68, 1]  # PointPillars' KITTI car range
    >>> idx, inside, shape = voxel_indices(pts, rng_, [0.16, 0.16, 4])  # 0.16 m pillars
    >>> shape
    (432, 496, 1)
    >>> idx[inside].tolist()  # y = 0 is 39.68 / 0.16 = 248 cells above y_min; floor, not round
    [[0, 248, 0], [0, 249, 0], [431, 248, 0]]
    >>> inside.tolist()  # 1 cm below x_min, exactly x_max, and z above z_max are all dropped
    [True, True, False, True, False, False]
    >>> voxel_indices([[0, 0, 0]], [0, 0, 0, 0.3, 0.3, 0.3], 0.1)[2]  # 0.3 / 0.1 = 2.999...
    (3, 3, 3)
    """
    pts = _as_array(points, "points", 3)
    rng = np.asarray(pc_range, dtype=np.float64).reshape(-1)
    size = np.broadcast_to(np.asarray(voxel_size, dtype=np.float64), (3,))
    if rng.shape != (6,) or np.any(rng[3:] <= rng[:3]):
        raise ValueError(f"pc_range must be (x_min, y_min, z_min, x_max, y_max, z_max), got {rng}")
    if np.any(size <= 0):
        raise ValueError(f"voxel_size must be positive, got {size}")
    lo, hi = rng[:3], rng[3:]
    grid = np.round((hi - lo) / size).astype(np.int64)
    inside = np.all((pts >= lo) & (pts < hi), axis=1)
    idx = np.floor((pts - lo) / size).astype(np.int64)
    idx = np.minimum(idx, grid - 1)  # round-off at the upper edge stays in the last cell
    return idx, inside, (int(grid[0]), int(grid[1]), int(grid[2]))


# --8<-- [end:voxel_indices]


def bev_box_corners(boxes: ArrayLike) -> NDArray[np.float64]:
    """Corners of ``(N, 5)`` BEV boxes ``(cx, cy, length, width, yaw)`` -> ``(N, 4, 2)``.

    Corners are counter-clockwise (for yaw measured x -> y), starting front-left.

    >>> c = bev_box_corners([[0, 0, 4, 2, np.pi / 2]])[0]  # a 4 x 2 car heading along +y
    >>> np.round(c, 6).tolist()
    [[-1.0, 2.0], [-1.0, -2.0], [1.0, -2.0], [1.0, 2.0]]
    """
    b = _as_array(boxes, "boxes", 5)
    if np.any(b[:, 2:4] < 0):
        raise ValueError("box length and width must be non-negative")
    half = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float64) / 2
    local = half[None] * b[:, None, 2:4]  # (N, 4, 2): x along length, y along width
    c, s = np.cos(b[:, 4]), np.sin(b[:, 4])
    rot = np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)  # (N, 2, 2)
    return np.einsum("nij,nkj->nki", rot, local) + b[:, None, :2]


def _clip(subject: NDArray[np.float64], clip: NDArray[np.float64]) -> NDArray[np.float64]:
    """Sutherland–Hodgman: the part of convex polygon ``subject`` inside convex CCW ``clip``."""
    out = subject
    for i in range(len(clip)):
        if len(out) == 0:
            break
        a, b = clip[i], clip[(i + 1) % len(clip)]
        edge = b - a
        side = edge[0] * (out[:, 1] - a[1]) - edge[1] * (out[:, 0] - a[0])  # >= 0: inside
        nxt = np.roll(out, -1, axis=0)
        side_nxt = np.roll(side, -1)
        kept = []
        for p, q, sp, sq in zip(out, nxt, side, side_nxt, strict=True):
            if sp >= 0:
                kept.append(p)
            if (sp >= 0) != (sq >= 0):  # the edge p -> q crosses the clip line
                kept.append(p + (q - p) * (sp / (sp - sq)))
        out = np.array(kept).reshape(-1, 2)
    return out


def _polygon_area(poly: NDArray[np.float64]) -> float:
    """Shoelace area of a simple polygon given as ``(K, 2)`` vertices."""
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


# --8<-- [start:bev_iou]
def bev_iou(boxes1: ArrayLike, boxes2: ArrayLike) -> NDArray[np.float64]:
    """Exact pairwise IoU of yaw-rotated BEV boxes ``(N, 5)`` x ``(M, 5)`` -> ``(N, M)``.

    The intersection of two rectangles is convex: clip one by the other's four edges
    (Sutherland–Hodgman) and take the shoelace area. A pair with an empty union gets 0.

    >>> car = [0, 0, 4, 2, 0]
    >>> round(float(bev_iou([car], [[0, 0, 4, 2, np.pi / 2]])[0, 0]), 6)  # 2x2 / (8 + 8 - 4)
    0.333333
    >>> round(float(bev_iou([car], [[0, 0, 4, 2, np.pi]])[0, 0]), 6)  # heading reversed: blind
    1.0
    >>> ped, moved = [0, 0, 0.6, 0.6, 0], [0.4, 0, 0.6, 0.6, 0]  # 0.4 m centre error
    >>> round(float(bev_iou([ped], [moved])[0, 0]), 6)  # 0.2*0.6 / (0.36 + 0.36 - 0.12)
    0.2
    """
    c1, c2 = bev_box_corners(boxes1), bev_box_corners(boxes2)
    a1 = np.asarray(boxes1, dtype=np.float64).reshape(-1, 5)
    a2 = np.asarray(boxes2, dtype=np.float64).reshape(-1, 5)
    area1, area2 = a1[:, 2] * a1[:, 3], a2[:, 2] * a2[:, 3]
    iou = np.zeros((len(c1), len(c2)))
    for i in range(len(c1)):
        for j in range(len(c2)):
            inter = _polygon_area(_clip(c1[i], c2[j]))
            union = area1[i] + area2[j] - inter
            iou[i, j] = inter / union if union > 0 else 0.0
    return iou


# --8<-- [end:bev_iou]


# --8<-- [start:box3d_iou]
def box3d_iou(boxes1: ArrayLike, boxes2: ArrayLike) -> NDArray[np.float64]:
    """Pairwise 3D IoU of yaw-only boxes ``(cx, cy, cz, l, w, h, yaw)`` -> ``(N, M)``.

    With zero pitch and roll, intersection volume = BEV intersection area × overlap of the
    z intervals, and union = vol1 + vol2 - intersection.

    >>> a = [0, 0, 1.0, 4, 2, 2, 0]
    >>> b = [0, 0, 2.0, 4, 2, 2, 0]  # same footprint, lifted by half its height
    >>> round(float(box3d_iou([a], [b])[0, 0]), 6)  # 8*1 / (16 + 16 - 8)
    0.333333
    >>> c = [0, 0, 2.0, 4, 2, 1, 0]  # cz is the centre: z in [1.5, 2.5] vs a's [0, 2]
    >>> round(float(box3d_iou([a], [c])[0, 0]), 6)  # 8*0.5 / (16 + 8 - 4)
    0.2
    >>> round(float(box3d_iou([a], [[0, 0, 1.0, 4, 2, 2, np.pi]])[0, 0]), 6)  # blind to heading
    1.0
    """
    b1, b2 = _as_array(boxes1, "boxes1", 7), _as_array(boxes2, "boxes2", 7)
    if np.any(b1[:, 3:6] < 0) or np.any(b2[:, 3:6] < 0):
        raise ValueError("box dimensions must be non-negative")
    bev = bev_iou(b1[:, [0, 1, 3, 4, 6]], b2[:, [0, 1, 3, 4, 6]])
    area1, area2 = b1[:, 3] * b1[:, 4], b2[:, 3] * b2[:, 4]
    inter_bev = bev * (area1[:, None] + area2[None, :]) / (1 + bev)  # from IoU = I / (A+B-I)
    top = np.minimum(b1[:, None, 2] + b1[:, None, 5] / 2, b2[None, :, 2] + b2[None, :, 5] / 2)
    bot = np.maximum(b1[:, None, 2] - b1[:, None, 5] / 2, b2[None, :, 2] - b2[None, :, 5] / 2)
    inter = inter_bev * np.clip(top - bot, 0, None)
    vol1, vol2 = area1 * b1[:, 5], area2 * b2[:, 5]
    union = vol1[:, None] + vol2[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


# --8<-- [end:box3d_iou]


# --8<-- [start:center_distance_match]
def center_distance_match(
    pred_xy: ArrayLike, scores: ArrayLike, gt_xy: ArrayLike, threshold: float
) -> NDArray[np.int64]:
    """nuScenes-style greedy matching on BEV centre distance, for one class in one sample.

    Predictions are visited in descending score order; each takes the *closest* ground truth
    not yet taken and is a true positive if that distance is strictly below ``threshold``
    (metres; nuScenes uses 0.5, 1, 2 and 4). Size and heading play no part.
    Returns, per prediction in input order, the matched ground-truth index or -1.

    >>> gt = [[10.0, 0.0], [10.0, 3.0]]
    >>> pred = [[10.4, 0.0], [10.0, 1.4], [30.0, 0.0]]
    >>> center_distance_match(pred, [0.9, 0.8, 0.7], gt, 2.0).tolist()
    [0, 1, -1]
    >>> center_distance_match(pred, [0.9, 0.8, 0.7], gt, 0.5).tolist()  # 1.6 m is too far
    [0, -1, -1]
    >>> center_distance_match(pred, [0.7, 0.9, 0.8], gt, 2.0).tolist()  # order matters
    [-1, 0, -1]
    >>> center_distance_match([[10, 0.1]], [0.9], [[10, 1.5], [10, 0]], 2.0).tolist()  # closest
    [1]
    >>> center_distance_match([[0, 0]], [0.9], [[2.0, 0]], 2.0).tolist()  # strictly below
    [-1]
    """
    p, g = _as_array(pred_xy, "pred_xy", 2), _as_array(gt_xy, "gt_xy", 2)
    s = np.asarray(scores, dtype=np.float64)
    if s.shape != (len(p),):
        raise ValueError(f"scores must have shape ({len(p)},), got {s.shape}")
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold}")
    dist = np.linalg.norm(p[:, None, :] - g[None, :, :], axis=2)  # (P, G)
    match = np.full(len(p), -1, dtype=np.int64)
    taken = np.zeros(len(g), dtype=bool)
    for i in np.argsort(-s, kind="stable"):
        d = np.where(taken, np.inf, dist[i])
        if len(d) and d.min() < threshold:
            j = int(np.argmin(d))
            match[i], taken[j] = j, True
    return match


# --8<-- [end:center_distance_match]


# --8<-- [start:nuscenes_ap]
def nuscenes_ap(
    is_tp: ArrayLike, n_gt: int, min_recall: float = 0.1, min_precision: float = 0.1
) -> float:
    """nuScenes AP for one class and one distance threshold (nuscenes-devkit convention).

    ``is_tp`` flags the detections sorted by descending score. Precision is linearly
    interpolated at recall 0, 0.01, ..., 1 (0 beyond the largest recall reached); only the
    points with recall *above* ``min_recall`` are kept (the devkit's ``calc_ap`` drops the
    0.10 bin itself, leaving 90 points), ``min_precision`` is subtracted (clipped at 0),
    and the mean is rescaled by ``1 / (1 - min_precision)``. No precision envelope.

    >>> round(nuscenes_ap([1, 1, 1, 1], n_gt=4), 6)  # perfect
    1.0
    >>> round(nuscenes_ap([1, 1], n_gt=4), 6)  # precision 1 up to recall 0.5: 40 of 90 points
    0.444444
    >>> # FP then TP: precision rises linearly 0 -> 0.5 over recall 0 -> 0.5, so the kept
    >>> # points 0.11 ... 0.50 give 0.01, ..., 0.40 after clipping (sum 8.2): AP = 8.2 / 90 / 0.9
    >>> round(nuscenes_ap([0, 1], n_gt=2), 6)
    0.101235
    >>> nuscenes_ap([1], n_gt=10), nuscenes_ap([1], n_gt=20)  # recall 0.10 is not above 10 %
    (0.0, 0.0)
    """
    tp = np.asarray(is_tp, dtype=np.float64).reshape(-1)
    if n_gt <= 0:
        raise ValueError(f"n_gt must be positive, got {n_gt}")
    if np.any((tp != 0) & (tp != 1)) or tp.sum() > n_gt:
        raise ValueError("is_tp must be 0/1 flags with at most n_gt true positives")
    if len(tp) == 0:
        return 0.0
    ctp = np.cumsum(tp)
    prec = ctp / np.arange(1, len(tp) + 1)
    rec = ctp / n_gt
    # Below the first recall reached, np.interp holds prec[0] (its default left value).
    p101 = np.interp(np.linspace(0, 1, 101), rec, prec, right=0)
    p = np.clip(p101[round(100 * min_recall) + 1 :] - min_precision, 0, None)
    return float(np.mean(p) / (1 - min_precision))


# --8<-- [end:nuscenes_ap]


# --8<-- [start:kitti_ap]
def kitti_ap(recall: ArrayLike, precision: ArrayLike, n_points: int = 40) -> float:
    """Interpolated AP on a fixed set of recall positions (KITTI, Simonelli et al. 2019).

    ``AP = mean over r in R of max{precision(r') : r' >= r}`` (0 if recall r is never
    reached). ``n_points=40``: R40 = {1/40, 2/40, ..., 1}, KITTI's metric since 2019.
    ``n_points=11``: R11 = {0, 0.1, ..., 1}, the older one, which includes recall 0.

    >>> rec, prec = [0.01], [1.0]  # one correct detection out of 100 objects
    >>> round(kitti_ap(rec, prec, 11), 6), kitti_ap(rec, prec, 40)  # R11 gives 1/11 for free
    (0.090909, 0.0)
    >>> kitti_ap([0.5, 1.0], [1.0, 1.0]), kitti_ap([0.5, 1.0], [1.0, 1.0], 11)
    (1.0, 1.0)
    >>> kitti_ap([0.5, 1.0], [1.0, 0.5])  # positions 1/40..20/40 at 1.0, 21/40..1 at 0.5
    0.75
    >>> kitti_ap([0.5, 1.0], [0.5, 1.0])  # max over r' >= r: precision that rises later counts
    1.0
    """
    rec = np.asarray(recall, dtype=np.float64).reshape(-1)
    prec = np.asarray(precision, dtype=np.float64).reshape(-1)
    if rec.shape != prec.shape:
        raise ValueError(f"recall and precision must match, got {rec.shape} and {prec.shape}")
    if n_points == 40:
        positions = np.arange(1, 41) / 40
    elif n_points == 11:
        positions = np.arange(11) / 10
    else:
        raise ValueError(f"n_points must be 40 or 11, got {n_points}")
    reached = rec[None, :] >= positions[:, None] - 1e-12
    best = np.where(reached, prec[None, :], 0.0).max(axis=1, initial=0.0)
    return float(best.mean())


# --8<-- [end:kitti_ap]
