"""Reference checks for snippets.detection_metrics: pycocotools COCOeval, a VOC devkit loop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.boxes import box_iou
from snippets.detection_metrics import (
    coco_evaluate,
    match_detections,
    precision_recall_curve_detections,
    voc_average_precision,
)
from support import pycocotools_stats


def make_dataset(seed: int, n_img: int = 40, n_cat: int = 4, crowd: float = 0.0, max_det: int = 20):
    """Random COCO ground truth + detections (jittered copies of gts and random boxes)."""
    rng = np.random.default_rng(seed)
    images = [{"id": int(i)} for i in rng.permutation(n_img) + 1]  # unsorted ids on purpose
    cats = [{"id": int(c)} for c in range(1, n_cat + 1)]
    anns, dets = [], []
    for img in images:
        start = len(anns)
        for _ in range(rng.integers(0, 8)):
            xy, wh = rng.uniform(0, 200, 2), rng.uniform(2, 80, 2)
            anns.append(
                {
                    "id": len(anns) + 1,
                    "image_id": img["id"],
                    "category_id": int(rng.integers(1, n_cat + 1)),
                    "bbox": [*map(float, xy), *map(float, wh)],
                    "area": float(wh[0] * wh[1] * rng.uniform(0.5, 1.5)),
                    "iscrowd": int(rng.random() < crowd),
                }
            )
        own = anns[start:]
        for _ in range(rng.integers(0, max_det)):
            if own and rng.random() < 0.6:
                a = own[rng.integers(len(own))]
                bb = np.array(a["bbox"]) + rng.normal(0, 3, 4)
                bb[2:] = np.abs(bb[2:])
                cat = a["category_id"] if rng.random() < 0.9 else int(rng.integers(1, n_cat + 1))
                if rng.random() < 0.1:
                    bb = np.array(a["bbox"])  # exact duplicate: IoU ties
            else:
                bb, cat = (
                    np.r_[rng.uniform(0, 200, 2), rng.uniform(2, 80, 2)],
                    int(rng.integers(1, n_cat + 1)),
                )
            score = float(np.round(rng.random(), 1))  # coarse scores: many ties
            dets.append(
                {
                    "image_id": img["id"],
                    "category_id": cat,
                    "bbox": [float(v) for v in bb],
                    "score": score,
                }
            )
    return {"images": images, "categories": cats, "annotations": anns}, dets


@pytest.mark.parametrize(
    ("seed", "kwargs"),
    [
        (0, {}),
        (1, {"crowd": 0.15}),
        (2, {"n_cat": 1}),
        (3, {"n_cat": 12}),  # several categories without any ground truth
        (4, {"max_det": 160, "n_img": 8, "n_cat": 1}),  # > 100 dets per image: truncation
        (5, {"crowd": 0.3, "n_cat": 2}),
    ],
)
def test_coco_evaluate_matches_pycocotools(seed: int, kwargs: dict) -> None:
    gt, dets = make_dataset(seed, **kwargs)
    ours = coco_evaluate(gt, dets)
    ref = pycocotools_stats(gt, dets)
    assert list(ours) == ["AP", "AP50", "AP75"]
    np.testing.assert_allclose(list(ours.values()), ref, rtol=0, atol=1e-6)


def test_coco_evaluate_area_out_of_range_and_unknown_category() -> None:
    gt, dets = make_dataset(7)
    gt["annotations"][0]["area"] = 2e10  # outside COCO's 'all' range [0, 1e10]: ignored gt
    gt["annotations"][1]["area"] = -1.0
    dets.append(
        {"image_id": gt["images"][0]["id"], "category_id": 99, "bbox": [0, 0, 5, 5], "score": 1}
    )
    ref = pycocotools_stats(gt, dets)
    np.testing.assert_allclose(list(coco_evaluate(gt, dets).values()), ref, atol=1e-6)


def test_coco_evaluate_no_ground_truth_is_minus_one() -> None:
    gt = {"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": []}
    dets = [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5}]
    assert coco_evaluate(gt, dets) == {"AP": -1.0, "AP50": -1.0, "AP75": -1.0}
    assert list(pycocotools_stats(gt, dets)) == [-1.0, -1.0, -1.0]
    gt["annotations"] = [
        {"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0}
    ]
    assert coco_evaluate(gt, []) == {"AP": 0.0, "AP50": 0.0, "AP75": 0.0}  # pycocotools crashes


@pytest.mark.parametrize(
    ("gt", "dets", "match"),
    [
        ({"images": []}, [], "COCO dict"),
        (
            {"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": []},
            [{"image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1.0}],
            "image ids missing",
        ),
        (
            {"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": []},
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1], "score": 1.0}],
            "bbox",
        ),
        (
            {"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": []},
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}],
            "score",
        ),
        (
            {"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": []},
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, np.nan, 1], "score": 1.0}],
            "finite",
        ),
    ],
)
def test_coco_evaluate_errors(gt: dict, dets: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        coco_evaluate(gt, dets)


def devkit_ap(rec: np.ndarray, prec: np.ndarray, use_07: bool) -> float:
    """The VOC devkit's voc_ap, loops and all (independent of the vectorised version)."""
    if use_07:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0.0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap += p / 11.0
        return ap
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = max(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("use_07", [False, True])
def test_voc_ap_matches_devkit_loop(seed: int, use_07: bool) -> None:
    rng = np.random.default_rng(seed)
    hits = rng.random(int(rng.integers(1, 80))) < rng.random()
    precision, recall = precision_recall_curve_detections(
        rng.random(len(hits)), hits, len(hits) + 3
    )
    assert voc_average_precision(recall, precision, use_07) == pytest.approx(
        devkit_ap(recall, precision, use_07), abs=1e-12
    )


def test_voc_ap_hand_cases() -> None:
    assert voc_average_precision([0.5, 1.0], [1.0, 1.0]) == 1.0
    assert voc_average_precision([0.5, 0.5, 1.0], [1.0, 0.5, 0.6667]) == pytest.approx(
        0.5 + 0.5 * 0.6667
    )
    assert voc_average_precision([], []) == 0.0
    assert voc_average_precision([], [], use_11_point=True) == 0.0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(0, 10))
