"""Detection metrics: greedy matching, precision-recall, VOC AP and COCO AP.

Detection precision is *not* a classification metric on all-ones labels: detections must
first be sorted by score and greedily matched to ground truth at an IoU threshold; only
then is each detection a true or a false positive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from snippets.boxes import box_iou

__all__ = [
    "coco_evaluate",
    "match_detections",
    "precision_recall_curve_detections",
    "voc_average_precision",
]


def _as_vector(values: ArrayLike, name: str, length: int | None = None) -> NDArray[np.float64]:
    """Return a finite float64 ``(n,)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or (length is not None and arr.shape[0] != length):
        expected = f"({length},)" if length is not None else "(n,)"
        raise ValueError(f"{name} must have shape {expected}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:voc_average_precision]
def voc_average_precision(
    recall: ArrayLike, precision: ArrayLike, use_11_point: bool = False
) -> float:
    """PASCAL VOC average precision from a detection precision-recall curve.

    All-point (VOC 2010+): replace precision by its monotone envelope
    ``p_interp(r) = max_{r' >= r} p(r')`` and sum the area under that step function.
    11-point (VOC 2007): mean of ``p_interp`` at recall 0, 0.1, ..., 1.0.

    >>> perfect = voc_average_precision([0.25, 0.5, 0.75, 1.0], [1.0, 1.0, 1.0, 1.0])
    >>> perfect, voc_average_precision([0.25, 0.5, 0.75, 1.0], [1, 1, 1, 1], True)
    (1.0, 1.0)
    >>> rng = np.random.default_rng(0)
    >>> hits = rng.integers(0, 2, size=50)  # TP/FP flags of score-sorted detections
    >>> tp = np.cumsum(hits)
    >>> rec, prec = tp / 40, tp / np.arange(1, 51)
    >>> 0.0 <= voc_average_precision(rec, prec) <= float(rec[-1])  # AP <= max recall
    True
    >>> # 4 objects; detections in score order TP, FP, TP, TP, FP, FP: the envelope is 1 up to
    >>> # recall 0.25, then 0.75 up to 0.75, then nothing (recall 1 is never reached)
    >>> prec, rec = precision_recall_curve_detections(
    ...     [6, 5, 4, 3, 2, 1], [1, 0, 1, 1, 0, 0], num_ground_truth=4)
    >>> bool(np.isclose(voc_average_precision(rec, prec), 0.25 * 1.0 + 0.5 * 0.75))
    True
    >>> bool(np.isclose(voc_average_precision(rec, prec, True), (3 * 1.0 + 5 * 0.75) / 11))
    True
    """
    rec = _as_vector(recall, "recall")
    prec = _as_vector(precision, "precision", len(rec))
    if use_11_point:
        thresholds = np.arange(0.0, 1.1, 0.1)  # same floats as the devkit
        reached = rec[None, :] >= thresholds[:, None]
        best = np.where(reached, prec[None, :], -np.inf).max(axis=1, initial=-np.inf)
        return float(np.sum(np.where(np.isfinite(best), best, 0.0)) / 11.0)
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]  # precision envelope
    step = np.flatnonzero(mrec[1:] != mrec[:-1])  # where recall changes
    return float(np.sum((mrec[step + 1] - mrec[step]) * mpre[step + 1]))


# --8<-- [end:voc_average_precision]


