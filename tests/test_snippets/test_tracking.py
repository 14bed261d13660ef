"""Reference checks for snippets/tracking.py.

* The Kalman filter against a textbook filter written here with explicit matrices
  (standard ``K = P H^T S^-1``, ``P = (I - K H) P`` form; the snippet uses Joseph form).
* Association against brute force over all partial matchings (optimal total IoU).
* SORT on synthetic scenes: crossing objects keep their identities.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from snippets.tracking import KalmanBoxTracker, associate_detections, track_sequence

# ---------------------------------------------------------------------------- Kalman


class TextbookKalman:
    """Linear Kalman filter, matrices spelled out entry by entry."""

    def __init__(self, z0: np.ndarray, dt: float, q: float, r: float, v0: float) -> None:
        n, m = 8, 4
        self.F = np.eye(n)
        for i in range(m):
            self.F[i, i + m] = dt  # position += velocity * dt
        self.H = np.zeros((m, n))
        for i in range(m):
            self.H[i, i] = 1.0
        # White acceleration a ~ N(0, q) held constant over a step: x += G a, G = [dt^2/2, dt].
        self.Q = np.zeros((n, n))
        g = np.array([dt**2 / 2, dt])
        for i in range(m):
            idx = [i, i + m]
            self.Q[np.ix_(idx, idx)] = q * np.outer(g, g)
        self.R = r * np.eye(m)
        self.x = np.concatenate([z0, np.zeros(m)])
        self.P = np.diag([r] * m + [v0] * m)

    def predict(self) -> None:
        self.x = self.F @ self.x
        self.P = self.F @ self.P @ self.F.T + self.Q

    def update(self, z: np.ndarray) -> None:
        S = self.H @ self.P @ self.H.T + self.R
        K = self.P @ self.H.T @ np.linalg.inv(S)
        self.x = self.x + K @ (z - self.H @ self.x)
        self.P = (np.eye(8) - K @ self.H) @ self.P


def _xyxy_to_z(box: np.ndarray) -> np.ndarray:
    return np.array(
        [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2, box[2] - box[0], box[3] - box[1]]
    )


@pytest.mark.parametrize("seed", range(10))
def test_kalman_matches_textbook_filter(seed: int) -> None:
    rng = np.random.default_rng(seed)
    dt = float(rng.uniform(0.5, 2.0))
    q, r, v0 = (
        float(rng.uniform(0.01, 10)),
        float(rng.uniform(0.1, 10)),
        float(rng.uniform(10, 1e4)),
    )
    box = np.array([100.0, 50.0, 160.0, 130.0])
    velocity = rng.normal(0, 3, size=4)
    kf = KalmanBoxTracker(box, dt=dt, process_noise=q, measurement_noise=r, initial_velocity_var=v0)
    ref = TextbookKalman(_xyxy_to_z(box), dt, q, r, v0)
    for step in range(40):
        box = box + velocity * dt
        noisy = box + rng.normal(0, 1, size=4)
        noisy[2:] = np.maximum(noisy[2:], noisy[:2])  # keep it a valid xyxy box
        kf.predict()
        ref.predict()
        if rng.uniform() < 0.8:  # some frames have no detection: predict only
            kf.update(noisy)
            ref.update(_xyxy_to_z(noisy))
        np.testing.assert_allclose(kf.x, ref.x, rtol=1e-9, atol=1e-9, err_msg=f"step {step}")
        np.testing.assert_allclose(kf.P, ref.P, rtol=1e-9, atol=1e-9, err_msg=f"step {step}")
    np.testing.assert_allclose(kf.P, kf.P.T, atol=1e-12)  # symmetric up to round-off
    assert np.all(np.linalg.eigvalsh(kf.P) > 0)


def test_kalman_tracks_noisy_constant_velocity() -> None:
    rng = np.random.default_rng(0)
    box, velocity = np.array([0.0, 0.0, 40.0, 80.0]), np.array([4.0, -1.0, 4.0, -1.0])
    kf = KalmanBoxTracker(box + rng.normal(0, 1, 4), process_noise=0.01)
    errors = []
    for _ in range(60):
        box = box + velocity
        predicted = kf.predict()
        errors.append(np.abs(predicted - box).mean())
        kf.update(box + rng.normal(0, 1, 4))
    # Filtered predictions beat the raw measurement noise (mean |N(0, 1)| ~ 0.8) once settled.
    assert np.mean(errors[-20:]) < 0.8
    np.testing.assert_allclose(kf.x[4:], [4.0, -1.0, 0.0, 0.0], atol=0.35)  # vx, vy, vw, vh


def test_kalman_state_clips_shrinking_box() -> None:
    kf = KalmanBoxTracker([0, 0, 10, 10])
    for k in range(1, 4):  # shrinking about its centre: negative size velocity
        kf.predict()
        kf.update([k, k, 10 - k, 10 - k])
    for _ in range(20):
        state = kf.predict()
    assert kf.x[2] < 0
    assert state[2] == state[0] and state[3] == state[1]  # zero-size box, still valid xyxy


# ------------------------------------------------------------------------ association


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _brute_force_best_total(iou: np.ndarray, threshold: float) -> float:
    """Best total IoU over all partial matchings that use only admissible pairs."""
    n_t, n_d = iou.shape
    best = 0.0
    for k in range(min(n_t, n_d) + 1):
        for rows in itertools.combinations(range(n_t), k):
            for cols in itertools.permutations(range(n_d), k):
                vals = iou[list(rows), list(cols)]
                if np.all((vals >= threshold) & (vals > 0)):
                    best = max(best, float(vals.sum()))
    return best


def _random_boxes(rng: np.random.Generator, n: int) -> np.ndarray:
    xy = rng.uniform(0, 60, size=(n, 2))
    return np.hstack([xy, xy + rng.uniform(10, 40, size=(n, 2))])


def test_association_is_optimal_against_brute_force() -> None:
    rng = np.random.default_rng(0)
    for _ in range(150):
        tracks = _random_boxes(rng, int(rng.integers(0, 5)))
        dets = _random_boxes(rng, int(rng.integers(0, 5)))
        threshold = float(rng.choice([0.0, 0.1, 0.3, 0.5]))
        iou = np.array([[_iou(t, d) for d in dets] for t in tracks]).reshape(len(tracks), len(dets))
        matches, lost, new = associate_detections(tracks, dets, threshold)
        assert matches.shape[1] == 2 and matches.dtype == np.int64
        got = iou[matches[:, 0], matches[:, 1]]
        assert np.all((got >= threshold) & (got > 0))
        assert got.sum() == pytest.approx(_brute_force_best_total(iou, threshold), abs=1e-9)
        # Every track and detection is accounted for exactly once.
        assert sorted([*matches[:, 0], *lost]) == list(range(len(tracks)))
        assert sorted([*matches[:, 1], *new]) == list(range(len(dets)))


def test_gating_before_assignment_beats_gating_after() -> None:
    # IoU matrix (threshold 0.3): track 0 vs dets = [0.667, 0.5], track 1 vs dets = [0.222, 0].
    # Raw Hungarian picks (0,1) + (1,0) = 0.722 > 0.667, then gating drops (1,0) and keeps
    # only 0.5. Gating first makes (1,0) worth 0, so the best admissible pair (0,0) wins.
    tracks = np.array([[0, 0, 10, 10], [8, 0, 20, 10]], dtype=float)
    dets = np.array([[2, 0, 12, 10], [0, 0, 5, 10]], dtype=float)
    iou = np.array([[_iou(t, d) for d in dets] for t in tracks])
    rows, cols = linear_sum_assignment(iou, maximize=True)
    post_gated = [[r, c] for r, c in zip(rows, cols, strict=True) if iou[r, c] >= 0.3]
    assert post_gated == [[0, 1]]  # what "assign, then gate" would return
    matches, lost, new = associate_detections(tracks, dets, iou_threshold=0.3)
    assert matches.tolist() == [[0, 0]] and lost.tolist() == [1] and new.tolist() == [1]


@pytest.mark.parametrize(("n_tracks", "n_dets"), [(0, 3), (2, 0), (0, 0)])
def test_association_with_nothing_to_match(n_tracks: int, n_dets: int) -> None:
    rng = np.random.default_rng(1)
    matches, lost, new = associate_detections(
        _random_boxes(rng, n_tracks), _random_boxes(rng, n_dets)
    )
    assert matches.shape == (0, 2)
    assert lost.tolist() == list(range(n_tracks)) and new.tolist() == list(range(n_dets))


# ------------------------------------------------------------------------------ SORT


def _crossing_scene(seed: int, n_frames: int = 40, speed: float = 12.0) -> tuple[list, ...]:
    """Two 40x40 boxes crossing head-on (10 px apart vertically), noisy and unordered."""
    rng = np.random.default_rng(seed)
    size = np.array([0.0, 0.0, 40.0, 40.0])
    step = np.array([speed, 0.0, speed, 0.0])
    start_a, start_b = np.array([0.0, 100.0, 0.0, 100.0]), np.array([470.0, 110.0, 470.0, 110.0])
    truth_a = [size + start_a + t * step for t in range(n_frames)]
    truth_b = [size + start_b - t * step for t in range(n_frames)]
    frames = []
    for t in range(n_frames):
        dets = np.array([truth_a[t], truth_b[t]]) + rng.normal(0, 0.5, size=(2, 4))
        frames.append(dets[rng.permutation(2)])  # detector output order carries no identity
    return truth_a, truth_b, frames


def _label(box: np.ndarray, a: np.ndarray, b: np.ndarray) -> str:
    return "a" if np.abs(box - a).sum() < np.abs(box - b).sum() else "b"


@pytest.mark.parametrize("seed", range(3))
def test_crossing_objects_keep_their_identities(seed: int) -> None:
    truth_a, truth_b, frames = _crossing_scene(seed)
    assert max(_iou(a, b) for a, b in zip(truth_a, truth_b, strict=True)) > 0.35  # they overlap

    results = track_sequence(frames, iou_threshold=0.3, max_age=1, min_hits=1)
    identity: dict[str, int] = {}
    for t, (ids, boxes) in enumerate(results):
        assert len(ids) == 2, f"frame {t}"
        for track_id, box in zip(ids, boxes, strict=True):
            label = _label(box, truth_a[t], truth_b[t])
            assert identity.setdefault(label, int(track_id)) == track_id, f"switch at frame {t}"
    assert sorted(identity.values()) == [0, 1]


def test_without_motion_model_the_crossing_swaps_identities() -> None:
    # Baseline: associate each frame with the *previous detections* (no Kalman prediction).
    # At 12 px/frame the boxes are closer to each other's last position than to their own
    # near the crossing, so the identities swap, which is what the motion model prevents.
    truth_a, truth_b, frames = _crossing_scene(seed=0)
    labels = [_label(box, truth_a[0], truth_b[0]) for box in frames[0]]
    for t in range(1, len(frames)):
        matches, _, _ = associate_detections(frames[t - 1], frames[t], iou_threshold=0.0)
        new_labels = [""] * len(frames[t])
        for ti, di in matches:
            new_labels[di] = labels[ti]
        labels = new_labels
    final_truth = [_label(box, truth_a[-1], truth_b[-1]) for box in frames[-1]]
    assert labels == [{"a": "b", "b": "a"}[x] for x in final_truth]  # swapped


def test_min_hits_hides_tentative_tracks_and_false_positives() -> None:
    box = np.array([0.0, 0.0, 20.0, 20.0])
    frames: list[np.ndarray] = [np.array([box + 2 * t * np.array([1, 0, 1, 0])]) for t in range(8)]
    frames[5] = np.vstack([frames[5], [[300, 300, 320, 320]]])  # a one-frame false positive
    results = track_sequence(frames, min_hits=3, max_age=1)
    assert [ids.tolist() for ids, _ in results] == [[0], [0], [0], [0], [0], [0], [0], [0]]
    # With min_hits=3 the false positive (id 1) is never confirmed after the first frames.
    np.testing.assert_allclose(results[-1][1][0], frames[-1][0], atol=1.0)


def test_track_sequence_empty_video_and_empty_frames() -> None:
    assert track_sequence([]) == []
    ((ids, boxes),) = track_sequence([np.empty((0, 4))])
    assert ids.shape == (0,) and boxes.shape == (0, 4)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: KalmanBoxTracker([0, 0, 1]), r"box must have shape \(4,\)"),
        (lambda: KalmanBoxTracker([0, 0, np.nan, 1]), "box must be a finite xyxy"),
        (lambda: KalmanBoxTracker([5, 0, 1, 1]), "x2 >= x1"),
        (lambda: KalmanBoxTracker([0, 0, 1, 1]).update([[0, 0, 1, 1]]), "box must have shape"),
        (lambda: KalmanBoxTracker([0, 0, 1, 1], dt=0), "dt must be positive"),
        (lambda: KalmanBoxTracker([0, 0, 1, 1], process_noise=-1), "process_noise"),
        (lambda: KalmanBoxTracker([0, 0, 1, 1], measurement_noise=0), "measurement_noise"),
        (lambda: KalmanBoxTracker([0, 0, 1, 1], initial_velocity_var=0), "initial_velocity_var"),
        (lambda: associate_detections([[0, 0, 1, 1]], [], 1.5), "iou_threshold must be in"),
        (lambda: associate_detections([[0, 0, 1]], []), r"tracks_xyxy must have shape \(N, 4\)"),
        (lambda: associate_detections([], [[0, 0, np.inf, 1]]), "detections_xyxy must be finite"),
        (lambda: associate_detections([[1, 0, 0, 1]], []), "tracks_xyxy must be xyxy"),
        (lambda: track_sequence([], max_age=-1), "max_age and min_hits must be >= 0"),
        (lambda: track_sequence([[], [[0, 0, 1]]]), r"detections_per_frame\[1\] must have shape"),
    ],
)
def test_invalid_inputs_raise(call: Callable[[], object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
