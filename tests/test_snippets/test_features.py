"""Reference checks for snippets.features against OpenCV and scikit-image."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage.feature import hog

from snippets.features import (
    hamming_distance,
    harris_response,
    hog_descriptor_length,
    min_eigenvalue_response,
    mutual_nn_match,
    ncc_map,
    ratio_test_match,
    structure_tensor,
)


def random_image(rng: np.random.Generator, dtype) -> np.ndarray:
    h, w = (int(v) for v in rng.integers(8, 48, size=2))
    img = rng.random((h, w))
    # smooth blobs plus noise, so there are corners, edges and flat parts
    img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.5, 2.0))) + 0.05 * rng.random((h, w))
    if dtype == np.uint8:
        return np.clip(img * 255, 0, 255).astype(np.uint8)
    return img.astype(np.float32)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("dtype", [np.float32, np.uint8])
@pytest.mark.parametrize("block_size", [1, 2, 3, 5])
@pytest.mark.parametrize("ksize", [1, 3, 5, 7])
def test_corner_responses_match_opencv(seed: int, dtype, block_size: int, ksize: int) -> None:
    rng = np.random.default_rng(seed)
    img = random_image(rng, dtype)
    k = float(rng.uniform(0.04, 0.06))
    R, R_cv = (
        harris_response(img, block_size, ksize, k),
        cv2.cornerHarris(img, block_size, ksize, k),
    )
    L, L_cv = (
        min_eigenvalue_response(img, block_size, ksize),
        cv2.cornerMinEigenVal(img, block_size, ksize=ksize),
    )
    # OpenCV works in float32: compare on the scale of the eigenvalues (trace of M); with
    # block_size=1 the tensor has rank 1, so the true min eigenvalue is 0 up to round-off
    sxx, _, syy = structure_tensor(img, block_size, ksize)
    scale = (sxx + syy).max()
    np.testing.assert_allclose(R, R_cv, rtol=0, atol=1e-5 * scale**2)
    np.testing.assert_allclose(L, L_cv, rtol=0, atol=1e-5 * scale)


def test_harris_default_arguments_match_opencv_call() -> None:
    img = random_image(np.random.default_rng(7), np.float32)
    R_cv = cv2.cornerHarris(img, blockSize=2, ksize=3, k=0.04)
    np.testing.assert_allclose(harris_response(img), R_cv, atol=1e-5 * np.abs(R_cv).max())


def test_structure_tensor_is_positive_semidefinite() -> None:
    img = random_image(np.random.default_rng(3), np.float32)
    sxx, sxy, syy = structure_tensor(img, 3, 3)
    assert np.all(sxx >= 0) and np.all(syy >= 0)
    assert np.all(sxx * syy - sxy**2 >= -1e-12 * (sxx + syy).max() ** 2)


@pytest.mark.parametrize("seed", range(10))
def test_hamming_matches_opencv_norm(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_bytes = int(rng.choice([8, 16, 32, 61]))
    a = rng.integers(0, 256, (7, n_bytes), dtype=np.uint8)
    b = rng.integers(0, 256, (5, n_bytes), dtype=np.uint8)
    D = hamming_distance(a, b)
    expected = [[cv2.norm(x, y, cv2.NORM_HAMMING) for y in b] for x in a]
    np.testing.assert_array_equal(D, np.array(expected, dtype=np.int64))
    bf = cv2.BFMatcher(cv2.NORM_HAMMING).match(a, b)
    assert [m.distance for m in bf] == [float(D[m.queryIdx].min()) for m in bf]


def knn_ratio_opencv(d1: np.ndarray, d2: np.ndarray, norm: int, ratio: float) -> set:
    pairs = cv2.BFMatcher(norm).knnMatch(d1, d2, k=2)
    return {(m.queryIdx, m.trainIdx) for m, n in pairs if m.distance < ratio * n.distance}


def noisy_copies(rng: np.random.Generator, binary: bool) -> tuple[np.ndarray, np.ndarray]:
    """desc2 random; desc1 = noisy copies of some desc2 rows plus unrelated rows."""
    if binary:
        d2 = rng.integers(0, 256, (40, 32), dtype=np.uint8)
        d1 = d2[rng.permutation(40)[:25]].copy()
        flips = (
            rng.integers(0, 256, d1.shape, dtype=np.uint8)
            & rng.integers(0, 256, d1.shape, dtype=np.uint8)
            & rng.integers(0, 256, d1.shape, dtype=np.uint8)
        )
        d1 ^= flips  # about 1/8 of the bits flipped
        d1 = np.r_[d1, rng.integers(0, 256, (15, 32), dtype=np.uint8)]
        return d1, d2
    d2 = rng.random((40, 128)).astype(np.float32)
    d1 = d2[rng.permutation(40)[:25]] + rng.normal(0, 0.15, (25, 128)).astype(np.float32)
    d1 = np.r_[d1, rng.random((15, 128)).astype(np.float32)]
    return d1.astype(np.float32), d2


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("ratio", [0.6, 0.8, 0.95])
@pytest.mark.parametrize("binary", [False, True])
def test_ratio_test_matches_opencv_knn(seed: int, ratio: float, binary: bool) -> None:
    rng = np.random.default_rng(seed)
    d1, d2 = noisy_copies(rng, binary)
    norm, metric = (cv2.NORM_HAMMING, "hamming") if binary else (cv2.NORM_L2, "l2")
    ours = {tuple(p) for p in ratio_test_match(d1, d2, ratio, metric).tolist()}
    assert ours == knn_ratio_opencv(d1, d2, norm, ratio)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("binary", [False, True])
def test_mutual_nn_matches_opencv_crosscheck(seed: int, binary: bool) -> None:
    rng = np.random.default_rng(seed)
    d1, d2 = noisy_copies(rng, binary)
    norm, metric = (cv2.NORM_HAMMING, "hamming") if binary else (cv2.NORM_L2, "l2")
    D = hamming_distance(d1, d2) if binary else None
    cv = {(m.queryIdx, m.trainIdx) for m in cv2.BFMatcher(norm, crossCheck=True).match(d1, d2)}
    ours = {tuple(p) for p in mutual_nn_match(d1, d2, metric).tolist()}
    if D is not None:  # integer distances can tie; compare only tie-free rows and columns

        def tie_free(i: int, j: int) -> bool:
            return (D[i] == D[i].min()).sum() == 1 and (D[:, j] == D[:, j].min()).sum() == 1

        ours = {p for p in ours if tie_free(*p)}
        cv = {p for p in cv if tie_free(*p)}
    assert ours == cv
    assert len(ours) >= 20  # the noisy copies are found


@pytest.mark.parametrize("seed", range(10))
def test_ncc_matches_opencv_ccoeff_normed(seed: int) -> None:
    rng = np.random.default_rng(seed)
    img = rng.random((int(rng.integers(10, 40)), int(rng.integers(10, 40)))).astype(np.float32)
    h, w = int(rng.integers(2, img.shape[0] + 1)), int(rng.integers(2, img.shape[1] + 1))
    y, x = int(rng.integers(0, img.shape[0] - h + 1)), int(rng.integers(0, img.shape[1] - w + 1))
    tpl = img[y : y + h, x : x + w] + rng.normal(0, 0.05, (h, w)).astype(np.float32)
    ours = ncc_map(img, tpl)
    cv = cv2.matchTemplate(img, tpl.astype(np.float32), cv2.TM_CCOEFF_NORMED)
    np.testing.assert_allclose(ours, cv, atol=2e-4)
    assert np.unravel_index(np.argmax(ours), ours.shape) == (y, x)


def test_ncc_zero_on_constant_window() -> None:
    img = np.zeros((10, 10))
    img[5:, 5:] = np.random.default_rng(0).random((5, 5))
    out = ncc_map(img, np.random.default_rng(1).random((3, 3)))
    assert out[0, 0] == 0.0


@pytest.mark.parametrize(
    ("window", "cell", "block", "bins"),
    [((64, 128), 8, 2, 9), ((64, 64), 8, 2, 9), ((48, 96), 8, 3, 12), ((32, 32), 4, 2, 6)],
)
def test_hog_length_matches_skimage(window, cell: int, block: int, bins: int) -> None:
    w, h = window
    img = np.random.default_rng(0).random((h, w))
    feat = hog(img, orientations=bins, pixels_per_cell=(cell, cell), cells_per_block=(block, block))
    assert hog_descriptor_length(window, cell, block, 1, bins) == feat.size


def test_hog_stride_two_cells() -> None:
    # 8 x 16 cells, 2 x 2 blocks every 2 cells: 4 x 8 non-overlapping blocks
    assert hog_descriptor_length((64, 128), 8, 2, 2, 9) == 4 * 8 * 36


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: harris_response(np.zeros((3, 3, 3))), "2-D"),
        (lambda: harris_response(np.array([[np.nan]])), "finite"),
        (lambda: harris_response(np.array([["a"]])), "finite numeric"),
        (lambda: harris_response(np.zeros((5, 5)), ksize=4), "ksize"),
        (lambda: min_eigenvalue_response(np.zeros((5, 5)), block_size=0), "block_size"),
        (lambda: hamming_distance(np.zeros((2, 4)), np.zeros((2, 4))), "uint8"),
        (
            lambda: hamming_distance(np.zeros((2, 4), np.uint8), np.zeros((2, 5), np.uint8)),
            "lengths differ",
        ),
        (lambda: hamming_distance(np.zeros(4, np.uint8), np.zeros((2, 4), np.uint8)), "shape"),
        (lambda: ratio_test_match(np.zeros((2, 3)), np.zeros((2, 4))), "lengths differ"),
        (lambda: ratio_test_match(np.zeros((2, 3)), np.zeros((1, 3))), "at least 2"),
        (lambda: ratio_test_match(np.zeros((2, 3)), np.zeros((2, 3)), ratio=1.5), "ratio"),
        (lambda: ratio_test_match(np.zeros((2, 3)), np.zeros((2, 3)), metric="l1"), "metric"),
        (lambda: mutual_nn_match(np.full((2, 3), np.inf), np.zeros((2, 3))), "finite"),
        (lambda: ncc_map(np.zeros((3, 3)), np.ones((4, 2))), "larger"),
        (lambda: ncc_map(np.zeros((5, 5)), np.ones((2, 2))), "constant"),
        (lambda: hog_descriptor_length((60, 128)), "whole number"),
        (lambda: hog_descriptor_length((64, 128), bins=0), "positive"),
        (lambda: hog_descriptor_length((64, 128), 8, 2, 4), "tile"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
