"""Sparse optical flow: the Lucas–Kanade solve for one window.

Images are 2-D float arrays (grey levels); a point is ``(x, y)`` in pixels with
``x`` the column and pixel centres at integer coordinates, as in OpenCV. The flow
``(dx, dy)`` of a point says where its window moved from ``prev`` to ``nxt``:
``nxt(x + dx, y + dy) ≈ prev(x, y)`` (brightness constancy).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["lucas_kanade", "structure_tensor"]


def _as_image(image: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = np.asarray(image, dtype=np.float64)
    if arr.ndim != 2 or min(arr.shape) < 3:
        raise ValueError(f"{name} must be a 2-D image of at least 3x3 pixels, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


def _window(
    shape: tuple[int, ...], point: ArrayLike, half_window: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Sample coordinates ``(xs, ys)`` of the ``(2h+1)^2`` window centred on ``point``."""
    if half_window < 1:
        raise ValueError(f"half_window must be >= 1, got {half_window}")
    p = np.asarray(point, dtype=np.float64)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ValueError(f"point must be a finite (x, y) pair, got {point!r}")
    offsets = np.arange(-half_window, half_window + 1, dtype=np.float64)
    ys, xs = np.meshgrid(p[1] + offsets, p[0] + offsets, indexing="ij")
    return xs, ys


def _bilinear(image: NDArray[np.float64], xs: NDArray, ys: NDArray) -> NDArray[np.float64]:
    """Bilinear samples of ``image`` at ``(xs, ys)``; every sample must lie inside the image."""
    h, w = image.shape
    if xs.min() < 0 or ys.min() < 0 or xs.max() > w - 1 or ys.max() > h - 1:
        raise ValueError("the window (moved by the current flow) leaves the image")
    x0 = np.minimum(np.floor(xs).astype(np.intp), w - 2)
    y0 = np.minimum(np.floor(ys).astype(np.intp), h - 2)
    ax, ay = xs - x0, ys - y0
    top = (1 - ax) * image[y0, x0] + ax * image[y0, x0 + 1]
    bottom = (1 - ax) * image[y0 + 1, x0] + ax * image[y0 + 1, x0 + 1]
    return (1 - ay) * top + ay * bottom


# --8<-- [start:structure_tensor]
def structure_tensor(
    prev: ArrayLike, point: ArrayLike, half_window: int = 7
) -> NDArray[np.float64]:
    """The 2x2 matrix ``G = sum over the window of [[Ix², IxIy], [IxIy, Iy²]]``.

    Lucas–Kanade solves ``G d = b`` for the flow ``d``; it is well posed only if both
    eigenvalues of ``G`` are large. A window whose gradients all point one way (an edge,
    stripes) has a zero eigenvalue: the aperture problem. The smallest eigenvalue is
    the Shi–Tomasi corner score. Gradients are central differences (``np.gradient``).

    >>> x = np.arange(40.0)
    >>> parabola = np.tile(x**2, (40, 1))  # I = x², so Ix = 2x exactly and Iy = 0
    >>> structure_tensor(parabola, (10, 30), half_window=1).tolist()  # 3 rows x (18²+20²+22²)
    [[3624.0, 0.0], [0.0, 0.0]]
    >>> ramp = x[:, None] + x  # I = x + y: Ix = Iy = 1, one gradient direction
    >>> structure_tensor(ramp, (20, 20), half_window=1).tolist()  # rank 1: an edge
    [[9.0, 9.0], [9.0, 9.0]]
    >>> stripes = np.tile(np.sin(x / 3), (40, 1))  # varies along x only
    >>> bool(np.linalg.eigvalsh(structure_tensor(stripes, (20, 20)))[0] < 1e-9)
    True
    >>> blob = np.exp(-((x[:, None] - 20) ** 2 + (x - 20) ** 2) / 50)  # varies both ways
    >>> bool(np.linalg.eigvalsh(structure_tensor(blob, (22, 18)))[0] > 0.1)
    True
    """
    image = _as_image(prev, "prev")
    gy, gx = np.gradient(image)
    xs, ys = _window(image.shape, point, half_window)
    ix, iy = _bilinear(gx, xs, ys), _bilinear(gy, xs, ys)
    return np.array([[np.sum(ix * ix), np.sum(ix * iy)], [np.sum(ix * iy), np.sum(iy * iy)]])


