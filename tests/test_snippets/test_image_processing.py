"""Reference checks for snippets.image_processing against OpenCV (exact equality)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from snippets.image_processing import equalize_histogram, gaussian_kernel, sobel


def random_image(rng: np.random.Generator, kind: int) -> np.ndarray:
    h, w = (int(v) for v in rng.integers(1, 64, size=2))
    if kind == 0:
        return rng.integers(0, 256, (h, w), dtype=np.uint8)
    if kind == 1:  # low contrast, a shifted range
        lo = int(rng.integers(0, 200))
        return rng.integers(lo, min(lo + 40, 256), (h, w), dtype=np.uint8)
    if kind == 2:  # two levels
        a, b = (int(v) for v in rng.integers(0, 256, size=2))
        return np.where(rng.random((h, w)) < 0.3, a, b).astype(np.uint8)
    return np.clip(rng.normal(128, rng.uniform(1, 60), (h, w)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("seed", range(50))
def test_equalize_histogram_equals_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for kind in range(4):
        img = random_image(rng, kind)
        np.testing.assert_array_equal(equalize_histogram(img), cv2.equalizeHist(img))


@pytest.mark.parametrize("level", [0, 7, 255])
def test_equalize_constant_image(level: int) -> None:
    img = np.full((5, 9), level, dtype=np.uint8)
    np.testing.assert_array_equal(equalize_histogram(img), cv2.equalizeHist(img))


@pytest.mark.parametrize(("size", "sigma"), [(3, 0.8), (5, 1.0), (7, 1.5), (11, 3.0), (1, 1.0)])
def test_gaussian_kernel_matches_opencv(size: int, sigma: float) -> None:
    ref = cv2.getGaussianKernel(size, sigma, ktype=cv2.CV_64F).ravel()
    np.testing.assert_allclose(gaussian_kernel(size, sigma), ref, rtol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_sobel_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, size=tuple(int(v) for v in rng.integers(3, 40, size=2))).astype(
        float
    )
    gx, gy = sobel(img)
    np.testing.assert_array_equal(gx, cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3))
    np.testing.assert_array_equal(gy, cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: equalize_histogram(np.zeros((2, 2, 3), np.uint8)),
            r"image must be a non-empty grayscale array of shape \(H, W\)",
        ),
        (lambda: equalize_histogram(np.zeros((2, 2), np.float32)), "dtype uint8"),
        (lambda: sobel(np.array([[np.nan, 1.0], [1.0, 1.0]])), "finite"),
        (lambda: gaussian_kernel(4, 1.0), "odd"),
        (lambda: gaussian_kernel(3, 0.0), "sigma"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
