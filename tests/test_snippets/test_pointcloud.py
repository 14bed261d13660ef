"""Reference checks for snippets.pointcloud: cv2.projectPoints, numpy.histogramdd and a loop,
cv2.rotatedRectangleIntersection, and direct ports of the nuscenes-devkit and KITTI rules."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from snippets.detection_metrics import voc_average_precision
from snippets.pointcloud import (
    bev_box_corners,
    bev_iou,
    box3d_iou,
    center_distance_match,
    kitti_ap,
    nuscenes_ap,
    project_points,
    voxel_indices,
)


def random_pose(rng: np.random.Generator) -> np.ndarray:
    rvec = rng.normal(0, 0.3, size=3)
    T = np.eye(4)
    T[:3, :3] = cv2.Rodrigues(rvec)[0]
    T[:3, 3] = rng.normal(0, 1.0, size=3)
    return T


@pytest.mark.parametrize("seed", range(8))
def test_project_points_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    T = random_pose(rng)
    K = np.array([[rng.uniform(500, 2000), 0.0, 640], [0, rng.uniform(500, 2000), 360], [0, 0, 1]])
    pts = rng.uniform([-20, -20, 2], [20, 20, 80], size=(200, 3))
    uv, depth, valid = project_points(pts, T, K)
    rvec = cv2.Rodrigues(T[:3, :3])[0]
    ref, _ = cv2.projectPoints(pts, rvec, T[:3, 3], K, None)
    cam = pts @ T[:3, :3].T + T[:3, 3]
    np.testing.assert_allclose(depth, cam[:, 2], rtol=1e-12)
    front = cam[:, 2] > 0.1
    assert np.array_equal(valid, front)
    np.testing.assert_allclose(uv[front], ref[front, 0], rtol=1e-9, atol=1e-6)


def test_project_points_image_bounds_and_errors() -> None:
    K = np.array([[100.0, 0, 50], [0, 100.0, 40], [0, 0, 1]])
    pts = [[0, 0, 1], [0.5, 0, 1], [0.49, 0, 1], [0, -0.4, 1], [0, -0.41, 1]]
    _, _, valid = project_points(pts, np.eye(4), K, image_size=(100, 80))
    assert valid.tolist() == [True, False, True, True, False]  # u = 100 and v = -1 are outside
    assert project_points(np.zeros((0, 3)), np.eye(4), K)[0].shape == (0, 2)
    with pytest.raises(ValueError, match="4x4"):
        project_points(pts, np.eye(3), K)
    with pytest.raises(ValueError, match="shape"):
        project_points([[1, 2]], np.eye(4), K)
    with pytest.raises(ValueError, match="finite"):
        project_points([[1, 2, np.nan]], np.eye(4), K)


@pytest.mark.parametrize("seed", range(6))
def test_voxel_counts_match_histogramdd_and_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pc_range = np.array([-10.0, -8.0, -3.0, 10.0, 8.0, 1.0])
    size = np.array([0.5, 0.4, rng.choice([0.25, 4.0])])
    pts = rng.uniform(-12, 12, size=(2000, 3)) * [1, 1, 0.3]
    idx, inside, shape = voxel_indices(pts, pc_range, size)
    counts = np.zeros(shape, dtype=np.int64)
    np.add.at(counts, tuple(idx[inside].T), 1)
    edges = [np.linspace(pc_range[a], pc_range[a + 3], shape[a] + 1) for a in range(3)]
    ref, _ = np.histogramdd(pts, bins=edges)  # random floats never hit an edge exactly
    np.testing.assert_array_equal(counts, ref.astype(np.int64))
    for p, i, ok in zip(pts[:200], idx[:200], inside[:200], strict=True):  # a plain loop
        want = [math.floor((p[a] - pc_range[a]) / size[a]) for a in range(3)]
        in_range = all(pc_range[a] <= p[a] < pc_range[a + 3] for a in range(3))
        assert ok == in_range
        if ok:
            assert i.tolist() == want


def test_voxel_indices_errors() -> None:
    with pytest.raises(ValueError, match="pc_range"):
        voxel_indices([[0, 0, 0]], [0, 0, 0, -1, 1, 1], 0.1)
    with pytest.raises(ValueError, match="positive"):
        voxel_indices([[0, 0, 0]], [0, 0, 0, 1, 1, 1], [0.1, 0, 0.1])


def cv2_bev_iou(a: np.ndarray, b: np.ndarray) -> float:
    """IoU of two BEV boxes with OpenCV's rotated-rectangle intersection (degrees, float32)."""
    ra = ((a[0], a[1]), (a[2], a[3]), math.degrees(a[4]))
    rb = ((b[0], b[1]), (b[2], b[3]), math.degrees(b[4]))
    status, region = cv2.rotatedRectangleIntersection(ra, rb)
    inter = 0.0 if status == cv2.INTERSECT_NONE else cv2.contourArea(cv2.convexHull(region))
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


