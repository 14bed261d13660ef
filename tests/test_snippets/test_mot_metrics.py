"""Reference checks for snippets.mot_metrics against py-motmetrics (``motmetrics``).

Random scenes: ground-truth objects moving with constant velocity, a simulated tracker
that jitters boxes, misses some, adds false positives, swaps and fragments identities.
The same IoU matrices (``snippets.boxes.box_iou``) go to both implementations;
motmetrics gets ``1 - IoU`` with NaN for pairs below the threshold, its documented
"do-not-pair" convention.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from snippets.boxes import box_iou
from snippets.mot_metrics import clear_mot, id_metrics


def random_sequence(seed: int, n_frames: int = 30, n_objects: int = 6):
    rng = np.random.default_rng(seed)
    start = rng.uniform(0, 200, size=(n_objects, 2))
    velocity = rng.normal(0, 3, size=(n_objects, 2))
    size = rng.uniform(15, 40, size=(n_objects, 2))
    alive = [(int(a), int(a + rng.integers(5, n_frames))) for a in rng.integers(0, 10, n_objects)]
    hyp_of = {g: 100 + g for g in range(n_objects)}  # motmetrics needs numeric ids
    next_id = 200
    frames = []
    for t in range(n_frames):
        gt_ids = [g for g in range(n_objects) if alive[g][0] <= t < alive[g][1]]
        xy = start + velocity * t
        gt_boxes = np.hstack([xy, xy + size])[gt_ids].reshape(-1, 4)
        if rng.uniform() < 0.1 and len(gt_ids) >= 2:  # two identities swap
            a, b = rng.choice(gt_ids, size=2, replace=False)
            hyp_of[a], hyp_of[b] = hyp_of[b], hyp_of[a]
        if rng.uniform() < 0.05 and gt_ids:  # a track fragments: new id
            hyp_of[int(rng.choice(gt_ids))] = next_id
            next_id += 1
        keep = [i for i in range(len(gt_ids)) if rng.uniform() > 0.15]  # misses
        hyp_ids = [hyp_of[gt_ids[i]] for i in keep]
        hyp_boxes = gt_boxes[keep] + rng.normal(0, 4, size=(len(keep), 4))
        hyp_boxes[:, 2:] = np.maximum(hyp_boxes[:, 2:], hyp_boxes[:, :2] + 1)
        n_fp = int(rng.integers(0, 3))
        fp_xy = rng.uniform(0, 250, size=(n_fp, 2))
        fp_boxes = np.hstack([fp_xy, fp_xy + rng.uniform(15, 40, size=(n_fp, 2))])
        hyp_ids += [10_000 + 10 * t + k for k in range(n_fp)]
        hyp_boxes = np.vstack([hyp_boxes, fp_boxes])
        frames.append((gt_ids, hyp_ids, box_iou(gt_boxes, hyp_boxes)))
    return frames


def motmetrics_summary(frames, threshold: float) -> dict:
    mm = pytest.importorskip("motmetrics")  # only the reference comparison needs it
    acc = mm.MOTAccumulator(auto_id=True)
    for gt_ids, hyp_ids, iou in frames:
        dist = np.where(iou >= threshold, 1.0 - iou, np.nan)
        acc.update(gt_ids, hyp_ids, dist)
    names = ["mota", "num_switches", "num_misses", "num_false_positives", "idf1", "idtp"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecation noise inside motmetrics
        summary = mm.metrics.create().compute(acc, metrics=[*names, "idfp", "idfn"])
    return summary.iloc[0].to_dict()


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("threshold", [0.3, 0.5])
def test_matches_motmetrics(seed: int, threshold: float) -> None:
    frames = random_sequence(seed)
    ref = motmetrics_summary(frames, threshold)
    ours = clear_mot(frames, iou_threshold=threshold)
    ids = id_metrics(frames, iou_threshold=threshold)
    assert ours["idsw"] == ref["num_switches"]
    assert ours["fn"] == ref["num_misses"]
    assert ours["fp"] == ref["num_false_positives"]
    assert ours["mota"] == pytest.approx(ref["mota"])
    assert ids["idtp"] == ref["idtp"]
    assert ids["idfp"] == ref["idfp"] and ids["idfn"] == ref["idfn"]
    assert ids["idf1"] == pytest.approx(ref["idf1"])


def test_counts_add_up() -> None:
    frames = random_sequence(1)
    m = clear_mot(frames)
    assert m["matches"] + m["fn"] == m["num_gt"] == sum(len(f[0]) for f in frames)
    assert m["matches"] + m["fp"] == sum(len(f[1]) for f in frames)
    ids = id_metrics(frames)
    assert ids["idp"] == pytest.approx(ids["idtp"] / sum(len(f[1]) for f in frames))
    assert ids["idr"] == pytest.approx(ids["idtp"] / m["num_gt"])


def test_empty_sequences() -> None:
    assert np.isnan(clear_mot([])["mota"])
    assert np.isnan(id_metrics([])["idf1"])
    only_fp = [([], ["a"], np.zeros((0, 1)))]
    assert np.isnan(clear_mot(only_fp)["mota"]) and clear_mot(only_fp)["fp"] == 1
    assert id_metrics(only_fp)["idf1"] == 0.0 and np.isnan(id_metrics(only_fp)["idr"])
    assert np.isnan(id_metrics([([1], [], np.zeros((1, 0)))])["idp"])
    assert clear_mot([([1], [], [])])["fn"] == 1  # an empty list stands for the (1, 0) matrix


def test_bad_inputs_raise() -> None:
    with pytest.raises(ValueError, match="iou_threshold"):
        clear_mot([], iou_threshold=0.0)
    with pytest.raises(ValueError, match="unique"):
        clear_mot([([1, 1], ["a"], [[0.9], [0.8]])])
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        id_metrics([([1], ["a"], [[1.5]])])
    with pytest.raises(ValueError):
        clear_mot([([1, 2], ["a"], [[0.9, 0.1]])])  # wrong shape
