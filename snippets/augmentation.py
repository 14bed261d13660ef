"""Geometric augmentations that keep bounding boxes consistent with the image.

Images are NumPy arrays ``(H, W)`` or ``(H, W, C)``. Boxes are ``(N, 4)`` xyxy arrays in
continuous pixel coordinates: pixel ``(row, col)`` covers ``[col, col + 1) x [row, row + 1)``,
so a box's width is ``x2 - x1`` and the image spans ``[0, W] x [0, H]``. With this
convention a horizontal flip maps ``x -> W - x`` (no ``- 1``) and a resize by ``s`` maps
``x -> s * x``: the box maths is exact, and only the *image* needs interpolation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from snippets.boxes import _as_boxes

__all__ = ["hflip_with_boxes", "random_crop_with_boxes", "resize_with_boxes"]


def _as_image(image: ArrayLike) -> NDArray[np.generic]:
    """Return ``image`` as a non-empty numeric ``(H, W)`` or ``(H, W, C)`` array."""
    arr = np.asarray(image)
    if arr.ndim not in (2, 3) or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(
            f"image must have shape (H, W) or (H, W, C) with H, W > 0, got {arr.shape}"
        )
    if not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"image must have a numeric dtype, got {arr.dtype}")
    return arr


# --8<-- [start:hflip_with_boxes]
def hflip_with_boxes(
    image: ArrayLike, boxes: ArrayLike
) -> tuple[NDArray[np.generic], NDArray[np.float64]]:
    """Mirror an image left-right and its xyxy boxes with it.

    A point at ``x`` moves to ``W - x``, so the new left edge is the old right edge:
    ``x1' = W - x2`` and ``x2' = W - x1``. Swapping the two is what keeps ``x1' <= x2'``.

    >>> rng = np.random.default_rng(0)
    >>> image = rng.integers(0, 256, size=(4, 6, 3), dtype=np.uint8)
    >>> boxes = np.array([[0.0, 0.0, 2.0, 1.0], [1.5, 1.0, 6.0, 4.0]])
    >>> flipped, fboxes = hflip_with_boxes(image, boxes)
    >>> fboxes.tolist()
    [[4.0, 0.0, 6.0, 1.0], [0.0, 1.0, 4.5, 4.0]]
    >>> bool(np.array_equal(flipped[:, 0], image[:, -1]))  # columns mirrored, rows kept
    True
    >>> image2, boxes2 = hflip_with_boxes(flipped, fboxes)  # flipping twice is the identity
    >>> bool(np.array_equal(image2, image)), bool(np.allclose(boxes2, boxes))
    (True, True)
    >>> area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    >>> bool(np.allclose(area(fboxes), area(boxes)))  # widths and areas are preserved
    True
    """
    img = _as_image(image)
    b = _as_boxes(boxes, "boxes")
    width = img.shape[1]
    out_boxes = np.stack([width - b[:, 2], b[:, 1], width - b[:, 0], b[:, 3]], axis=1)
    return img[:, ::-1].copy(), out_boxes


# --8<-- [end:hflip_with_boxes]


# --8<-- [start:random_crop_with_boxes]
def random_crop_with_boxes(
    image: ArrayLike,
    boxes: ArrayLike,
    crop: tuple[int, int, int, int],
    min_visibility: float = 0.0,
) -> tuple[NDArray[np.generic], NDArray[np.float64], NDArray[np.int64]]:
    """Crop ``image`` to the integer window ``crop = (x0, y0, x1, y1)`` and fix the boxes.

    The caller draws the window (e.g. ``x0 = rng.integers(0, W - cw + 1)``), which keeps
    this function deterministic and testable. Each box is clipped to the window and
    shifted by ``(-x0, -y0)``. Its *visibility* is clipped area / original area; a box
    is kept only if some of it is inside the window (clipped area > 0) and its visibility
    is at least ``min_visibility``. Zero-area boxes are therefore always dropped.

    Returns the cropped image, the kept boxes in crop coordinates, and the indices of the
    kept boxes in the input (to select their labels: ``labels[kept]``).

    >>> image = np.arange(10 * 10).reshape(10, 10)
    >>> boxes = [[1, 1, 5, 5], [6, 6, 10, 10], [0, 0, 2, 2]]
    >>> out, out_boxes, kept = random_crop_with_boxes(image, boxes, (2, 2, 8, 8), 0.2)
    >>> out.shape, kept.tolist()  # the third box lies entirely outside the window
    ((6, 6), [0, 1])
    >>> out_boxes.tolist()  # box 0 is 9/16 visible, box 1 is 4/16 visible
    [[0.0, 0.0, 3.0, 3.0], [4.0, 4.0, 6.0, 6.0]]
    >>> random_crop_with_boxes(image, boxes, (2, 2, 8, 8), min_visibility=0.5)[2].tolist()
    [0]
    >>> random_crop_with_boxes(image, boxes, (2, 2, 8, 8), min_visibility=0.25)[2].tolist()
    [0, 1]
    >>> wide, wide_boxes, wide_kept = random_crop_with_boxes(image, boxes, (1, 3, 9, 7))  # 8 x 4
    >>> wide.shape, bool(wide[0, 0] == image[3, 1])  # rows are y, columns are x
    ((4, 8), True)
    >>> wide_kept.tolist(), wide_boxes.tolist()  # box 2 only touches the window: no visible area
    ([0, 1], [[0.0, 0.0, 4.0, 2.0], [5.0, 3.0, 8.0, 4.0]])
    >>> bool(np.all((out_boxes >= 0) & (out_boxes <= 6)))  # boxes stay inside the crop
    True
    """
    img = _as_image(image)
    b = _as_boxes(boxes, "boxes")
    if len(crop) != 4:
        raise ValueError(f"crop must be (x0, y0, x1, y1), got {crop!r}")
    if not all(isinstance(v, int | np.integer) for v in crop):
        raise ValueError(f"crop must contain integers (no sub-pixel crops), got {crop!r}")
    x0, y0, x1, y1 = (int(v) for v in crop)
    height, width = img.shape[:2]
    if not (0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height):
        raise ValueError(
            f"crop must satisfy 0 <= x0 < x1 <= {width} and 0 <= y0 < y1 <= {height}, got {crop!r}"
        )
    if not 0.0 <= min_visibility <= 1.0:
        raise ValueError(f"min_visibility must be in [0, 1], got {min_visibility}")

    clipped = np.clip(b, [x0, y0, x0, y0], [x1, y1, x1, y1])
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    visibility = np.divide(visible, area, out=np.zeros_like(area), where=area > 0)
    kept = np.flatnonzero((visible > 0) & (visibility >= min_visibility))
    out_boxes = clipped[kept] - np.array([x0, y0, x0, y0], dtype=np.float64)
    return img[y0:y1, x0:x1].copy(), out_boxes, kept


# --8<-- [end:random_crop_with_boxes]


# --8<-- [start:resize_with_boxes]
def resize_with_boxes(
    image: ArrayLike, boxes: ArrayLike, size: tuple[int, int]
) -> tuple[NDArray[np.generic], NDArray[np.float64]]:
    """Resize ``image`` to ``size = (width, height)`` (OpenCV's ``dsize`` order) and its boxes.

    Boxes scale by ``sx = new_W / W`` and ``sy = new_H / H``. The image is resampled
    bilinearly with *half-pixel centres*, the convention of ``cv2.INTER_LINEAR`` and
    ``align_corners=False``: output pixel ``u`` samples the input at
    ``(u + 0.5) / sx - 0.5``, clamped to the border. That is the sampling under which a
    box edge at ``x`` lands exactly at ``sx * x``. (No antialiasing: like OpenCV's
    ``INTER_LINEAR``, strong downscaling aliases; use area averaging for that.)

    >>> rng = np.random.default_rng(0)
    >>> image = rng.uniform(0, 1, size=(20, 30)).astype(np.float32)
    >>> boxes = np.array([[3.0, 2.0, 12.0, 10.0], [0.0, 0.0, 30.0, 20.0]])
    >>> out, out_boxes = resize_with_boxes(image, boxes, (45, 10))  # sx = 1.5, sy = 0.5
    >>> out.shape, out.dtype
    ((10, 45), dtype('float32'))
    >>> area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    >>> bool(np.allclose(area(out_boxes), area(boxes) * 1.5 * 0.5))  # area scales by sx*sy
    True
    >>> out_boxes[1].tolist()  # the full-image box becomes the full new image
    [0.0, 0.0, 45.0, 10.0]
    >>> ramp = np.tile(np.arange(4.0), (2, 1))  # pixel value = column index
    >>> up, _ = resize_with_boxes(ramp, np.zeros((0, 4)), (8, 2))  # sx = 2
    >>> u = np.arange(1, 7)  # interior output columns sample x = (u + 0.5) / sx - 0.5
    >>> bool(np.allclose(up[0, 1:-1], (u + 0.5) / 2 - 0.5))  # bilinear: a ramp stays a ramp
    True
    """
    img = _as_image(image)
    b = _as_boxes(boxes, "boxes")
    if len(size) != 2:
        raise ValueError(f"size must be (width, height), got {size!r}")
    if not all(isinstance(v, int | np.integer) and v > 0 for v in size):
        raise ValueError(f"size must be positive integers (width, height), got {size!r}")
    new_w, new_h = (int(v) for v in size)
    height, width = img.shape[:2]
    sx, sy = new_w / width, new_h / height

    def taps(n_out: int, n_in: int) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray]:
        src = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0, n_in - 1)
        lo = np.floor(src).astype(np.intp)
        return lo, np.minimum(lo + 1, n_in - 1), src - lo

    y_lo, y_hi, wy = taps(new_h, height)
    x_lo, x_hi, wx = taps(new_w, width)
    extra = (1,) * (img.ndim - 2)  # broadcast weights over a channel axis if present
    wy, wx = wy.reshape(-1, 1, *extra), wx.reshape(1, -1, *extra)
    src = img.astype(np.float64)
    rows = src[y_lo] * (1 - wy) + src[y_hi] * wy  # interpolate along y, then along x
    out = rows[:, x_lo] * (1 - wx) + rows[:, x_hi] * wx
    if np.issubdtype(img.dtype, np.integer):
        info = np.iinfo(img.dtype)
        out = np.clip(np.rint(out), info.min, info.max)
    return out.astype(img.dtype), b * np.array([sx, sy, sx, sy])


# --8<-- [end:resize_with_boxes]