@pytest.mark.parametrize("seed", range(6))
def test_bev_iou_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 12
    boxes = np.column_stack(
        [
            rng.uniform(0, 6, n),
            rng.uniform(0, 6, n),
            rng.uniform(0.5, 5, n),
            rng.uniform(0.5, 3, n),
            rng.uniform(-np.pi, np.pi, n),
        ]
    )
    iou = bev_iou(boxes, boxes)
    ref = np.array([[cv2_bev_iou(a, b) for b in boxes] for a in boxes])
    np.testing.assert_allclose(iou, ref, atol=2e-5)
    np.testing.assert_allclose(iou, iou.T, atol=1e-12)
    np.testing.assert_allclose(np.diag(iou), 1.0, atol=1e-12)


def test_bev_corners_and_degenerate_boxes() -> None:
    c = bev_box_corners([[1, 2, 4, 2, 0]])[0]
    assert c.tolist() == [[3, 3], [-1, 3], [-1, 1], [3, 1]]
    area = 0.5 * abs(np.dot(c[:, 0], np.roll(c[:, 1], -1)) - np.dot(c[:, 1], np.roll(c[:, 0], -1)))
    assert area == 8.0
    assert bev_iou([[0, 0, 0, 0, 0]], [[0, 0, 0, 0, 0]])[0, 0] == 0.0
    assert bev_iou([[0, 0, 1, 1, 0]], [[5, 5, 1, 1, 0.3]])[0, 0] == 0.0
    assert bev_iou(np.zeros((0, 5)), [[0, 0, 1, 1, 0]]).shape == (0, 1)
    with pytest.raises(ValueError, match="non-negative"):
        bev_box_corners([[0, 0, -1, 1, 0]])


