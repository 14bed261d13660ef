"""Classical image processing: histogram equalisation, Gaussian kernel, Sobel gradients.

``equalize_histogram`` reproduces ``cv2.equalizeHist`` bit for bit, including its float32
arithmetic, round-half-to-even and the constant-image case.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

__all__ = ["equalize_histogram", "gaussian_kernel", "sobel"]


def _as_gray(image: ArrayLike, name: str = "image") -> NDArray:
    """Return a finite 2-D ``(H, W)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(image)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty grayscale array of shape (H, W), got {arr.shape}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:equalize_histogram]
def equalize_histogram(image: ArrayLike) -> NDArray[np.uint8]:
    """Histogram equalisation of a uint8 grayscale image, identical to ``cv2.equalizeHist``.

    With ``h`` the histogram and ``i0`` the darkest level present, level ``i`` maps to
    ``round((cdf(i) - h[i0]) * 255 / (N - h[i0]))``: the darkest level goes to 0, the
    brightest to 255, computed in float32 and rounded half-to-even as OpenCV does. A
    constant image is returned unchanged (OpenCV fills it with its own level).

    >>> rng = np.random.default_rng(0)
    >>> img = rng.integers(60, 120, size=(32, 32), dtype=np.uint8)  # low contrast
    >>> out = equalize_histogram(img)
    >>> int(out.min()), int(out.max())  # stretched to the full range
    (0, 255)
    >>> lut = np.zeros(256, int); lut[img.ravel()] = out.ravel()
    >>> bool(np.all(np.diff(lut[np.unique(img)]) > 0))  # monotone: order of levels is kept
    True
    >>> bool(np.all(equalize_histogram(np.full((4, 4), 7, np.uint8)) == 7))  # constant image
    True
    >>> tiny = np.array([[0, 1, 2, 2, 2, 2, 2]], np.uint8)  # N - h[i0] = 6, cdf(1) - h[i0] = 1
    >>> equalize_histogram(tiny).tolist()  # level 1: 1 * 255 / 6 = 42.5 -> 42 (half to even)
    [[0, 42, 255, 255, 255, 255, 255]]
    """
    img = _as_gray(image)
    if img.dtype != np.uint8:
        raise ValueError(f"image must have dtype uint8, got {img.dtype}")
    hist = np.bincount(img.ravel(), minlength=256)
    first = int(np.flatnonzero(hist)[0])
    total = img.size
    if hist[first] == total:
        return img.copy()
    scale = np.float32(255.0 / (total - hist[first]))  # OpenCV: float scale
    cdf = np.cumsum(hist) - hist[first]  # int, 0 at the first present level
    lut = np.rint(cdf.astype(np.float32) * scale)
    lut[:first] = 0
    return np.clip(lut, 0, 255).astype(np.uint8)[img]


# --8<-- [end:equalize_histogram]


# --8<-- [start:gaussian_kernel]
def gaussian_kernel(size: int, sigma: float) -> NDArray[np.float64]:
    """Normalised 1-D Gaussian kernel of odd length ``size`` (outer product it for 2-D).

    >>> k = gaussian_kernel(7, 1.5)
    >>> bool(np.isclose(k.sum(), 1.0)), bool(np.allclose(k, k[::-1]))  # sums to 1, symmetric
    (True, True)
    >>> int(np.argmax(k)) == 3  # peak in the centre
    True
    >>> bool(np.isclose(k[4] / k[3], np.exp(-1 / (2 * 1.5**2))))  # exp(-x² / 2σ²) at x = 1
    True
    """
    if size < 1 or size % 2 == 0 or int(size) != size:
        raise ValueError(f"size must be a positive odd integer, got {size!r}")
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    x = np.arange(size) - (size - 1) / 2
    k = np.exp(-(x**2) / (2 * sigma**2))
    return k / k.sum()


# --8<-- [end:gaussian_kernel]


# --8<-- [start:sobel]
def sobel(image: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Sobel derivatives ``(gx, gy)`` with reflect-101 borders (OpenCV's default).

    The 3×3 Sobel kernel is a derivative [-1, 0, 1] times a smoothing [1, 2, 1] across.

    >>> ramp = np.tile(np.arange(8.0), (8, 1))  # intensity grows by 1 per column
    >>> gx, gy = sobel(ramp)
    >>> bool(np.all(gx[:, 1:-1] == 8)), bool(np.all(gy == 0))  # 8 = (1 + 2 + 1) * 2
    (True, True)
    >>> gx[0, [0, -1]].tolist()  # reflect-101 mirrors the ramp at the border: no slope there
    [0.0, 0.0]
    """
    img = _as_gray(image).astype(np.float64)
    padded = np.pad(img, 1, mode="reflect")  # numpy 'reflect' == OpenCV BORDER_REFLECT_101
    win = sliding_window_view(padded, (3, 3))
    kx = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    return np.einsum("hwij,ij->hw", win, kx), np.einsum("hwij,ij->hw", win, kx.T)


# --8<-- [end:sobel]
