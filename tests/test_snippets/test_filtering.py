"""Reference checks for snippets.filtering against OpenCV and SciPy on random inputs."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from scipy import ndimage

from snippets.filtering import (
    area_downsample,
    box_filter,
    box_sum,
    gaussian_blur,
    integral_image,
    opencv_gaussian_ksize,
    separable_filter,
)


def random_image(rng: np.random.Generator, lo: int = 9, hi: int = 60) -> np.ndarray:
    h, w = (int(v) for v in rng.integers(lo, hi, size=2))
    return rng.random((h, w)) * 255


@pytest.mark.parametrize("seed", range(20))
def test_separable_filter_matches_sepfilter2d(seed: int) -> None:
    rng = np.random.default_rng(seed)
    img = random_image(rng)
    kx = rng.normal(size=2 * int(rng.integers(0, 4)) + 1)
    ky = rng.normal(size=2 * int(rng.integers(0, 4)) + 1)
    ref = cv2.sepFilter2D(img, cv2.CV_64F, kx, ky, borderType=cv2.BORDER_REFLECT_101)
    np.testing.assert_allclose(separable_filter(img, kx, ky), ref, rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_separable_filter_matches_scipy_correlate(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    img = random_image(rng)
    kx, ky = rng.normal(size=5), rng.normal(size=3)
    ref = ndimage.correlate(img, np.outer(ky, kx), mode="mirror")  # scipy 'mirror' = reflect-101
    np.testing.assert_allclose(separable_filter(img, kx, ky), ref, rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("sigma", [0.5, 0.8, 1.0, 1.3, 2.0, 2.7])
def test_opencv_gaussian_ksize_matches_opencv(sigma: float) -> None:
    for dtype, uint8 in ((np.float64, False), (np.uint8, True)):
        n = 201
        img = np.zeros((1, n), dtype)
        img[0, n // 2] = 255
        # cv2 with ksize=(0, 0) vs cv2 with our explicit size: identical output
        auto = cv2.GaussianBlur(img, (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101)
        k = opencv_gaussian_ksize(sigma, uint8=uint8)
        fixed = cv2.GaussianBlur(img, (k, k), sigma, borderType=cv2.BORDER_REFLECT_101)
        np.testing.assert_array_equal(auto, fixed)
        wider = cv2.GaussianBlur(img, (k + 2, k + 2), sigma, borderType=cv2.BORDER_REFLECT_101)
        assert not np.array_equal(auto, wider) or dtype == np.uint8


@pytest.mark.parametrize("seed", range(20))
def test_gaussian_blur_matches_opencv_and_scipy(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    sigma = float(rng.uniform(0.5, 2.5))
    k = opencv_gaussian_ksize(sigma)
    img = random_image(rng, lo=k, hi=k + 40)
    ours = gaussian_blur(img, sigma)
    ref = cv2.GaussianBlur(img, (0, 0), sigma, borderType=cv2.BORDER_REFLECT_101)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-9)
    # scipy: same radius (truncate * sigma rounds to k // 2) and the same border
    sp = ndimage.gaussian_filter(img, sigma, mode="mirror", truncate=(k // 2) / sigma)
    np.testing.assert_allclose(ours, sp, rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_integral_image_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    h, w = (int(v) for v in rng.integers(1, 50, size=2))
    img = rng.integers(0, 256, (h, w), dtype=np.uint8)
    ii = integral_image(img)
    assert ii.dtype == np.int64
    np.testing.assert_array_equal(ii, cv2.integral(img, sdepth=cv2.CV_64F).astype(np.int64))
    f = rng.random((h, w))
    np.testing.assert_allclose(integral_image(f), cv2.integral(f, sdepth=cv2.CV_64F), rtol=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_box_sum_matches_direct_sums(seed: int) -> None:
    rng = np.random.default_rng(400 + seed)
    h, w = (int(v) for v in rng.integers(1, 40, size=2))
    img = rng.integers(-1000, 1000, (h, w))
    ii = integral_image(img)
    ys = np.sort(rng.integers(0, h + 1, size=(50, 2)), axis=1)
    xs = np.sort(rng.integers(0, w + 1, size=(50, 2)), axis=1)
    got = box_sum(ii, ys[:, 0], xs[:, 0], ys[:, 1], xs[:, 1])
    ref = [img[a:b, c:d].sum() for (a, b), (c, d) in zip(ys, xs, strict=True)]
    np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("seed", range(20))
def test_box_filter_matches_opencv_blur(seed: int) -> None:
    rng = np.random.default_rng(500 + seed)
    k = 2 * int(rng.integers(0, 6)) + 1
    img = random_image(rng, lo=k, hi=k + 40)
    ref = cv2.blur(img, (k, k), borderType=cv2.BORDER_REFLECT_101)
    np.testing.assert_allclose(box_filter(img, k), ref, rtol=1e-9, atol=1e-8)


@pytest.mark.parametrize("seed", range(20))
def test_area_downsample_matches_inter_area(seed: int) -> None:
    rng = np.random.default_rng(600 + seed)
    f = int(rng.integers(1, 5))
    h, w = (f * int(v) for v in rng.integers(1, 20, size=2))
    img = rng.random((h, w)) * 255
    ref = cv2.resize(img, (w // f, h // f), interpolation=cv2.INTER_AREA)
    # OpenCV keeps the area weights in float32 (1/9 is inexact), hence the tolerance.
    np.testing.assert_allclose(area_downsample(img, f), ref.reshape(h // f, w // f), rtol=1e-6)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: separable_filter(np.zeros((4, 4, 3)), [1], [1]), r"grayscale array"),
        (lambda: separable_filter(np.zeros((4, 4)), [1, 1], [1]), "odd length"),
        (lambda: separable_filter(np.zeros((2, 9)), [1], [1, 2, 3, 4, 5]), "too small"),
        (lambda: separable_filter(np.array([["a"]]), [1], [1]), "numeric"),
        (lambda: gaussian_blur(np.array([[np.nan, 0.0]]), 1.0, 1), "finite"),
        (lambda: opencv_gaussian_ksize(0.0), "sigma"),
        (lambda: box_sum(integral_image(np.ones((3, 3))), 0, 0, 4, 1), "boxes must"),
        (lambda: box_sum(integral_image(np.ones((3, 3))), 2, 0, 1, 1), "boxes must"),
        (lambda: box_filter(np.ones((5, 5)), 4), "odd"),
        (lambda: box_filter(np.ones((2, 5)), 5), "too small"),
        (lambda: area_downsample(np.ones((5, 4)), 2), "divisible"),
        (lambda: area_downsample(np.ones((4, 4)), 0), "positive integer"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