@pytest.mark.parametrize("seed", range(4))
def test_box3d_iou_axis_aligned_matches_direct_formula(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 10
    centre = rng.uniform(0, 4, (n, 3))
    dims = rng.uniform(0.5, 3, (n, 3))
    yaw = rng.choice([0.0, np.pi], n)  # axis-aligned footprints, either heading
    boxes = np.column_stack([centre, dims, yaw])
    lo, hi = centre - dims / 2, centre + dims / 2
    inter = np.prod(
        np.clip(np.minimum(hi[:, None], hi[None]) - np.maximum(lo[:, None], lo[None]), 0, None),
        axis=2,
    )
    vol = np.prod(dims, axis=1)
    ref = inter / (vol[:, None] + vol[None] - inter)
    np.testing.assert_allclose(box3d_iou(boxes, boxes), ref, atol=1e-12)


def test_box3d_iou_rotated_is_bev_times_height_overlap() -> None:
    a = np.array([[0, 0, 0, 4, 2, 2, 0.3]])
    b = np.array([[0.5, 0.2, 0.5, 3, 2, 1, 1.1]])
    bev = bev_iou(a[:, [0, 1, 3, 4, 6]], b[:, [0, 1, 3, 4, 6]])[0, 0]
    inter_area = bev * (8 + 6) / (1 + bev)
    inter = inter_area * 1.0  # z: [-1, 1] and [0, 1] overlap by 1
    assert box3d_iou(a, b)[0, 0] == pytest.approx(inter / (16 + 6 - inter), abs=1e-12)
    with pytest.raises(ValueError, match="non-negative"):
        box3d_iou([[0, 0, 0, 1, 1, -1, 0]], a)


def devkit_match(pred: np.ndarray, scores: np.ndarray, gt: np.ndarray, th: float) -> list[int]:
    """Port of nuscenes-devkit ``accumulate`` matching (one sample, one class)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    taken: set[int] = set()
    out = [-1] * len(scores)
    for i in order:
        best, best_j = math.inf, None
        for j in range(len(gt)):
            if j not in taken:
                d = math.dist(pred[i], gt[j])
                if d < best:
                    best, best_j = d, j
        if best_j is not None and best < th:
            taken.add(best_j)
            out[i] = best_j
    return out


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("th", [0.5, 1.0, 2.0, 4.0])
def test_center_distance_match_matches_devkit_loop(seed: int, th: float) -> None:
    rng = np.random.default_rng(seed)
    gt = rng.uniform(0, 20, (int(rng.integers(0, 15)), 2))
    pred = np.vstack([gt + rng.normal(0, 1.0, gt.shape), rng.uniform(0, 20, (5, 2))])
    scores = rng.permutation(len(pred)) / len(pred)  # distinct scores: no tie ambiguity
    got = center_distance_match(pred, scores, gt, th)
    assert got.tolist() == devkit_match(pred, scores, gt, th)


def test_center_distance_match_edge_cases() -> None:
    assert center_distance_match([[0, 0]], [1.0], [[0.5, 0]], 0.5).tolist() == [-1]  # strict <
    assert center_distance_match([[0, 0]], [1.0], np.zeros((0, 2)), 2.0).tolist() == [-1]
    with pytest.raises(ValueError, match="scores"):
        center_distance_match([[0, 0]], [1.0, 2.0], [[0, 0]], 1.0)
    with pytest.raises(ValueError, match="threshold"):
        center_distance_match([[0, 0]], [1.0], [[0, 0]], 0.0)


def devkit_ap(tp: list[int], npos: int) -> float:
    """Port of nuscenes-devkit (master) ``accumulate`` resampling and ``calc_ap`` with 0.1 / 0.1.

    ``calc_ap`` slices ``prec[round(100 * min_recall) + 1:]``: the 0.10 bin itself is dropped.
    """
    ctp = np.cumsum(tp).astype(float)
    cfp = np.cumsum([1 - t for t in tp]).astype(float)
    prec = ctp / (cfp + ctp)
    rec = ctp / float(npos)
    prec = np.interp(np.linspace(0, 1, 101), rec, prec, right=0)
    prec = prec[round(100 * 0.1) + 1 :] - 0.1
    prec[prec < 0] = 0
    return float(np.mean(prec)) / (1.0 - 0.1)


@pytest.mark.parametrize("seed", range(12))
def test_nuscenes_ap_matches_devkit_port(seed: int) -> None:
    rng = np.random.default_rng(seed)
    npos = int(rng.integers(1, 30))
    hits = rng.random(int(rng.integers(1, 60))) < rng.uniform(0.2, 0.9)
    while hits.sum() > npos:
        hits[np.flatnonzero(hits)[-1]] = False
    tp = hits.astype(int).tolist()
    assert nuscenes_ap(tp, npos) == pytest.approx(devkit_ap(tp, npos), abs=1e-12)


@pytest.mark.parametrize("npos", [10, 20, 50])
def test_nuscenes_ap_recall_exactly_at_the_floor(npos: int) -> None:
    # Recall stops exactly at 0.10: the devkit drops that bin, so a perfect-precision start
    # that reaches only 10 % recall scores 0 (keeping the bin would give 1/91).
    floor = [1] * (npos // 10)
    assert nuscenes_ap(floor, npos) == devkit_ap(floor, npos) == 0.0
    tp = [*floor, 0, 1, 1]
    assert nuscenes_ap(tp, npos) == pytest.approx(devkit_ap(tp, npos), abs=1e-12)


def test_nuscenes_ap_errors() -> None:
    assert nuscenes_ap([], 3) == 0.0
    with pytest.raises(ValueError, match="n_gt"):
        nuscenes_ap([1], 0)
    with pytest.raises(ValueError, match="flags"):
        nuscenes_ap([1, 1], 1)
    with pytest.raises(ValueError, match="flags"):
        nuscenes_ap([0.5], 1)


def kitti_loop(rec: np.ndarray, prec: np.ndarray, positions: np.ndarray) -> float:
    total = 0.0
    for r in positions:
        cand = [p for rr, p in zip(rec, prec, strict=True) if rr >= r - 1e-12]
        total += max(cand) if cand else 0.0
    return total / len(positions)


@pytest.mark.parametrize("seed", range(10))
def test_kitti_ap_matches_loop_and_voc_11_point(seed: int) -> None:
    rng = np.random.default_rng(seed)
    hits = rng.integers(0, 2, size=int(rng.integers(1, 80)))
    npos = int(hits.sum() + rng.integers(0, 10)) or 1
    rec = np.cumsum(hits) / npos
    prec = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    r40 = np.arange(1, 41) / 40
    assert kitti_ap(rec, prec) == pytest.approx(kitti_loop(rec, prec, r40), abs=1e-12)
    r11 = np.arange(11) / 10
    assert kitti_ap(rec, prec, 11) == pytest.approx(kitti_loop(rec, prec, r11), abs=1e-12)
    # R11 is PASCAL VOC 2007's 11-point rule. The VOC devkit's thresholds are np.arange floats
    # (0.30000000000000004), so compare only where no recall sits on a tenth.
    if np.min(np.abs(rec[:, None] - r11[None])) > 1e-9:
        assert kitti_ap(rec, prec, 11) == pytest.approx(voc_average_precision(rec, prec, True))


def test_kitti_ap_errors() -> None:
    with pytest.raises(ValueError, match="match"):
        kitti_ap([0.1, 0.2], [1.0])
    with pytest.raises(ValueError, match="40 or 11"):
        kitti_ap([0.1], [1.0], 101)
