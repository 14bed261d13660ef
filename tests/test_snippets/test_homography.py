"""Reference checks for snippets.homography against cv2.findHomography (method=0)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from snippets.homography import apply_homography, homography_dlt


def random_homography(rng: np.random.Generator) -> np.ndarray:
    H = np.eye(3) + rng.normal(0, [[0.2, 0.2, 20], [0.2, 0.2, 20], [5e-4, 5e-4, 0]])
    return H / H[2, 2]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_homography_matches_opencv(seed: int, noise: float) -> None:
    rng = np.random.default_rng(seed)
    H_true = random_homography(rng)
    src = rng.uniform(0, 640, size=(int(rng.integers(4, 60)), 2))
    dst = apply_homography(H_true, src) + rng.normal(0, noise, size=src.shape)
    H = homography_dlt(src, dst)
    H_cv, _ = cv2.findHomography(src, dst, method=0)
    if noise == 0.0:
        # Exact data: our DLT recovers H to round-off. OpenCV's (float32-refined) estimate is
        # only good to ~1e-4 relative, so compare it where it matters: the mapped points.
        np.testing.assert_allclose(H, H_true, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(apply_homography(H, src), apply_homography(H_cv, src), atol=0.02)
    else:
        # OpenCV refines the DLT with Levenberg-Marquardt on reprojection error; ours is the
        # algebraic least-squares solution, so compare where it matters: mapped points.
        np.testing.assert_allclose(apply_homography(H, src), apply_homography(H_cv, src), atol=1.0)
        err = np.linalg.norm(apply_homography(H, src) - dst, axis=1).mean()
        err_cv = np.linalg.norm(apply_homography(H_cv, src) - dst, axis=1).mean()
        assert err <= 1.1 * err_cv + 1e-9


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: homography_dlt(np.zeros((3, 2)), np.zeros((3, 2))),
            r"src must have shape \(N, 2\) with N >= 4",
        ),
        (lambda: homography_dlt(np.ones((4, 2)), np.ones((5, 2))), "same shape"),
        (lambda: homography_dlt(np.ones((4, 2)), np.ones((4, 2))), "identical"),
        (
            lambda: homography_dlt(
                np.c_[np.arange(5.0), np.arange(5.0)], np.random.default_rng(0).random((5, 2))
            ),
            "degenerate",
        ),
        (lambda: homography_dlt(np.full((4, 2), np.nan), np.ones((4, 2))), "src must be finite"),
        (lambda: apply_homography(np.eye(2), np.ones((1, 2))), r"H must be a finite \(3, 3\)"),
        (lambda: apply_homography(np.eye(3), np.ones((1, 3))), r"points must have shape \(N, 2\)"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_origin_to_infinity_is_rejected() -> None:
    H = np.array([[1.0, 0, 0], [0, 1.0, 0], [1e-2, 0, 0]])  # H[2,2] = 0
    src = np.array([[10.0, 5], [20, 5], [10, 30], [25, 40], [40, 12]])
    dst = apply_homography(H, src)
    with pytest.raises(ValueError, match=r"H\[2, 2\] is 0"):
        homography_dlt(src, dst)
