"""Multi-object tracking by detection, SORT-style: Kalman filter + Hungarian association.

Boxes are ``(N, 4)`` xyxy arrays in pixels (see ``snippets.boxes``). The pieces:
a constant-velocity Kalman filter per object (``KalmanBoxTracker``), an optimal
IoU matching between predicted tracks and new detections
(``associate_detections``), and the loop that creates, updates and deletes tracks
(``track_sequence``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linear_sum_assignment

from snippets.boxes import _as_boxes, box_iou

__all__ = ["KalmanBoxTracker", "associate_detections", "track_sequence"]


# --8<-- [start:kalman_filter]
class KalmanBoxTracker:
    """Constant-velocity Kalman filter over one box.

    State ``x = [cx, cy, w, h, vx, vy, vw, vh]``: centre, size and their velocities,
    in pixels and pixels per frame. The measurement is ``z = [cx, cy, w, h]``, a linear
    function of the state (``H = [I 0]``), so this is a plain linear Kalman filter.
    SORT uses ``[cx, cy, s, r, ...]`` (area and a *constant* aspect ratio) instead; with
    width and height as separate states the aspect ratio may change (a pedestrian
    turning) and all units are pixels, which makes the noise levels easier to reason
    about. Both models predict a linearly growing size, so a long run of predictions
    without updates can shrink a box to zero: ``state`` clips ``w, h`` at 0.

    Model, with ``dt`` frames per step:
    ``x' = F x`` with ``F = [[I, dt I], [0, I]]``; process noise ``Q`` is the
    piecewise-constant white-acceleration model ``q * [[dt^4/4, dt^3/2], [dt^3/2, dt^2]]``
    per coordinate; measurement noise ``R = r I``. The first box initialises the
    position with variance ``r``; the unknown velocity gets a large variance so the first
    updates can set it.

    >>> kf = KalmanBoxTracker([10, 20, 50, 80])
    >>> kf.state.tolist()  # xyxy in, xyxy out
    [10.0, 20.0, 50.0, 80.0]
    >>> box, velocity = np.array([10.0, 20.0, 50.0, 80.0]), np.array([3.0, 2.0, 3.0, 2.0])
    >>> for _ in range(10):  # a box moving at a constant velocity
    ...     box = box + velocity
    ...     _ = kf.predict()
    ...     _ = kf.update(box)
    >>> error = np.abs(kf.predict() - (box + velocity)).max()  # predict the next frame
    >>> bool(error < 1.0)  # the filter has learned the velocity
    True
    >>> kf.x[4:6].round(1).tolist()  # estimated (vx, vy)
    [3.0, 2.0]
    """

    def __init__(
        self,
        box: ArrayLike,
        dt: float = 1.0,
        process_noise: float = 1.0,
        measurement_noise: float = 1.0,
        initial_velocity_var: float = 1e3,
    ) -> None:
        if not dt > 0:
            raise ValueError(f"dt must be positive, got {dt}")
        if not process_noise >= 0:
            raise ValueError(f"process_noise must be non-negative, got {process_noise}")
        if not measurement_noise > 0:
            raise ValueError(f"measurement_noise must be positive, got {measurement_noise}")
        if not initial_velocity_var > 0:
            raise ValueError(f"initial_velocity_var must be positive, got {initial_velocity_var}")
        eye = np.eye(4)
        self.F = np.block([[eye, dt * eye], [np.zeros((4, 4)), eye]])
        self.H = np.hstack([eye, np.zeros((4, 4))])
        accel = np.array([[dt**4 / 4, dt**3 / 2], [dt**3 / 2, dt**2]])
        self.Q = process_noise * np.kron(accel, eye)
        self.R = measurement_noise * eye
        self.x = np.concatenate([self._measure(box), np.zeros(4)])
        self.P = np.diag([measurement_noise] * 4 + [initial_velocity_var] * 4)

    @staticmethod
    def _measure(box: ArrayLike) -> NDArray[np.float64]:
        """xyxy box -> measurement ``[cx, cy, w, h]``."""
        b = np.asarray(box, dtype=np.float64)
        if b.shape != (4,):
            raise ValueError(f"box must have shape (4,) as x1, y1, x2, y2; got {b.shape}")
        if not np.all(np.isfinite(b)) or b[2] < b[0] or b[3] < b[1]:
            raise ValueError(f"box must be a finite xyxy box with x2 >= x1, y2 >= y1; got {b}")
        return np.array([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]])

    @property
    def state(self) -> NDArray[np.float64]:
        """Current box estimate as xyxy, shape ``(4,)`` (width and height clipped at 0)."""
        cx, cy = self.x[0], self.x[1]
        w, h = max(self.x[2], 0.0), max(self.x[3], 0.0)
        return np.array([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])

    def predict(self) -> NDArray[np.float64]:
        """Advance one step: ``x = F x``, ``P = F P F^T + Q``. Returns the predicted xyxy box."""
        self.x = self.F @ self.x
        self.P = self.F @ self.P @ self.F.T + self.Q
        return self.state

    def update(self, box: ArrayLike) -> NDArray[np.float64]:
        """Correct with a measured xyxy ``box``. Returns the corrected xyxy box."""
        z = self._measure(box)
        innovation = z - self.H @ self.x
        S = self.H @ self.P @ self.H.T + self.R
        K = np.linalg.solve(S, self.H @ self.P).T  # = P H^T S^-1 (P and S are symmetric)
        self.x = self.x + K @ innovation
        # Joseph form: equal to (I - K H) P for the optimal K, but a sum of two positive
        # semi-definite terms, so P stays positive semi-definite under round-off (symmetric
        # only up to round-off).
        I_KH = np.eye(8) - K @ self.H
        self.P = I_KH @ self.P @ I_KH.T + K @ self.R @ K.T
        return self.state


# --8<-- [end:kalman_filter]


# --8<-- [start:associate_detections]
def associate_detections(
    tracks_xyxy: ArrayLike, detections_xyxy: ArrayLike, iou_threshold: float = 0.3
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Match ``T`` predicted track boxes to ``D`` detections, maximising the total IoU.

    Returns ``(matches, unmatched_tracks, unmatched_detections)``: ``matches`` is a
    ``(K, 2)`` array of ``(track_index, detection_index)`` rows, the others are index
    arrays. A pair may be matched only if its IoU is at least ``iou_threshold`` and
    positive. Gating happens *before* the Hungarian algorithm (inadmissible pairs are
    worth 0), so the result is the best matching among admissible pairs; gating after
    the assignment, as SORT does, can lose a good pair to one that is then discarded.

    >>> rng = np.random.default_rng(0)
    >>> xy = rng.uniform(0, 400, size=(5, 2))
    >>> tracks = np.hstack([xy, xy + rng.uniform(20, 60, size=(5, 2))])
    >>> perm = rng.permutation(5)
    >>> matches, lost, new = associate_detections(tracks, tracks[perm])
    >>> bool(np.array_equal(perm[matches[:, 1]], matches[:, 0]))  # recovers the permutation
    True
    >>> far_away = [[1000, 1000, 1010, 1010]]
    >>> matches, lost, new = associate_detections(tracks[:2], np.vstack([tracks[1], far_away]))
    >>> matches.tolist(), lost.tolist(), new.tolist()
    ([[1, 0]], [0], [1])
    >>> tracks, dets = [[0, 0, 10, 10], [6, 0, 12, 10]], [[2, 0, 8, 10], [0, 0, 5, 10]]
    >>> iou = box_iou(tracks, dets)
    >>> iou.round(2).tolist()  # raw optimum: (0, 1) + (1, 0) = 0.7 > 0.6 + 0
    [[0.6, 0.5], [0.2, 0.0]]
    >>> rows, cols = linear_sum_assignment(iou, maximize=True)  # SORT: assign, then gate
    >>> [[int(r), int(c)] for r, c in zip(rows, cols) if iou[r, c] >= 0.3]
    [[0, 1]]
    >>> associate_detections(tracks, dets, 0.3)[0].tolist()  # gate first: track 0's best pair
    [[0, 0]]
    """
    if not 0.0 <= iou_threshold <= 1.0:
        raise ValueError(f"iou_threshold must be in [0, 1], got {iou_threshold}")
    tracks = _as_boxes(tracks_xyxy, "tracks_xyxy")
    detections = _as_boxes(detections_xyxy, "detections_xyxy")
    iou = box_iou(tracks, detections)
    gain = np.where(iou >= iou_threshold, iou, 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    keep = gain[rows, cols] > 0
    matches = np.stack([rows[keep], cols[keep]], axis=1).astype(np.int64)
    unmatched_tracks = np.setdiff1d(np.arange(len(tracks)), matches[:, 0]).astype(np.int64)
    unmatched_dets = np.setdiff1d(np.arange(len(detections)), matches[:, 1]).astype(np.int64)
    return matches, unmatched_tracks, unmatched_dets


# --8<-- [end:associate_detections]


# --8<-- [start:sort_tracker]
@dataclass
class _Track:
    track_id: int
    kf: KalmanBoxTracker
    hit_streak: int = 1  # consecutive frames with a matched detection
    misses: int = 0  # frames since the last matched detection


def track_sequence(
    detections_per_frame: Sequence[ArrayLike],
    iou_threshold: float = 0.3,
    max_age: int = 1,
    min_hits: int = 3,
) -> list[tuple[NDArray[np.int64], NDArray[np.float64]]]:
    """SORT: run the tracker over a video's detections; per frame return ``(ids, boxes)``.

    Each frame: predict every track, associate predictions with the detections, update
    matched tracks, start a track for each unmatched detection, and delete tracks
    unmatched for more than ``max_age`` frames (they coast on predictions meanwhile).
    A track is reported only in frames where it was matched, and only once it has
    ``min_hits`` consecutive matches (the detection that starts it counts), except in
    the first ``min_hits`` frames of the video. Ids are 0, 1, 2, ... in order of birth.

    >>> box = np.array([0.0, 0.0, 20.0, 20.0])
    >>> frames = [[box + [5 * t, 0, 5 * t, 0]] for t in range(6)]  # one box moving right
    >>> frames[3] = []  # a missed detection
    >>> [ids.tolist() for ids, _ in track_sequence(frames, max_age=1, min_hits=1)]
    [[0], [0], [0], [], [0], [0]]
    >>> [ids.tolist() for ids, _ in track_sequence(frames, max_age=0, min_hits=1)]  # lost
    [[0], [0], [0], [], [1], [1]]
    >>> # With min_hits=2, a miss restarts the streak: hidden until confirmed again.
    >>> [ids.tolist() for ids, _ in track_sequence(frames, max_age=1, min_hits=2)]
    [[0], [0], [0], [], [], [0]]
    >>> # Even with min_hits=0, a track coasting through a miss is not reported.
    >>> [ids.tolist() for ids, _ in track_sequence(frames, max_age=1, min_hits=0)][3]
    []
    """
    if max_age < 0 or min_hits < 0:
        raise ValueError(f"max_age and min_hits must be >= 0, got {max_age}, {min_hits}")
    tracks: list[_Track] = []
    next_id = 0
    results = []
    for t, frame in enumerate(detections_per_frame):
        dets = _as_boxes(frame, f"detections_per_frame[{t}]")
        predicted = np.array([trk.kf.predict() for trk in tracks]).reshape(-1, 4)
        matches, lost, new = associate_detections(predicted, dets, iou_threshold)
        for ti, di in matches:
            tracks[ti].kf.update(dets[di])
            tracks[ti].hit_streak += 1
            tracks[ti].misses = 0
        for ti in lost:
            tracks[ti].hit_streak = 0
            tracks[ti].misses += 1
        for di in new:
            tracks.append(_Track(next_id, KalmanBoxTracker(dets[di])))
            next_id += 1
        tracks = [trk for trk in tracks if trk.misses <= max_age]
        shown = [
            trk
            for trk in tracks
            if trk.misses == 0 and (trk.hit_streak >= min_hits or t < min_hits)
        ]
        ids = np.array([trk.track_id for trk in shown], dtype=np.int64)
        results.append((ids, np.array([trk.kf.state for trk in shown]).reshape(-1, 4)))
    return results


# --8<-- [end:sort_tracker]