# --8<-- [start:match_detections]
def match_detections(
    det_boxes: ArrayLike,
    det_scores: ArrayLike,
    gt_boxes: ArrayLike,
    iou_threshold: float = 0.5,
    rule: str = "coco",
) -> NDArray[np.int64]:
    """Greedy score-ordered matching for one image and class; returns the matched gt per det.

    Detections are visited by descending score (stable for ties). ``rule="coco"``
    (``COCOeval.evaluateImg``): each takes the not-yet-matched ground truth with the
    highest IoU ``>= iou_threshold``, the later gt on IoU ties. ``rule="voc"`` (the VOC
    devkit's ``VOCevaldet``): each looks only at its highest-IoU gt (the first on ties),
    matched or not; if that gt is already taken the detection is a false positive.
    (Only the assignment rule: the devkit's ``+1`` pixel widths and *difficult* objects
    are not modelled.) Returns, in input order, the matched gt index or -1 (a FP).

    >>> gt = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], dtype=float)
    >>> dets = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [20, 20, 29, 30]], dtype=float)
    >>> matched = match_detections(dets, [0.6, 0.9, 0.8], gt)
    >>> matched.tolist()  # the 0.9 box takes gt 0 first; the exact duplicate is then a FP
    [-1, 0, 1]
    >>> m = matched[matched >= 0]
    >>> len(set(m.tolist())) == len(m)  # each gt is matched at most once
    True
    >>> gt = np.array([[0, 0, 10, 10], [3, 0, 13, 10]], dtype=float)
    >>> dets = np.array([[0, 0, 10, 10], [1, 0, 11, 10]], dtype=float)
    >>> box_iou(dets[1:], gt).round(3).tolist()  # det 1's best gt is gt 0, taken by det 0
    [[0.818, 0.667]]
    >>> match_detections(dets, [0.9, 0.8], gt).tolist()  # COCO: next best unmatched gt
    [0, 1]
    >>> match_detections(dets, [0.9, 0.8], gt, rule="voc").tolist()  # VOC: a FP
    [0, -1]
    >>> tie = np.array([[0, 0, 10, 10], [2, 0, 12, 10]], dtype=float)  # IoU 0.818 with both
    >>> [match_detections([[1, 0, 11, 10]], [1.0], tie, rule=r).tolist() for r in ("coco", "voc")]
    [[1], [0]]
    >>> match_detections([[0, 0, 10, 10]], [1.0], [[0, 0, 10, 5]]).tolist()  # IoU = 0.5 counts
    [0]
    """
    if rule not in ("coco", "voc"):
        raise ValueError(f"rule must be 'coco' or 'voc', got {rule!r}")
    scores = _as_vector(det_scores, "det_scores")
    iou = box_iou(det_boxes, gt_boxes)
    if iou.shape[0] != len(scores):
        raise ValueError(f"det_scores must have shape ({iou.shape[0]},), got {scores.shape}")
    matched = np.full(len(scores), -1, dtype=np.int64)
    taken = np.zeros(iou.shape[1], dtype=bool)
    for d in np.argsort(-scores, kind="stable"):
        if rule == "voc":  # the best-overlap gt or nothing
            g = int(np.argmax(iou[d])) if iou.shape[1] else -1  # IoU ties: first gt
            if g >= 0 and iou[d, g] >= iou_threshold and not taken[g]:
                matched[d], taken[g] = g, True
            continue
        candidates = np.where(taken | (iou[d] < iou_threshold), -1.0, iou[d])
        if candidates.size and candidates.max() >= 0:
            g = len(candidates) - 1 - int(np.argmax(candidates[::-1]))  # IoU ties: later gt
            matched[d], taken[g] = g, True
    return matched


# --8<-- [end:match_detections]


