"""Reference checks for snippets.boxes: torch IoU, OpenCV NMS, hypothesis properties."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.boxes import (
    box_area,
    box_convert,
    box_iou,
    generalized_box_iou,
    generate_anchors,
    nms,
    soft_nms,
)

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)


def random_boxes(rng: np.random.Generator, n: int, degenerate: float = 0.0) -> np.ndarray:
    xy = rng.uniform(0, 100, size=(n, 2))
    wh = rng.uniform(0.5, 50, size=(n, 2))
    wh[rng.random((n, 2)) < degenerate] = 0.0  # zero width or height
    return np.hstack([xy, xy + wh])


def torch_box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Independent IoU in torch, written the torchvision way (max/min corners, clamp)."""
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    area_a = (ta[:, 2] - ta[:, 0]) * (ta[:, 3] - ta[:, 1])
    area_b = (tb[:, 2] - tb[:, 0]) * (tb[:, 3] - tb[:, 1])
    lt = torch.max(ta[:, None, :2], tb[:, :2])
    rb = torch.min(ta[:, None, 2:], tb[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    union = area_a[:, None] + area_b - inter
    return torch.where(union > 0, inter / union.clamp(min=1e-300), 0.0).numpy()


def cv2_nms(boxes: np.ndarray, scores: np.ndarray, thr: float) -> np.ndarray:
    # OpenCV takes xywh boxes and drops scores <= score_threshold (which must be >= 0):
    # all test scores are > 0, so threshold 0 keeps every box in play.
    assert np.all(scores > 0)
    xywh = box_convert(boxes, "xyxy", "xywh")
    keep = cv2.dnn.NMSBoxes(xywh.tolist(), scores.tolist(), 0.0, thr)
    return np.asarray(keep, dtype=np.int64).ravel()


def reference_nms_loop(boxes: np.ndarray, scores: np.ndarray, thr: float) -> list[int]:
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    keep: list[int] = []
    for i in order:
        if all(box_iou(boxes[i : i + 1], boxes[j : j + 1])[0, 0] <= thr for j in keep):
            keep.append(i)
    return keep


@pytest.mark.parametrize("seed", range(10))
def test_box_iou_matches_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = random_boxes(rng, int(rng.integers(1, 40)), degenerate=0.2)
    b = random_boxes(rng, int(rng.integers(1, 40)), degenerate=0.2)
    np.testing.assert_allclose(box_iou(a, b), torch_box_iou(a, b), rtol=1e-12, atol=1e-15)


def test_box_iou_hand_cases() -> None:
    a = np.array([[0, 0, 2, 2], [0, 0, 1, 1], [5, 5, 5, 5]], dtype=float)
    b = np.array([[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 5, 5]], dtype=float)
    iou = box_iou(a, b)
    assert iou[0, 0] == pytest.approx(1 / 7)
    assert iou[1, 1] == pytest.approx(0.25)  # contained box
    assert iou[0, 1] == 1.0
    assert iou[2, 2] == 0.0  # two identical zero-area boxes: defined as 0
    assert box_iou(np.zeros((0, 4)), b).shape == (0, 3)
    assert box_iou(a, []).shape == (3, 0)


box_strategy = st.tuples(
    st.floats(-100, 100), st.floats(-100, 100), st.floats(0.01, 50), st.floats(0.01, 50)
).map(lambda t: [t[0], t[1], t[0] + t[2], t[1] + t[3]])


@SETTINGS
@given(st.lists(box_strategy, min_size=1, max_size=12), st.lists(box_strategy, max_size=12))
def test_box_iou_properties(b1: list, b2: list) -> None:
    a, b = np.array(b1), np.array(b2).reshape(-1, 4)
    iou = box_iou(a, b)
    assert np.all((iou >= 0) & (iou <= 1))
    np.testing.assert_allclose(iou, box_iou(b, a).T)
    np.testing.assert_allclose(np.diag(box_iou(a, a)), 1.0)
    giou = generalized_box_iou(a, b)
    assert np.all(giou <= iou + 1e-12) and np.all(giou >= -1)


def test_generalized_box_iou_hand_case() -> None:
    g = generalized_box_iou([[0, 0, 2, 2]], [[1, 1, 3, 3]])[0, 0]
    assert g == pytest.approx(1 / 7 - (9 - 7) / 9)  # hull 3x3, union 7


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("thr", [0.3, 0.5, 0.7])
def test_nms_matches_opencv(seed: int, thr: float) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    boxes = random_boxes(rng, n)
    scores = rng.permutation(n) / n + 0.01  # distinct scores: ordering is unambiguous
    np.testing.assert_array_equal(nms(boxes, scores, thr), cv2_nms(boxes, scores, thr))


def test_nms_ties_follow_input_order_like_opencv() -> None:
    # OpenCV sorts with std::stable_sort: equal scores keep input order; so do we.
    rng = np.random.default_rng(3)
    boxes = random_boxes(rng, 200)
    scores = rng.integers(0, 5, size=200) / 5.0 + 0.1  # heavy ties
    np.testing.assert_array_equal(nms(boxes, scores, 0.4), cv2_nms(boxes, scores, 0.4))


def test_nms_threshold_is_strict_and_edge_cases() -> None:
    boxes = np.array([[0, 0, 2, 2], [1, 0, 3, 2]], dtype=float)  # IoU exactly 1/3
    assert nms(boxes, [0.9, 0.8], 1 / 3).tolist() == [0, 1]  # IoU == threshold: kept
    assert nms(boxes, [0.9, 0.8], 0.33).tolist() == [0]
    assert nms(np.zeros((0, 4)), [], 0.5).tolist() == []
    degenerate = np.array([[1, 1, 1, 1], [1, 1, 1, 1]], dtype=float)
    assert nms(degenerate, [0.5, 0.6], 0.5).tolist() == [1, 0]  # empty boxes never suppress


@SETTINGS
@given(
    st.lists(box_strategy, min_size=1, max_size=40),
    st.floats(0.0, 1.0),
    st.integers(0, 2**32 - 1),
)
def test_nms_properties(boxes: list, thr: float, seed: int) -> None:
    b = np.array(boxes)
    scores = np.random.default_rng(seed).random(len(b))
    keep = nms(b, scores, thr)
    iou = box_iou(b[keep], b[keep])
    assert np.all(iou[np.triu_indices(len(keep), k=1)] <= thr)  # no kept pair above thr
    assert np.all(np.diff(scores[keep]) <= 0)  # highest score first
    np.testing.assert_array_equal(keep[nms(b[keep], scores[keep], thr)], keep)  # idempotent
    assert keep.tolist() == reference_nms_loop(b, scores, thr)


def reference_soft_nms(boxes: np.ndarray, scores: np.ndarray, sigma: float, thresh: float):
    s = scores.astype(float).copy()
    alive = list(range(len(s)))
    keep, kept = [], []
    while alive:
        i = max(alive, key=lambda j: (s[j], -j))
        alive.remove(i)
        keep.append(i)
        kept.append(s[i])
        for j in alive:
            s[j] *= np.exp(-(box_iou(boxes[i : i + 1], boxes[j : j + 1])[0, 0] ** 2) / sigma)
        alive = [j for j in alive if s[j] >= thresh]
    return keep, kept


@pytest.mark.parametrize("seed", range(5))
def test_soft_nms_matches_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    boxes = random_boxes(rng, 60)
    scores = rng.random(60)
    keep, new = soft_nms(boxes, scores, sigma=0.3, score_threshold=0.05)
    ref_keep, ref_scores = reference_soft_nms(boxes, scores, 0.3, 0.05)
    assert keep.tolist() == ref_keep
    np.testing.assert_allclose(new, ref_scores)


def test_box_convert_and_area() -> None:
    rng = np.random.default_rng(0)
    b = random_boxes(rng, 20)
    for fmt in ("xywh", "cxcywh"):
        np.testing.assert_allclose(box_convert(box_convert(b, "xyxy", fmt), fmt, "xyxy"), b)
    np.testing.assert_allclose(box_area(b), np.prod(box_convert(b, "xyxy", "xywh")[:, 2:], 1))


def test_generate_anchors_area_and_ratio() -> None:
    anchors = generate_anchors(32, [0.5, 1, 2], [0.5, 1, 2])
    w, h = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    np.testing.assert_allclose(w * h, np.tile((32 * np.array([0.5, 1, 2])) ** 2, 3))
    np.testing.assert_allclose(h / w, np.repeat([0.5, 1, 2], 3))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: box_iou(np.zeros((3, 3)), np.zeros((1, 4))), r"boxes1 must have shape \(N, 4\)"),
        (lambda: box_iou([[0, 0, 1, 1]], [[0, 0, np.nan, 1]]), "boxes2 must be finite"),
        (lambda: box_area([[2, 0, 1, 1]]), "x2 >= x1"),
        (lambda: box_convert([[0, 0, -1, 1]], "xywh", "xyxy"), "non-negative widths"),
        (lambda: box_convert([[0, 0, 1, 1]], "xyxy", "yolo"), "formats must be one of"),
        (lambda: nms([[0, 0, 1, 1]], [0.5, 0.4], 0.5), r"scores must have shape \(1,\)"),
        (lambda: nms([[0, 0, 1, 1]], [np.nan], 0.5), "scores must be finite"),
        (lambda: nms([[0, 0, 1, 1]], [0.5], 1.5), "iou_threshold"),
        (lambda: soft_nms([[0, 0, 1, 1]], [0.5], sigma=0), "sigma"),
        (lambda: generate_anchors(16, [1.0], [0.0]), "positive"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
