"""Multi-object tracking metrics: CLEAR MOT (MOTA) and the identity metrics (IDF1).

A sequence is a list of frames; each frame is ``(gt_ids, hyp_ids, iou)`` with the
ground-truth ids, the tracker's ids and the ``(G, H)`` IoU matrix between their boxes in
that frame. A ground truth and a hypothesis may be matched in a frame only if their IoU
is at least ``iou_threshold`` (0.5 is the MOTChallenge convention for boxes).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment

__all__ = ["clear_mot", "id_metrics"]

Frame = tuple[Sequence[Hashable], Sequence[Hashable], ArrayLike]


def _frames(frames: Sequence[Frame], iou_threshold: float):
    """Validate and yield ``(gt_ids, hyp_ids, matchable, iou)`` per frame."""
    if not 0.0 < iou_threshold <= 1.0:
        raise ValueError(f"iou_threshold must be in (0, 1], got {iou_threshold}")
    for t, (gt_ids, hyp_ids, iou) in enumerate(frames):
        gt, hyp = list(gt_ids), list(hyp_ids)
        m = np.asarray(iou, dtype=np.float64)
        if m.shape != (len(gt), len(hyp)):
            if m.size or len(gt) * len(hyp):
                raise ValueError(f"frame {t}: iou has shape {m.shape}, need {(len(gt), len(hyp))}")
            m = m.reshape(len(gt), len(hyp))
        if len(set(gt)) != len(gt) or len(set(hyp)) != len(hyp):
            raise ValueError(f"frame {t}: ids must be unique within a frame")
        if not np.all(np.isfinite(m)) or m.min(initial=0) < 0 or m.max(initial=0) > 1:
            raise ValueError(f"frame {t}: iou must be finite and in [0, 1]")
        yield gt, hyp, m >= iou_threshold, m


# --8<-- [start:clear_mot]
def clear_mot(frames: Sequence[Frame], iou_threshold: float = 0.5) -> dict[str, Any]:
    """MOTA with the CLEAR MOT matching: ``1 - (FN + FP + IDSW) / GT``.

    Per frame: first keep each ground truth's last pair if it is still matchable (a tracker
    is not punished for keeping an id when a slightly better box appears). "Last" means the
    last frame in which that ground truth was matched, as in py-motmetrics; TrackEval only
    carries pairs over from the previous frame, so the two can differ after a miss. Then match
    the rest
    with the Hungarian algorithm (most matches, then highest total IoU). An identity
    switch (IDSW) is a ground truth matched to a different hypothesis than the last one
    it was matched to. Unmatched ground truths are misses (FN), unmatched hypotheses
    false positives (FP). MOTA lies in ``(-inf, 1]``.

    >>> perfect = [([1, 2], ["a", "b"], np.eye(2))] * 10  # two objects, ten frames
    >>> print(f"{clear_mot(perfect)['mota']:.4f}")
    1.0000
    >>> swapped = perfect[:5] + [([1, 2], ["b", "a"], np.eye(2))] * 5  # ids swap once
    >>> m = clear_mot(swapped)
    >>> print(m["idsw"], f"{m['mota']:.4f}")  # one swap: 2 switches of 20 boxes, MOTA 0.9
    2 0.9000
    >>> # A better-overlapping box appears, but the established pair is kept: no switch.
    >>> clear_mot([([1], ["a"], [[0.9]]), ([1], ["a", "b"], [[0.6, 0.95]])])["idsw"]
    0
    >>> gap = [([1], ["a"], [[0.9]]), ([1], [], []), ([1], ["a", "b"], [[0.6, 0.95]])]
    >>> clear_mot(gap)["idsw"]  # the pair 1-a survives a missed frame (TrackEval: 1 switch)
    0
    >>> clutter = [([1], ["a", "x", "y", "z"], [[0.9, 0, 0, 0]])]  # 3 false positives
    >>> print(f"{clear_mot(clutter)['mota']:.4f}")  # negative: more errors than objects
    -2.0000
    >>> clear_mot([([1], ["a"], [[0.5]])])["fn"]  # IoU equal to the threshold is a match
    0
    >>> cross = [([1, 2], ["a", "b"], [[0.9, 0.6], [0.6, 0.9]]), ([1, 2], ["a", "b"], np.eye(2))]
    >>> clear_mot(cross)["idsw"]  # frame 0 pairs 1-a, 2-b (total IoU 1.8, not 1.2)
    0
    """
    fn = fp = idsw = matches = num_gt = 0
    last: dict[Hashable, Hashable] = {}  # ground truth -> last matched hypothesis
    for gt, hyp, ok, iou in _frames(frames, iou_threshold):
        num_gt += len(gt)
        pairs = []
        for g, gid in enumerate(gt):  # 1. keep still-valid correspondences
            h = hyp.index(last[gid]) if last.get(gid) in hyp else -1
            if h >= 0 and ok[g, h] and h not in {p[1] for p in pairs}:
                pairs.append((g, h))
        free_g = [g for g in range(len(gt)) if g not in {p[0] for p in pairs}]
        free_h = [h for h in range(len(hyp)) if h not in {p[1] for p in pairs}]
        sub_ok, sub_iou = ok[np.ix_(free_g, free_h)], iou[np.ix_(free_g, free_h)]
        # 2. Hungarian on the rest; an inadmissible pair costs more than any full matching.
        cost = np.where(sub_ok, 1.0 - sub_iou, 2.0 * max(sub_ok.shape, default=0) + 1.0)
        for r, c in zip(*linear_sum_assignment(cost), strict=True):
            if sub_ok[r, c]:
                g, h = free_g[r], free_h[c]
                idsw += gt[g] in last and last[gt[g]] != hyp[h]
                pairs.append((g, h))
        for g, h in pairs:
            last[gt[g]] = hyp[h]
        matches += len(pairs)
        fn += len(gt) - len(pairs)
        fp += len(hyp) - len(pairs)
    mota = 1.0 - (fn + fp + idsw) / num_gt if num_gt else float("nan")
    return {"num_gt": num_gt, "matches": matches, "fn": fn, "fp": fp, "idsw": idsw, "mota": mota}


# --8<-- [end:clear_mot]


# --8<-- [start:id_metrics]
def id_metrics(frames: Sequence[Frame], iou_threshold: float = 0.5) -> dict[str, Any]:
    """IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN), after one global identity mapping.

    Each ground-truth trajectory is mapped to at most one hypothesis trajectory for the
    whole sequence, choosing the one-to-one mapping with the most frames where the mapped
    pair overlaps (IoU >= threshold): the identity true positives (IDTP). Every other
    ground-truth box is an IDFN, every other hypothesis box an IDFP. Minimising
    IDFN + IDFP is the same as maximising IDTP, because IDTP + IDFN and IDTP + IDFP are the
    fixed numbers of ground-truth and hypothesis boxes.

    >>> perfect = [([1, 2], ["a", "b"], np.eye(2))] * 10
    >>> swapped = perfect[:5] + [([1, 2], ["b", "a"], np.eye(2))] * 5  # ids swap once
    >>> m = id_metrics(swapped)
    >>> print(m["idtp"], m["idfn"], m["idfp"], f"{m['idf1']:.4f}")  # half of each track wrong
    10 10 10 0.5000
    >>> late = [([1, 2], ["a", "b"], np.eye(2))] * 9 + [([1, 2], ["b", "a"], np.eye(2))]
    >>> print(f"{id_metrics(late)['idf1']:.4f} {clear_mot(late)['mota']:.4f}")  # late: both 0.9
    0.9000 0.9000
    >>> ok, flip = perfect[0], swapped[-1]
    >>> flips = [ok, ok, flip, ok, ok, flip, ok, ok, flip, ok]  # 3 one-frame swaps, undone
    >>> c = clear_mot(flips)  # more switches than `swapped`, yet a better IDF1
    >>> print(c["idsw"], f"{c['mota']:.4f}", f"{id_metrics(flips)['idf1']:.4f}")
    12 0.4000 0.7000
    >>> ghost = [([1, 2], ["a", "b", "x"], [[1, 0, 0], [0, 1, 0]])] * 10  # plus a false track
    >>> m = id_metrics(ghost)
    >>> print(m["idtp"], m["idfp"], f"{m['idf1']:.4f}")  # 2 * 20 / (2 * 20 + 10 + 0)
    20 10 0.8000
    """
    pair_frames: dict[tuple[Hashable, Hashable], int] = {}
    num_gt = num_hyp = 0
    for gt, hyp, ok, _ in _frames(frames, iou_threshold):
        num_gt, num_hyp = num_gt + len(gt), num_hyp + len(hyp)
        for g, h in zip(*np.nonzero(ok), strict=True):
            pair_frames[gt[g], hyp[h]] = pair_frames.get((gt[g], hyp[h]), 0) + 1
    gt_ids = sorted({g for g, _ in pair_frames}, key=repr)
    hyp_ids = sorted({h for _, h in pair_frames}, key=repr)
    overlap = np.zeros((len(gt_ids), len(hyp_ids)))
    for (g, h), n in pair_frames.items():
        overlap[gt_ids.index(g), hyp_ids.index(h)] = n
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    idtp = int(overlap[rows, cols].sum())
    idfn, idfp = num_gt - idtp, num_hyp - idtp
    denom = num_gt + num_hyp
    return {
        "idtp": idtp,
        "idfn": idfn,
        "idfp": idfp,
        "idp": idtp / num_hyp if num_hyp else float("nan"),
        "idr": idtp / num_gt if num_gt else float("nan"),
        "idf1": 2 * idtp / denom if denom else float("nan"),
    }


# --8<-- [end:id_metrics]