# --8<-- [end:structure_tensor]


# --8<-- [start:lucas_kanade]
def lucas_kanade(
    prev: ArrayLike,
    nxt: ArrayLike,
    point: ArrayLike,
    half_window: int = 7,
    iterations: int = 20,
    tol: float = 1e-4,
) -> NDArray[np.float64]:
    """Flow ``(dx, dy)`` of one ``(2h+1)x(2h+1)`` window from ``prev`` to ``nxt``.

    Linearising brightness constancy, ``Ix dx + Iy dy + It = 0`` at every pixel of the
    window, and solving in the least-squares sense gives the 2x2 normal equations
    ``G d = -[sum Ix It, sum Iy It]`` with ``G`` from ``structure_tensor``. One solve
    (``iterations=1``) is the classic Lucas–Kanade step; iterating re-samples ``nxt`` at
    the moved window (bilinear) and adds the correction, as OpenCV's
    ``calcOpticalFlowPyrLK`` does at each pyramid level (without the pyramid, here).

    >>> yy, xx = np.mgrid[0:48, 0:48].astype(float)
    >>> def scene(dx, dy):  # smooth texture, moved by (dx, dy)
    ...     x, y = xx - dx, yy - dy
    ...     return np.sin(x / 5) + np.cos(y / 4) + 0.5 * np.sin((x + y) / 7)
    >>> prev = scene(0, 0)
    >>> def error(flow, true):  # largest component error, pixels
    ...     return float(np.abs(np.asarray(flow) - true).max())
    >>> small, large = scene(0.4, -0.3), scene(3.5, 2.5)
    >>> error(lucas_kanade(prev, small, (24, 24), iterations=1), [0.4, -0.3]) < 0.02
    True
    >>> error(lucas_kanade(prev, large, (24, 24), iterations=1), [3.5, 2.5]) > 0.3  # too far
    True
    >>> 0.005 < error(lucas_kanade(prev, large, (24, 24)), [3.5, 2.5]) < 0.02  # iterating fixes
    True
    >>> error(lucas_kanade(prev, scene(6, 5), (20, 26)), [6, 5]) < 1e-4  # integer shift: exact
    True
    """
    image0, image1 = _as_image(prev, "prev"), _as_image(nxt, "nxt")
    if image0.shape != image1.shape:
        raise ValueError(f"prev and nxt differ in shape: {image0.shape} vs {image1.shape}")
    if iterations < 1:
        raise ValueError(f"iterations must be >= 1, got {iterations}")
    gy, gx = np.gradient(image0)
    xs, ys = _window(image0.shape, point, half_window)
    ix, iy = _bilinear(gx, xs, ys), _bilinear(gy, xs, ys)
    template = _bilinear(image0, xs, ys)
    G = np.array([[np.sum(ix * ix), np.sum(ix * iy)], [np.sum(ix * iy), np.sum(iy * iy)]])
    if np.linalg.eigvalsh(G)[0] <= 1e-12 * max(np.trace(G), 1e-300):
        raise ValueError("structure tensor is singular: the aperture problem (no texture)")
    d = np.zeros(2)
    for _ in range(iterations):
        it = _bilinear(image1, xs + d[0], ys + d[1]) - template  # temporal difference
        step = np.linalg.solve(G, -np.array([np.sum(ix * it), np.sum(iy * it)]))
        d += step
        if np.hypot(*step) < tol:
            break
    return d


# --8<-- [end:lucas_kanade]
