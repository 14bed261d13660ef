"""Linear filtering: separable filters, Gaussian blur, integral images, box filters, area resize.

Border convention throughout: reflect-101 (``d c b | a b c d | c b a``), which is OpenCV's
default ``BORDER_REFLECT_101``, NumPy's ``np.pad(mode="reflect")`` and SciPy's
``scipy.ndimage`` ``mode="mirror"``. Filters are applied as correlations (no kernel flip),
as ``cv2.filter2D`` and ``cv2.sepFilter2D`` do.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from snippets.image_processing import gaussian_kernel

__all__ = [
    "area_downsample",
    "box_filter",
    "box_sum",
    "gaussian_blur",
    "integral_image",
    "opencv_gaussian_ksize",
    "separable_filter",
]


def _as_image(image: ArrayLike, name: str = "image") -> NDArray[np.float64]:
    """A finite, non-empty 2-D float64 array, or a ``ValueError`` naming the problem."""
    arr = np.asarray(image)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty grayscale array of shape (H, W), got {arr.shape}"
        )
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


def _as_kernel(kernel: ArrayLike, name: str) -> NDArray[np.float64]:
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim != 1 or k.size % 2 == 0:
        raise ValueError(f"{name} must be a 1-D kernel of odd length, got shape {k.shape}")
    return k


# --8<-- [start:separable_filter]
def separable_filter(image: ArrayLike, kx: ArrayLike, ky: ArrayLike) -> NDArray[np.float64]:
    """Correlate ``image`` with the outer product ``ky[:, None] * kx[None, :]`` in two 1-D passes.

    Same result as ``cv2.sepFilter2D(image, cv2.CV_64F, kx, ky,
    borderType=cv2.BORDER_REFLECT_101)``: ``kx`` runs along rows (x), ``ky`` down columns
    (y), kernels are not flipped, borders are reflect-101. Cost per pixel is
    ``len(kx) + len(ky)`` multiply-adds instead of ``len(kx) * len(ky)``.

    >>> img = np.zeros((5, 7)); img[2, 3] = 1.0  # an impulse
    >>> out = separable_filter(img, [-1, 0, 1], [1, 2, 1])
    >>> out[1:4, 2:5]  # correlation: the impulse response is the kernel flipped
    array([[ 1.,  0., -1.],
           [ 2.,  0., -2.],
           [ 1.,  0., -1.]])
    >>> row = np.array([[0.0, 1.0, 0.0, 0.0, 0.0]])
    >>> separable_filter(row, [0.25, 0.5, 0.25], [1.0])  # left border reflects x[1]
    array([[0.5 , 0.5 , 0.25, 0.  , 0.  ]])
    >>> flat = separable_filter(np.full((4, 6), 3.0), [0.25, 0.5, 0.25], [0.25, 0.5, 0.25])
    >>> bool(np.allclose(flat, 3.0))  # a kernel summing to 1 keeps a flat image flat
    True
    """
    img = _as_image(image)
    kx, ky = _as_kernel(kx, "kx"), _as_kernel(ky, "ky")
    rx, ry = kx.size // 2, ky.size // 2
    h, w = img.shape
    if (rx and w <= rx) or (ry and h <= ry):
        raise ValueError(
            f"image {img.shape} is too small for kernels of length {kx.size} and {ky.size}"
        )
    rows = np.pad(img, ((0, 0), (rx, rx)), mode="reflect")  # numpy 'reflect' == reflect-101
    tmp = sliding_window_view(rows, kx.size, axis=1) @ kx  # (H, W): pass along x
    cols = np.pad(tmp, ((ry, ry), (0, 0)), mode="reflect")
    return sliding_window_view(cols, ky.size, axis=0) @ ky  # (H, W): pass along y


# --8<-- [end:separable_filter]


# --8<-- [start:gaussian_blur]
def opencv_gaussian_ksize(sigma: float, uint8: bool = False) -> int:
    """Kernel length OpenCV picks when ``cv2.GaussianBlur`` gets ``ksize=(0, 0)``.

    ``round(sigma * (3 if uint8 else 4) * 2 + 1) | 1``: a radius of about 3σ for 8-bit
    images and 4σ for other depths, forced odd.

    >>> opencv_gaussian_ksize(2.0), opencv_gaussian_ksize(2.0, uint8=True)
    (17, 13)
    >>> opencv_gaussian_ksize(0.625)  # 8 * 0.625 + 1 = 6, forced odd
    7
    """
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    return int(np.rint(sigma * (3 if uint8 else 4) * 2 + 1)) | 1


def gaussian_blur(image: ArrayLike, sigma: float, ksize: int | None = None) -> NDArray[np.float64]:
    """Gaussian blur as two 1-D passes, equal to ``cv2.GaussianBlur`` on float64 input.

    ``ksize`` defaults to OpenCV's rule for non-8-bit images (``opencv_gaussian_ksize``);
    borders are reflect-101. Cost per pixel: ``2 * ksize`` multiply-adds, not ``ksize**2``.

    >>> rng = np.random.default_rng(0)
    >>> img = rng.random((20, 30))
    >>> k = gaussian_kernel(9, 1.5)
    >>> full = np.pad(img, 4, mode="reflect")  # the O(k^2) way: one 9 x 9 kernel
    >>> direct = np.einsum("hwij,ij->hw", sliding_window_view(full, (9, 9)), np.outer(k, k))
    >>> bool(np.allclose(gaussian_blur(img, 1.5, ksize=9), direct))  # separable == 2-D
    True
    >>> opencv_gaussian_ksize(1.5)  # the default length for sigma = 1.5 (non-8-bit rule)
    13
    >>> bool(np.array_equal(gaussian_blur(img, 1.5), gaussian_blur(img, 1.5, ksize=13)))
    True
    >>> bool(np.allclose(gaussian_blur(np.full((8, 8), 5.0), 1.0), 5.0))  # flat stays flat
    True
    """
    if ksize is None:
        ksize = opencv_gaussian_ksize(sigma)
    k = gaussian_kernel(ksize, sigma)
    return separable_filter(image, k, k)


# --8<-- [end:gaussian_blur]


# --8<-- [start:integral_image]
def integral_image(image: ArrayLike) -> NDArray:
    """Summed-area table with a zero first row and column, shape ``(H + 1, W + 1)``.

    ``ii[y, x]`` is the sum of ``image[:y, :x]`` (the ``cv2.integral`` layout). Integer
    images are summed in int64, so there is no overflow or rounding; floats in float64.

    >>> ii = integral_image(np.ones((3, 4), dtype=np.uint8))
    >>> ii.shape, ii.dtype, int(ii[3, 4]), int(ii[0, 4]), int(ii[2, 3])
    ((4, 5), dtype('int64'), 12, 0, 6)
    """
    arr = np.asarray(image)
    img = _as_image(arr)
    if arr.dtype.kind in "biu":
        img = arr.astype(np.int64)
    ii = np.zeros((img.shape[0] + 1, img.shape[1] + 1), dtype=img.dtype)
    ii[1:, 1:] = img.cumsum(axis=0).cumsum(axis=1)
    return ii


def box_sum(ii: NDArray, y0: ArrayLike, x0: ArrayLike, y1: ArrayLike, x1: ArrayLike) -> NDArray:
    """Sum of ``image[y0:y1, x0:x1]`` from its integral image: four look-ups per box.

    Half-open boxes, as in Python slicing; the corners broadcast, so many boxes cost one
    vectorised call and each costs O(1) whatever its size.

    >>> img = np.arange(20).reshape(4, 5)
    >>> ii = integral_image(img)
    >>> int(box_sum(ii, 1, 1, 3, 4)), int(img[1:3, 1:4].sum())
    (57, 57)
    >>> box_sum(ii, [0, 0], [0, 2], [4, 1], [5, 3]).tolist()  # whole image, one pixel
    [190, 2]
    """
    y0, x0, y1, x1 = (np.asarray(v) for v in (y0, x0, y1, x1))
    h, w = ii.shape[0] - 1, ii.shape[1] - 1
    if np.any((y0 < 0) | (x0 < 0) | (y1 > h) | (x1 > w) | (y0 > y1) | (x0 > x1)):
        raise ValueError(f"boxes must satisfy 0 <= y0 <= y1 <= {h} and 0 <= x0 <= x1 <= {w}")
    return ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]


# --8<-- [end:integral_image]


# --8<-- [start:box_filter]
def box_filter(image: ArrayLike, k: int) -> NDArray[np.float64]:
    """Mean over each ``k x k`` window (reflect-101 borders) in O(1) per pixel.

    Equal to ``cv2.blur(image, (k, k), borderType=cv2.BORDER_REFLECT_101)`` on float input:
    one integral image of the padded image, then four look-ups per output pixel, whatever
    ``k`` is.

    >>> img = np.arange(36.0).reshape(6, 6)
    >>> out = box_filter(img, 3)
    >>> bool(np.isclose(out[2, 3], img[1:4, 2:5].mean()))  # interior: the window mean
    True
    >>> corner = np.array([[7.0, 6, 7], [1, 0, 1], [7, 6, 7]])  # reflect-101 around (0, 0)
    >>> bool(np.isclose(out[0, 0], corner.mean()))
    True
    """
    if k < 1 or k % 2 == 0 or int(k) != k:
        raise ValueError(f"k must be a positive odd integer, got {k!r}")
    img = _as_image(image)
    r = k // 2
    if r and min(img.shape) <= r:
        raise ValueError(f"image {img.shape} is too small for a {k} x {k} window")
    ii = integral_image(np.pad(img, r, mode="reflect"))
    h, w = img.shape
    y, x = np.arange(h)[:, None], np.arange(w)[None, :]
    return box_sum(ii, y, x, y + k, x + k) / (k * k)


# --8<-- [end:box_filter]


# --8<-- [start:area_downsample]
def area_downsample(image: ArrayLike, factor: int) -> NDArray[np.float64]:
    """Shrink by an integer ``factor`` by averaging each ``factor x factor`` block.

    For sizes divisible by ``factor`` this is ``cv2.resize(..., interpolation=cv2.INTER_AREA)``
    on float input: the block mean is a box low-pass filter followed by sampling, so detail
    finer than the new pixel is averaged away instead of aliased.

    >>> stripes = np.tile([0.0, 255.0], (4, 4))  # 1-pixel vertical stripes, 4 x 8
    >>> stripes[:, ::2][0].tolist()  # naive subsampling: the stripes vanish into black
    [0.0, 0.0, 0.0, 0.0]
    >>> area_downsample(stripes, 2)[0].tolist()  # area: the true mean survives
    [127.5, 127.5, 127.5, 127.5]
    """
    img = _as_image(image)
    if factor < 1 or int(factor) != factor:
        raise ValueError(f"factor must be a positive integer, got {factor!r}")
    h, w = img.shape
    if h % factor or w % factor:
        raise ValueError(f"image shape {img.shape} must be divisible by factor {factor}")
    return img.reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


# --8<-- [end:area_downsample]
