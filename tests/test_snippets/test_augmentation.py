"""Reference checks for snippets/augmentation.py.

Image ops are compared with OpenCV. Box maths is compared with a brute-force reference
that does not share any formula with the snippet: paint the box as a binary mask,
transform the mask with OpenCV, and take the mask's bounding box.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.augmentation import hflip_with_boxes, random_crop_with_boxes, resize_with_boxes


def _random_int_boxes(rng: np.random.Generator, n: int, w: int, h: int) -> np.ndarray:
    """Integer xyxy boxes with at least one pixel, inside a ``w x h`` image."""
    x1 = rng.integers(0, w - 1, n)
    y1 = rng.integers(0, h - 1, n)
    x2 = x1 + 1 + rng.integers(0, w - x1 - 1, n) if n else x1
    y2 = y1 + 1 + rng.integers(0, h - y1 - 1, n) if n else y1
    return np.stack([x1, y1, x2, y2], axis=1).astype(np.float64)


def _paint(box: np.ndarray, w: int, h: int) -> np.ndarray:
    """Binary mask of the pixels covered by an integer xyxy box."""
    mask = np.zeros((h, w), dtype=np.uint8)
    x1, y1, x2, y2 = box.astype(int)
    mask[y1:y2, x1:x2] = 1
    return mask


def _mask_bbox(mask: np.ndarray) -> np.ndarray:
    """xyxy box of the non-zero pixels (continuous convention: right edge = last col + 1)."""
    rows, cols = np.nonzero(mask)
    return np.array([cols.min(), rows.min(), cols.max() + 1, rows.max() + 1], dtype=np.float64)


# ----------------------------------------------------------------------------- hflip


@pytest.mark.parametrize("shape", [(7, 11), (7, 11, 3)])
def test_hflip_image_matches_cv2(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=shape, dtype=np.uint8)
    flipped, _ = hflip_with_boxes(image, np.empty((0, 4)))
    np.testing.assert_array_equal(flipped, cv2.flip(image, 1))


def test_hflip_boxes_match_flipped_mask() -> None:
    rng = np.random.default_rng(1)
    w, h = 37, 23
    boxes = _random_int_boxes(rng, 50, w, h)
    _, out = hflip_with_boxes(np.zeros((h, w)), boxes)
    for box, got in zip(boxes, out, strict=True):
        expected = _mask_bbox(cv2.flip(_paint(box, w, h), 1))
        np.testing.assert_array_equal(got, expected)


@settings(max_examples=50, deadline=None)
@given(
    width=st.integers(1, 64),
    coords=st.lists(st.floats(-100, 100, allow_nan=False), min_size=4, max_size=40),
)
def test_hflip_twice_is_identity_and_preserves_sizes(width: int, coords: list[float]) -> None:
    n = len(coords) // 4
    raw = np.array(coords[: 4 * n]).reshape(n, 4)
    boxes = np.concatenate(
        [np.minimum(raw[:, :2], raw[:, 2:]), np.maximum(raw[:, :2], raw[:, 2:])], 1
    )
    image = np.arange(3 * width).reshape(3, width)
    img1, b1 = hflip_with_boxes(image, boxes)
    img2, b2 = hflip_with_boxes(img1, b1)
    np.testing.assert_array_equal(img2, image)
    np.testing.assert_allclose(b2, boxes, atol=1e-9)
    np.testing.assert_allclose(b1[:, 2] - b1[:, 0], boxes[:, 2] - boxes[:, 0], atol=1e-9)
    np.testing.assert_array_equal(b1[:, [1, 3]], boxes[:, [1, 3]])
    assert np.all(b1[:, 2] >= b1[:, 0])


# ------------------------------------------------------------------------------ crop


def test_crop_image_and_boxes_match_cropped_mask() -> None:
    rng = np.random.default_rng(2)
    w, h = 40, 30
    image = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    for _ in range(20):
        boxes = _random_int_boxes(rng, 15, w, h)
        x0, y0 = int(rng.integers(0, w - 1)), int(rng.integers(0, h - 1))
        x1, y1 = int(rng.integers(x0 + 1, w + 1)), int(rng.integers(y0 + 1, h + 1))
        min_vis = float(rng.uniform(0, 1))
        out_img, out_boxes, kept = random_crop_with_boxes(image, boxes, (x0, y0, x1, y1), min_vis)
        np.testing.assert_array_equal(out_img, image[y0:y1, x0:x1])
        expected_kept = []
        for i, box in enumerate(boxes):
            mask = _paint(box, w, h)
            window = mask[y0:y1, x0:x1]
            visibility = window.sum() / mask.sum()
            if window.any() and visibility >= min_vis:
                expected_kept.append(i)
                np.testing.assert_array_equal(out_boxes[len(expected_kept) - 1], _mask_bbox(window))
        assert kept.tolist() == expected_kept
        assert out_boxes.shape == (len(expected_kept), 4)


def test_crop_handles_no_boxes_and_degenerate_boxes() -> None:
    image = np.zeros((10, 10))
    out, boxes, kept = random_crop_with_boxes(image, [], (0, 0, 5, 5))
    assert out.shape == (5, 5) and boxes.shape == (0, 4) and kept.shape == (0,)
    # A zero-area box inside the window has no visible area: dropped even at min_visibility=0.
    _, boxes, kept = random_crop_with_boxes(image, [[2, 2, 2, 4]], (0, 0, 5, 5))
    assert kept.tolist() == [] and boxes.shape == (0, 4)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    min_visibility=st.floats(0, 1),
)
def test_crop_properties(seed: int, min_visibility: float) -> None:
    rng = np.random.default_rng(seed)
    w, h = 50, 40
    xy = rng.uniform(-20, 60, size=(12, 2))
    boxes = np.hstack([xy, xy + rng.uniform(0.5, 30, size=(12, 2))])
    x0, y0 = int(rng.integers(0, w - 1)), int(rng.integers(0, h - 1))
    x1, y1 = int(rng.integers(x0 + 1, w + 1)), int(rng.integers(y0 + 1, h + 1))
    _, out, kept = random_crop_with_boxes(np.zeros((h, w)), boxes, (x0, y0, x1, y1), min_visibility)
    assert np.all(out[:, [0, 2]] >= 0) and np.all(out[:, [0, 2]] <= x1 - x0)
    assert np.all(out[:, [1, 3]] >= 0) and np.all(out[:, [1, 3]] <= y1 - y0)
    area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # noqa: E731
    visible = area(out)
    assert np.all(visible > 0)
    assert np.all(visible >= min_visibility * area(boxes[kept]) - 1e-9)
    assert np.all(visible <= area(boxes[kept]) + 1e-9)
    assert np.all(np.diff(kept) > 0)  # original order, no duplicates


# ---------------------------------------------------------------------------- resize


@pytest.mark.parametrize("shape", [(17, 23), (17, 23, 3)])
@pytest.mark.parametrize("size", [(23, 17), (50, 40), (10, 7), (46, 5), (1, 1), (11, 34)])
def test_resize_image_matches_cv2_inter_linear(
    shape: tuple[int, ...], size: tuple[int, int]
) -> None:
    rng = np.random.default_rng(3)
    as_float = rng.uniform(0, 1, size=shape).astype(np.float32)
    out, _ = resize_with_boxes(as_float, [], size)
    expected = cv2.resize(as_float, size, interpolation=cv2.INTER_LINEAR)
    assert out.dtype == np.float32 and out.shape == expected.shape
    np.testing.assert_allclose(out, expected, atol=1e-5)

    # OpenCV's uint8 path uses 11-bit fixed-point weights: agree to one grey level.
    as_uint8 = rng.integers(0, 256, size=shape, dtype=np.uint8)
    out8, _ = resize_with_boxes(as_uint8, [], size)
    expected8 = cv2.resize(as_uint8, size, interpolation=cv2.INTER_LINEAR)
    assert out8.dtype == np.uint8
    assert np.abs(out8.astype(int) - expected8.astype(int)).max() <= 1


def test_resize_boxes_match_resized_mask() -> None:
    # INTER_NEAREST_EXACT keeps output pixel u iff its centre u + 0.5 falls inside the
    # scaled box, so the mask's bounding box is the scaled box rounded to pixel edges.
    rng = np.random.default_rng(4)
    w, h = 31, 29
    for size in [(62, 58), (93, 29), (20, 40), (47, 61)]:
        sx, sy = size[0] / w, size[1] / h
        boxes = _random_int_boxes(rng, 40, w, h)
        boxes = boxes[(boxes[:, 2] - boxes[:, 0]) * sx >= 1.01]
        boxes = boxes[(boxes[:, 3] - boxes[:, 1]) * sy >= 1.01]
        _, out = resize_with_boxes(np.zeros((h, w)), boxes, size)
        for box, got in zip(boxes, out, strict=True):
            mask = cv2.resize(_paint(box, w, h), size, interpolation=cv2.INTER_NEAREST_EXACT)
            np.testing.assert_allclose(got, _mask_bbox(mask), atol=0.5 + 1e-9)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    w=st.integers(1, 40),
    h=st.integers(1, 40),
    new_w=st.integers(1, 80),
    new_h=st.integers(1, 80),
)
def test_resize_properties(seed: int, w: int, h: int, new_w: int, new_h: int) -> None:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1, size=(5, 2)) * [w, h]
    boxes = np.hstack([xy, xy + rng.uniform(0, 1, size=(5, 2)) * [w, h]])
    image = rng.uniform(-1, 1, size=(h, w))
    out, out_boxes = resize_with_boxes(image, boxes, (new_w, new_h))
    sx, sy = new_w / w, new_h / h
    area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # noqa: E731
    assert out.shape == (new_h, new_w)
    np.testing.assert_allclose(area(out_boxes), area(boxes) * sx * sy, rtol=1e-9, atol=1e-9)
    # Bilinear interpolation is a convex combination: it never overshoots the input range.
    assert out.min() >= image.min() - 1e-12 and out.max() <= image.max() + 1e-12
    same, same_boxes = resize_with_boxes(image, boxes, (w, h))  # same size: identity
    np.testing.assert_allclose(same, image, atol=1e-12)
    np.testing.assert_array_equal(same_boxes, boxes)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: hflip_with_boxes(np.zeros(5), []), r"image must have shape \(H, W\)"),
        (lambda: hflip_with_boxes(np.zeros((0, 3)), []), "image must have shape"),
        (lambda: hflip_with_boxes(np.zeros((2, 2), bool), []), "numeric dtype"),
        (
            lambda: hflip_with_boxes(np.zeros((2, 2)), [[0, 0, 1]]),
            r"boxes must have shape \(N, 4\)",
        ),
        (lambda: hflip_with_boxes(np.zeros((2, 2)), [[0, 0, np.nan, 1]]), "finite"),
        (lambda: hflip_with_boxes(np.zeros((2, 2)), [[1, 0, 0, 1]]), "x2 >= x1"),
        (lambda: random_crop_with_boxes(np.zeros((4, 4)), [], (0, 0, 5, 4)), "crop must satisfy"),
        (lambda: random_crop_with_boxes(np.zeros((4, 4)), [], (2, 0, 2, 4)), "crop must satisfy"),
        (lambda: random_crop_with_boxes(np.zeros((4, 4)), [], (0, 0, 4)), r"crop must be \(x0"),
        (
            lambda: random_crop_with_boxes(np.zeros((4, 4)), [], (0, 0, 1.5, 4)),
            "crop must contain integers",
        ),
        (lambda: random_crop_with_boxes(np.zeros((4, 4)), [], (0, 0, 4, 4), 1.5), "min_visibility"),
        (lambda: resize_with_boxes(np.zeros((4, 4)), [], (0, 3)), "size must be positive integers"),
        (lambda: resize_with_boxes(np.zeros((4, 4)), [], (3,)), r"size must be \(width, height\)"),
    ],
)
def test_invalid_inputs_raise(call: Callable[[], object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