def test_ap_properties(hits: list[bool], missed: int) -> None:
    flags = np.array(hits)
    n_gt = max(int(flags.sum()) + missed, 1)
    scores = np.linspace(1, 0, len(flags))
    precision, recall = precision_recall_curve_detections(scores, flags, n_gt)
    for use_07 in (False, True):
        assert 0.0 <= voc_average_precision(recall, precision, use_07) <= 1.0
    # Perfect ranking: all true positives first and every object found -> AP = 1.
    perfect = np.sort(flags)[::-1]
    if perfect.any():
        p, r = precision_recall_curve_detections(scores, perfect, int(perfect.sum()))
        assert voc_average_precision(r, p) == pytest.approx(1.0)
        assert voc_average_precision(r, p, True) == pytest.approx(1.0)


def test_match_detections_prefers_best_unmatched_gt() -> None:
    gt = np.array([[0, 0, 10, 10], [0, 0, 10, 12]], dtype=float)
    dets = np.array([[0, 0, 10, 11], [0, 0, 10, 10]], dtype=float)
    matched = match_detections(dets, [0.9, 0.8], gt)
    # det 0: IoU 100/110 with gt 0, 110/120 with gt 1 -> gt 1; det 1 then takes gt 0 (IoU 1)
    assert matched.tolist() == [1, 0]
    assert match_detections(dets, [0.9, 0.8], np.zeros((0, 4))).tolist() == [-1, -1]
    assert match_detections(np.zeros((0, 4)), [], gt).tolist() == []


def _coco_loop(iou: np.ndarray, taken: set[int], d: int) -> int:
    """COCOeval's loop: the best not-yet-taken gt with IoU >= 0.5; ties -> the later gt."""
    best, best_iou = -1, 0.5
    for g in range(iou.shape[1]):
        if g not in taken and iou[d, g] >= best_iou:
            best, best_iou = g, iou[d, g]
    return best


def _voc_devkit_loop(iou: np.ndarray, taken: set[int], d: int) -> int:
    """VOCevaldet: the best gt (strict '>' keeps the first on ties); if taken, a false positive."""
    ovmax, jmax = -np.inf, -1
    for g in range(iou.shape[1]):
        if iou[d, g] > 0 and iou[d, g] > ovmax:
            ovmax, jmax = iou[d, g], g
    return jmax if ovmax >= 0.5 and jmax not in taken else -1


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("rule", "loop"),
    [({}, _coco_loop), ({"rule": "voc"}, _voc_devkit_loop)],  # {}: COCO is the default
    ids=["coco", "voc"],
)
def test_match_detections_against_reference_loop(
    seed: int, rule: dict[str, str], loop: Callable[[np.ndarray, set[int], int], int]
) -> None:
    """15 boxes, 25 noisy detections of them (duplicates included), matched by score order."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 50, (15, 2))
    gt = np.hstack([xy, xy + rng.uniform(5, 20, (15, 2))])
    dets = gt[rng.integers(0, 15, 25)] + rng.normal(0, 2, (25, 4))
    dets[:, 2:] = np.maximum(dets[:, 2:], dets[:, :2] + 0.1)
    scores = rng.random(25)
    iou = box_iou(dets, gt)
    taken: set[int] = set()
    expected = [-1] * 25
    for d in np.argsort(-scores, kind="stable"):
        if (best := loop(iou, taken, d)) >= 0:
            taken.add(best)
            expected[d] = best
    assert match_detections(dets, scores, gt, **rule).tolist() == expected


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: voc_average_precision([0.1, 0.2], [1.0]), r"precision must have shape \(2,\)"),
        (lambda: voc_average_precision([[0.1]], [[1.0]]), r"recall must have shape \(n,\)"),
        (lambda: voc_average_precision([np.nan], [1.0]), "recall must be finite"),
        (lambda: match_detections([[0, 0, 1, 1]], [0.5, 0.4], [[0, 0, 1, 1]]), "det_scores"),
        (lambda: match_detections([[0, 0, 1, 1]], [0.5], [[0, 0, 1, 1]], rule="VOC"), "rule"),
        (lambda: precision_recall_curve_detections([0.5], [True, False], 2), "is_true_positive"),
        (lambda: precision_recall_curve_detections([0.5], [True], 0), "num_ground_truth"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
