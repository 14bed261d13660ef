"""Reference checks for snippets.thresholding against scikit-image, OpenCV and SciPy."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from scipy import ndimage
from skimage import measure
from skimage.filters import threshold_otsu

from snippets.thresholding import label_components, otsu_threshold


def random_uint8(rng: np.random.Generator, kind: int) -> np.ndarray:
    h, w = (int(v) for v in rng.integers(2, 60, size=2))
    if kind == 0:
        return rng.integers(0, 256, (h, w), dtype=np.uint8)
    if kind == 1:  # bimodal
        a, b = (float(v) for v in np.sort(rng.uniform(0, 255, 2)))
        mix = np.where(rng.random((h, w)) < rng.uniform(0.1, 0.9), a, b)
        return np.clip(mix + rng.normal(0, rng.uniform(1, 30), (h, w)), 0, 255).astype(np.uint8)
    lo = int(rng.integers(0, 200))  # narrow range
    return rng.integers(lo, lo + 20, (h, w), dtype=np.uint8)


def between_class_variance(img: np.ndarray, t: float) -> float:
    v = img.ravel().astype(float)
    a, b = v[v <= t], v[v > t]
    return a.size * b.size * (a.mean() - b.mean()) ** 2 / v.size**2


@pytest.mark.parametrize("seed", range(40))
def test_otsu_matches_skimage_and_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for kind in range(3):
        img = random_uint8(rng, kind)
        if np.unique(img).size < 2:
            continue
        t = otsu_threshold(img)
        for ref in (
            float(threshold_otsu(img)),
            cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0],
        ):
            if ref == t:
                continue
            # Different levels are acceptable only as a floating-point tie: equal criterion.
            assert between_class_variance(img, t) == pytest.approx(
                between_class_variance(img, ref), rel=1e-9
            )


def test_otsu_two_levels() -> None:
    img = np.array([[3, 3, 3, 250]], dtype=np.uint8)
    assert otsu_threshold(img) == 3 == threshold_otsu(img)


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Two label images describe the same regions (labels may be permuted)."""
    if not np.array_equal(a == 0, b == 0):
        return False
    pairs = np.unique(np.stack([a[a > 0], b[b > 0]]), axis=1)
    return pairs.shape[1] == np.unique(a[a > 0]).size == np.unique(b[b > 0]).size


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("connectivity", [4, 8])
def test_labels_match_scipy_opencv_skimage(seed: int, connectivity: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    h, w = (int(v) for v in rng.integers(1, 40, size=2))
    mask = rng.random((h, w)) < rng.uniform(0.2, 0.7)
    labels, n = label_components(mask, connectivity)
    structure = np.ones((3, 3)) if connectivity == 8 else None  # scipy default: 4-connected
    ref, n_ref = ndimage.label(mask, structure=structure)
    assert n == n_ref
    assert same_partition(labels, ref)
    n_cv, cv_labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=connectivity)
    assert n == n_cv - 1  # OpenCV counts the background as label 0
    assert same_partition(labels, cv_labels)
    sk = measure.label(mask, connectivity=1 if connectivity == 4 else 2)
    np.testing.assert_array_equal(labels, sk)  # skimage also numbers in raster order


def test_labels_raster_order_and_empty() -> None:
    labels, n = label_components(np.zeros((3, 3)))
    assert n == 0 and not labels.any()
    z = np.array([[0, 1, 1], [1, 0, 0], [1, 1, 1]])  # the top-right run merges late in 8-conn
    labels, n = label_components(z, 8)
    assert n == 1 and set(np.unique(labels)) == {0, 1}


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: otsu_threshold(np.zeros((2, 2), np.float32)), "uint8"),
        (lambda: otsu_threshold(np.zeros((0,), np.uint8)), "non-empty"),
        (lambda: otsu_threshold(np.full((3, 3), 9, np.uint8)), "single grey level"),
        (lambda: label_components(np.zeros((2, 2, 2))), "2-D"),
        (lambda: label_components(np.zeros((2, 2)), connectivity=6), "4 or 8"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