# --8<-- [start:precision_recall_curve_detections]
def precision_recall_curve_detections(
    scores: ArrayLike, is_true_positive: ArrayLike, num_ground_truth: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Precision and recall after each detection, all images pooled, by descending score.

    ``is_true_positive`` comes from matching (e.g. ``match_detections(...) >= 0``);
    recall divides by the number of ground-truth objects, so missed objects count.

    >>> precision, recall = precision_recall_curve_detections(
    ...     [0.9, 0.8, 0.7, 0.6], [True, False, True, True], num_ground_truth=5)
    >>> precision.round(3).tolist(), recall.tolist()
    ([1.0, 0.5, 0.667, 0.75], [0.2, 0.2, 0.4, 0.6])
    >>> bool(np.all(np.diff(recall) >= 0))  # recall never decreases
    True
    >>> p2, r2 = precision_recall_curve_detections(  # input order does not matter
    ...     [0.6, 0.9, 0.7, 0.8], [True, True, True, False], num_ground_truth=5)
    >>> bool(np.array_equal(p2, precision)), bool(np.array_equal(r2, recall))
    (True, True)
    """
    s = _as_vector(scores, "scores")
    tp_flags = np.asarray(is_true_positive, dtype=bool)
    if tp_flags.shape != s.shape:
        raise ValueError(f"is_true_positive must have shape {s.shape}, got {tp_flags.shape}")
    if num_ground_truth <= 0:
        raise ValueError(f"num_ground_truth must be > 0, got {num_ground_truth}")
    hits = tp_flags[np.argsort(-s, kind="stable")]
    tp = np.cumsum(hits)
    precision = tp / np.arange(1, len(hits) + 1)
    return precision, tp / num_ground_truth


# --8<-- [end:precision_recall_curve_detections]


# --8<-- [start:coco_evaluate]
def coco_evaluate(
    ground_truth: Mapping[str, Any], detections: Sequence[Mapping[str, Any]]
) -> dict[str, float]:
    """COCO box AP, AP50 and AP75, equal to ``pycocotools`` ``COCOeval(...).stats[0:3]``.

    Reproduces COCOeval(iouType='bbox') for area range 'all' and maxDets=100: per
    (image, category) detections sorted by score (stable) and cut to 100; COCO's IoU on
    ``[x, y, w, h]`` boxes (crowd gts: intersection over the detection's area); greedy
    matching per IoU threshold 0.50:0.05:0.95 preferring non-ignored gts (crowd or area
    outside [0, 1e10]) and, among equal IoUs, the later gt; precision envelope sampled at
    101 recall points (0 beyond the maximum recall); mean over thresholds, recall points
    and the categories that have ground truth (the others count as -1 and are skipped).
    Vectorised over all (image, category) pairs and thresholds: the only Python loop is
    over the detection rank within a pair (<= 100) and over categories.

    >>> gt = {"images": [{"id": 1}, {"id": 2}], "categories": [{"id": 7}],
    ...       "annotations": [
    ...           {"id": 1, "image_id": 1, "category_id": 7, "bbox": [0, 0, 10, 10],
    ...            "area": 100, "iscrowd": 0},
    ...           {"id": 2, "image_id": 2, "category_id": 7, "bbox": [5, 5, 20, 10],
    ...            "area": 200, "iscrowd": 0}]}
    >>> perfect = [{"image_id": a["image_id"], "category_id": 7, "bbox": a["bbox"],
    ...             "score": 0.9} for a in gt["annotations"]]
    >>> coco_evaluate(gt, perfect)
    {'AP': 1.0, 'AP50': 1.0, 'AP75': 1.0}
    >>> shifted = [dict(d, bbox=[d["bbox"][0] + 2, *d["bbox"][1:]]) for d in perfect]
    >>> r = coco_evaluate(gt, shifted)  # IoU 0.667 and 0.818 (tied scores: first box first)
    >>> # 4 thresholds (.50-.65) both hit: AP 1; 3 (.70-.80) only the 2nd-ranked box hits:
    >>> # precision 1/2 up to recall 1/2, i.e. 51 of 101 recall points; 3 (.85-.95): 0
    >>> r["AP50"], bool(np.isclose(r["AP75"], 51 / 101 / 2))
    (1.0, True)
    >>> bool(np.isclose(r["AP"], (4 * 1.0 + 3 * 51 / 101 / 2 + 3 * 0.0) / 10))  # 0.476
    True
    >>> better_first = [dict(d, score=0.5 + i / 10) for i, d in enumerate(shifted)]
    >>> bool(np.isclose(coco_evaluate(gt, better_first)["AP"], (4 + 3 * 51 / 101) / 10))  # 0.551
    True
    >>> decoys = [dict(perfect[0], bbox=[50, 50, 5, 5], score=0.95)] * 100  # 100 better-scored
    >>> capped = coco_evaluate(gt, decoys + perfect)  # misses in image 1: its true box is 101st
    >>> capped == coco_evaluate(gt, decoys + perfect[1:]), capped["AP50"] < 0.5
    (True, True)
    """
    iou_thrs = np.linspace(0.5, 0.95, 10)  # the exact floats COCOeval uses
    rec_thrs = np.linspace(0.0, 1.0, 101)
    max_dets, big_area = 100, 1e5**2
    try:
        img_ids = np.array(sorted(img["id"] for img in ground_truth["images"]))
        cat_ids = np.array(sorted(cat["id"] for cat in ground_truth["categories"]))
        anns = [
            a
            for a in ground_truth["annotations"]
            if a["category_id"] in set(cat_ids.tolist()) and a["image_id"] in set(img_ids.tolist())
        ]
    except (KeyError, TypeError) as err:
        raise ValueError(
            "ground_truth must be a COCO dict with 'images', 'categories' and 'annotations'"
        ) from err
    n_img, n_cat, n_thr = len(img_ids), len(cat_ids), len(iou_thrs)

    def table(items: Sequence[Mapping[str, Any]], name: str, keys: tuple[str, ...]) -> NDArray:
        try:
            return np.array([[it[k] for k in keys] for it in items], dtype=np.float64).reshape(
                -1, len(keys)
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"each item of {name} needs numeric {keys}") from err

    def boxes_of(items: Sequence[Mapping[str, Any]], name: str) -> NDArray:
        try:
            return np.array([it["bbox"] for it in items], dtype=np.float64).reshape(len(items), 4)
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"each item of {name} needs a 'bbox' [x, y, w, h]") from err

    def group_of(rows: NDArray, name: str) -> tuple[NDArray, NDArray]:
        img = np.searchsorted(img_ids, rows[:, 0]).clip(max=max(n_img - 1, 0))
        if len(rows) and (n_img == 0 or np.any(img_ids[img] != rows[:, 0])):
            raise ValueError(f"{name} refer to image ids missing from ground_truth['images']")
        cat = np.searchsorted(cat_ids, rows[:, 1]).clip(max=max(n_cat - 1, 0))
        return img, cat

    g = table(anns, "ground_truth['annotations']", ("image_id", "category_id", "area", "iscrowd"))
    g_box = boxes_of(anns, "ground_truth['annotations']")
    d = table(detections, "detections", ("image_id", "category_id", "score"))
    d_box = boxes_of(detections, "detections")
    if not (np.all(np.isfinite(d)) and np.all(np.isfinite(d_box)) and np.all(np.isfinite(g_box))):
        raise ValueError("boxes and scores must be finite (found NaN or inf)")
    known_cat = np.isin(d[:, 1], cat_ids)  # COCOeval silently skips unknown categories
    d, d_box = d[known_cat], d_box[known_cat]
    g_img, g_cat = group_of(g, "annotations")
    d_img, d_cat = group_of(d, "detections")
    g_grp, d_grp = g_cat * n_img + g_img, d_cat * n_img + d_img
    g_crowd = g[:, 3] != 0
    g_ignore = g_crowd | (g[:, 2] < 0) | (g[:, 2] > big_area)

    # Rank of each detection in its (image, category) pair: by -score, ties by input order.
    d_order = np.lexsort((np.arange(len(d)), -d[:, 2], d_grp))
    d_rank = np.empty(len(d), dtype=np.int64)
    d_rank[d_order] = np.arange(len(d)) - np.searchsorted(d_grp[d_order], d_grp[d_order])
    keep = d_rank < max_dets
    d, d_box, d_img, d_cat, d_grp, d_rank = (
        x[keep] for x in (d, d_box, d_img, d_cat, d_grp, d_rank)
    )
    g_order = np.argsort(g_grp, kind="stable")
    g_rank = np.empty(len(g), dtype=np.int64)
    g_rank[g_order] = np.arange(len(g)) - np.searchsorted(g_grp[g_order], g_grp[g_order])

    # Pad every (image, category) pair to (K, D, G) and compute COCO's IoU in one go.
    pairs, inverse = np.unique(np.concatenate([d_grp, g_grp]), return_inverse=True)
    d_k, g_k = inverse[: len(d)], inverse[len(d) :]
    K = len(pairs)
    D = int(d_rank.max()) + 1 if len(d) else 0
    G = int(g_rank.max()) + 1 if len(g) else 0
    db = np.full((K, D, 4), np.nan)
    db[d_k, d_rank] = d_box
    gb = np.full((K, G, 4), np.nan)
    gb[g_k, g_rank] = g_box
    gt_valid = np.zeros((K, G), dtype=bool)
    gt_valid[g_k, g_rank] = True
    crowd = np.zeros((K, G), dtype=bool)
    crowd[g_k, g_rank] = g_crowd
    ignored = np.zeros((K, G), dtype=bool)
    ignored[g_k, g_rank] = g_ignore
    iw = np.minimum(db[:, :, None, 0] + db[:, :, None, 2], gb[:, None, :, 0] + gb[:, None, :, 2])
    iw -= np.maximum(db[:, :, None, 0], gb[:, None, :, 0])
    ih = np.minimum(db[:, :, None, 1] + db[:, :, None, 3], gb[:, None, :, 1] + gb[:, None, :, 3])
    ih -= np.maximum(db[:, :, None, 1], gb[:, None, :, 1])
    inter = iw * ih
    d_area = (db[..., 2] * db[..., 3])[:, :, None]
    union = np.where(crowd[:, None, :], d_area, d_area + (gb[..., 2] * gb[..., 3])[:, None] - inter)
    with np.errstate(invalid="ignore", divide="ignore"):
        ious = np.where((iw > 0) & (ih > 0), inter / union, 0.0)  # NaN padding -> 0

    # Greedy matching, vectorised over pairs and IoU thresholds, one detection rank at a time.
    thr = np.minimum(iou_thrs, 1 - 1e-10)[None, :, None]
    taken = np.zeros((K, n_thr, G), dtype=bool)
    det_match = np.zeros((K, n_thr, D), dtype=bool)
    det_ignore = np.zeros((K, n_thr, D), dtype=bool)
    has_det = np.zeros((K, D), dtype=bool)
    has_det[d_k, d_rank] = True
    kk, tt = np.meshgrid(np.arange(K), np.arange(n_thr), indexing="ij")
    for r in range(D if G else 0):  # no ground truth at all: nothing can match
        iou_r = ious[:, r, None, :]  # (K, 1, G)
        cand = (
            (iou_r >= thr)
            & gt_valid[:, None]
            & (~taken | crowd[:, None])
            & has_det[:, r, None, None]
        )
        best = np.full((K, n_thr), -1)
        for group in (ignored, ~ignored):  # non-ignored gts win: assigned last
            c = cand & group[:, None]
            score = np.where(c, iou_r, -1.0)[..., ::-1]
            last_max = G - 1 - np.argmax(score, axis=-1)  # ties: the later gt, like COCOeval
            best = np.where(c.any(axis=-1), last_max, best)
        hit = best >= 0
        det_match[:, :, r] = hit
        det_ignore[:, :, r] = hit & ignored[kk, np.maximum(best, 0)]
        taken[kk[hit], tt[hit], best[hit]] = True
    matched = det_match[d_k, :, d_rank].T  # (T, n_det)
    det_out_of_range = (d_box[:, 2] * d_box[:, 3] < 0) | (d_box[:, 2] * d_box[:, 3] > big_area)
    ignore = det_ignore[d_k, :, d_rank].T | (~matched & det_out_of_range)

    # Accumulate per category: pool images, sort by score (ties: image order, then rank).
    precision = np.full((n_thr, len(rec_thrs), n_cat), -1.0)
    order = np.lexsort((d_rank, d_img, -d[:, 2], d_cat))
    cat_start = np.searchsorted(d_cat[order], np.arange(n_cat + 1))
    n_pos = np.bincount(g_cat[~g_ignore], minlength=n_cat)
    for c in np.flatnonzero(n_pos):
        idx = order[cat_start[c] : cat_start[c + 1]]
        tp = np.cumsum(matched[:, idx] & ~ignore[:, idx], axis=1, dtype=np.float64)
        fp = np.cumsum(~matched[:, idx] & ~ignore[:, idx], axis=1, dtype=np.float64)
        q = np.zeros((n_thr, len(rec_thrs)))
        if len(idx):
            rc = tp / n_pos[c]
            pr = tp / (fp + tp + np.spacing(1))
            pr = np.maximum.accumulate(pr[:, ::-1], axis=1)[:, ::-1]
            for t in range(n_thr):
                pos = np.searchsorted(rc[t], rec_thrs, side="left")
                q[t] = np.where(pos < len(idx), pr[t, np.minimum(pos, len(idx) - 1)], 0.0)
        precision[:, :, c] = q

    def mean_valid(p: NDArray) -> float:
        valid = p[p > -1]
        return float(np.mean(valid)) if valid.size else -1.0

    return {
        "AP": mean_valid(precision),
        "AP50": mean_valid(precision[0]),
        "AP75": mean_valid(precision[5]),
    }


# --8<-- [end:coco_evaluate]
