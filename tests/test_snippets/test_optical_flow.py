"""Reference checks for snippets.optical_flow.

* ``lucas_kanade`` against OpenCV's ``calcOpticalFlowPyrLK`` with ``maxLevel=0`` (no
  pyramid) on smooth synthetic textures moved by a known sub-pixel amount, and against
  the ground-truth shift.
* One Lucas–Kanade step against an independent least-squares solve of the stacked
  per-pixel constraints ``Ix u + Iy v = -It`` (``np.linalg.lstsq``).
* ``structure_tensor`` against ``A^T A`` with gradients from ``scipy.ndimage``.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from scipy import ndimage

from snippets.optical_flow import lucas_kanade, structure_tensor

YY, XX = np.mgrid[0:96, 0:96].astype(np.float64)


def texture(params: list[tuple[float, float, float, float]], dx: float, dy: float) -> np.ndarray:
    """Sum of plane waves, evaluated analytically at (x - dx, y - dy): an exact shift."""
    x, y = XX - dx, YY - dy
    return sum(a * np.sin(kx * x + ky * y + ph) for a, kx, ky, ph in params)


def random_pair(seed: int, max_shift: float = 1.5):
    rng = np.random.default_rng(seed)
    params = [
        (rng.uniform(0.5, 1.0), *rng.uniform(-0.25, 0.25, size=2), rng.uniform(0, 2 * np.pi))
        for _ in range(4)
    ]
    shift = rng.uniform(-max_shift, max_shift, size=2)
    a, b = texture(params, 0, 0), texture(params, *shift)
    lo, hi = min(a.min(), b.min()), max(a.max(), b.max())
    to_u8 = lambda im: np.round((im - lo) / (hi - lo) * 255).astype(np.uint8)  # noqa: E731
    return to_u8(a), to_u8(b), shift


@pytest.mark.parametrize("seed", range(12))
def test_lucas_kanade_matches_opencv_without_pyramid(seed: int) -> None:
    a8, b8, shift = random_pair(seed)
    pts = np.array([[48.0, 48.0], [40.3, 52.7], [55.5, 41.25]], dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    moved, status, _ = cv2.calcOpticalFlowPyrLK(
        a8, b8, pts.reshape(-1, 1, 2), None, winSize=(15, 15), maxLevel=0, criteria=criteria
    )
    assert status.ravel().tolist() == [1, 1, 1]
    cv_flow = moved.reshape(-1, 2) - pts
    ours = np.array([lucas_kanade(a8, b8, p, half_window=7, iterations=50) for p in pts])
    np.testing.assert_allclose(ours, cv_flow, atol=5e-3)
    np.testing.assert_allclose(ours, np.broadcast_to(shift, ours.shape), atol=0.2)


@pytest.mark.parametrize("seed", range(6))
def test_one_step_is_the_least_squares_solution(seed: int) -> None:
    a8, b8, _ = random_pair(seed, max_shift=0.5)
    a, b = a8.astype(np.float64), b8.astype(np.float64)
    x, y, h = 50, 45, 6
    ix = ndimage.correlate1d(a, [-0.5, 0.0, 0.5], axis=1)
    iy = ndimage.correlate1d(a, [-0.5, 0.0, 0.5], axis=0)
    win = np.s_[y - h : y + h + 1, x - h : x + h + 1]
    A = np.stack([ix[win].ravel(), iy[win].ravel()], axis=1)
    rhs = -(b[win] - a[win]).ravel()
    expected = np.linalg.lstsq(A, rhs, rcond=None)[0]
    np.testing.assert_allclose(lucas_kanade(a, b, (x, y), half_window=h, iterations=1), expected)


@pytest.mark.parametrize("seed", range(6))
def test_structure_tensor_is_gradient_gram_matrix(seed: int) -> None:
    a8, _, _ = random_pair(seed)
    a = a8.astype(np.float64)
    ix = ndimage.correlate1d(a, [-0.5, 0.0, 0.5], axis=1)
    iy = ndimage.correlate1d(a, [-0.5, 0.0, 0.5], axis=0)
    win = np.s_[30:41, 60:71]
    A = np.stack([ix[win].ravel(), iy[win].ravel()], axis=1)
    np.testing.assert_allclose(structure_tensor(a, (65, 35), half_window=5), A.T @ A)


def test_subpixel_point_uses_interpolated_window() -> None:
    a8, b8, shift = random_pair(3)
    flow = lucas_kanade(a8, b8, (47.5, 48.25))
    np.testing.assert_allclose(flow, shift, atol=0.2)


def test_bad_inputs_raise() -> None:
    img = np.random.default_rng(0).random((20, 20))
    with pytest.raises(ValueError, match="2-D image"):
        lucas_kanade(np.zeros((5, 5, 3)), img, (10, 10))
    with pytest.raises(ValueError, match="finite"):
        lucas_kanade(np.full((20, 20), np.nan), img, (10, 10))
    with pytest.raises(ValueError, match="differ in shape"):
        lucas_kanade(img, img[:10], (5, 5))
    with pytest.raises(ValueError, match="iterations"):
        lucas_kanade(img, img, (10, 10), iterations=0)
    with pytest.raises(ValueError, match="half_window"):
        lucas_kanade(img, img, (10, 10), half_window=0)
    with pytest.raises(ValueError, match="point"):
        lucas_kanade(img, img, (10, 10, 1))
    with pytest.raises(ValueError, match="leaves the image"):
        lucas_kanade(img, img, (2, 2), half_window=5)
    with pytest.raises(ValueError, match="aperture"):
        lucas_kanade(np.zeros((20, 20)), img, (10, 10))
    stripes = np.tile(np.sin(np.arange(20.0)), (20, 1))
    with pytest.raises(ValueError, match="aperture"):
        lucas_kanade(stripes, stripes, (10, 10), half_window=3)
