"""Reference checks for snippets.ransac against scikit-image and cv2.findHomography."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage.measure import LineModelND, ransac
from skimage.measure.fit import _dynamic_max_trials

from snippets.homography import apply_homography
from snippets.ransac import ransac_homography, ransac_iterations, ransac_line


@pytest.mark.parametrize("p", [0.9, 0.99, 0.995, 0.999])
@pytest.mark.parametrize("w", [0.05, 0.2, 0.5, 0.8, 0.95])
@pytest.mark.parametrize("s", [1, 2, 3, 4, 5, 7, 8])
def test_iterations_match_skimage(p: float, w: float, s: int) -> None:
    n = ransac_iterations(p, w, s)
    if w**s > 1e-6:  # skimage clips 1 - w**s at 1 - 1e-12 and uses log, not log1p
        assert n == int(_dynamic_max_trials(round(w * 1000), 1000, s, p))
    # the definition: the smallest n with P(at least one all-inlier sample) >= p
    log_miss = np.log1p(-(w**s))
    assert n * log_miss <= np.log1p(-p) + 1e-12
    assert n == 1 or (n - 1) * log_miss > np.log1p(-p)


def test_iterations_all_inliers() -> None:
    assert ransac_iterations(0.99, 1.0, 4) == 1


def line_data(rng: np.random.Generator, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    angle = rng.uniform(0, np.pi)
    direction = np.array([np.cos(angle), np.sin(angle)])
    t = rng.uniform(-50, 50, n_in)
    inl = rng.uniform(-20, 20, 2) + t[:, None] * direction + rng.normal(0, 0.1, (n_in, 2))
    out = rng.uniform(-60, 60, (n_out, 2))
    normal = np.array([-direction[1], direction[0]])
    out_far = out[np.abs((out - inl.mean(0)) @ normal) > 3.0]  # clear outliers only
    return np.r_[inl, out_far], np.r_[np.ones(n_in, bool), np.zeros(len(out_far), bool)]


@pytest.mark.parametrize("seed", range(10))
def test_line_inliers_match_skimage(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pts, truth = line_data(rng, 60, 50)
    n, c, inl = ransac_line(pts, threshold=1.0, n_iters=200, seed=seed)
    _, inl_sk = ransac(
        pts, LineModelND, min_samples=2, residual_threshold=1.0, max_trials=200, rng=seed
    )
    np.testing.assert_array_equal(inl, truth)
    np.testing.assert_array_equal(inl, inl_sk)
    assert np.isclose(np.linalg.norm(n), 1.0)
    assert np.abs(pts[truth] @ n - c).max() < 0.5


def random_homography(rng: np.random.Generator) -> np.ndarray:
    H = np.eye(3) + rng.normal(0, [[0.1, 0.1, 20], [0.1, 0.1, 20], [2e-4, 2e-4, 0]])
    return H / H[2, 2]


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("outlier_frac", [0.1, 0.4])
def test_homography_matches_opencv_ransac(seed: int, outlier_frac: float) -> None:
    rng = np.random.default_rng(seed)
    H_true = random_homography(rng)
    n = 150
    src = rng.uniform(0, 640, (n, 2))
    dst = apply_homography(H_true, src) + rng.normal(0, 0.3, (n, 2))
    n_out = int(outlier_frac * n)
    # gross outliers: displaced by at least 20 px, so the true inlier set is unambiguous
    shift = rng.uniform(20, 200, n_out) * np.exp(1j * rng.uniform(0, 2 * np.pi, n_out))
    dst[:n_out] += np.c_[shift.real, shift.imag]
    truth = np.r_[np.zeros(n_out, bool), np.ones(n - n_out, bool)]

    H, inl = ransac_homography(src, dst, threshold=3.0, seed=seed)
    H_cv, mask = cv2.findHomography(src, dst, cv2.RANSAC, 3.0)
    np.testing.assert_array_equal(inl, truth)
    np.testing.assert_array_equal(inl, mask.ravel().astype(bool))
    ours = apply_homography(H, src[truth])
    np.testing.assert_allclose(ours, apply_homography(H_cv, src[truth]), atol=0.5)
    np.testing.assert_allclose(ours, apply_homography(H_true, src[truth]), atol=0.5)


@pytest.mark.parametrize("outlier_frac", [0.0, 0.3])
def test_homography_adapts_iteration_budget(monkeypatch, outlier_frac: float) -> None:
    # the page says the loop shrinks N to ransac_iterations(confidence, best inlier ratio, 4);
    # count 4-point fits: clean data stops after one sample, 30 % outliers well before max_iters
    import snippets.ransac as mod

    calls = []
    real_dlt = mod.homography_dlt

    def counting_dlt(p, q):
        calls.append(len(p))
        return real_dlt(p, q)

    monkeypatch.setattr(mod, "homography_dlt", counting_dlt)
    rng = np.random.default_rng(5)
    src = rng.uniform(0, 640, (100, 2))
    dst = apply_homography(random_homography(rng), src)
    n_out = int(outlier_frac * len(src))
    dst[:n_out] += rng.uniform(50, 100, (n_out, 2))
    ransac_homography(src, dst, threshold=3.0, confidence=0.995, max_iters=2000, seed=0)
    samples = sum(1 for n in calls if n == 4)
    assert samples <= ransac_iterations(0.995, 1 - outlier_frac, 4)
    assert samples < 2000


def test_homography_respects_max_iters_and_skips_degenerate_samples() -> None:
    # 4 inliers of which 3 are collinear among many collinear points: most samples degenerate
    src = np.r_[np.c_[np.arange(10.0), np.zeros(10)], [[5.0, 5.0]]]
    with pytest.raises(ValueError, match="fewer than 4 inliers"):
        ransac_homography(src, src + 1000 * np.random.default_rng(0).random(src.shape), max_iters=5)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ransac_iterations(1.0, 0.5, 4), "p must be"),
        (lambda: ransac_iterations(0.99, 0.0, 4), "inlier ratio"),
        (lambda: ransac_iterations(0.99, 0.5, 0), "sample size"),
        (lambda: ransac_line(np.zeros((1, 2)), 1.0), r"shape \(N, 2\)"),
        (lambda: ransac_line(np.full((3, 2), np.nan), 1.0), "finite"),
        (lambda: ransac_line(np.zeros((3, 2)), 0.0), "threshold"),
        (lambda: ransac_line(np.zeros((3, 2)), 1.0, n_iters=0), "n_iters"),
        (lambda: ransac_line(np.zeros((3, 2)), 1.0), "non-degenerate"),
        (lambda: ransac_homography(np.zeros((4, 2)), np.zeros((5, 2))), "same shape"),
        (lambda: ransac_homography(np.zeros((4, 2)), np.zeros((4, 2)), threshold=-1), "threshold"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
