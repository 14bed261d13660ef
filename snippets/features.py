"""Classical local features: Harris and Shi–Tomasi corner responses, binary-descriptor
Hamming distance, descriptor matching (Lowe's ratio test, cross-check), normalised
cross-correlation template matching and the HOG descriptor length.

Conventions follow OpenCV where a function has an OpenCV twin: ``harris_response`` and
``min_eigenvalue_response`` reproduce ``cv2.cornerHarris`` and ``cv2.cornerMinEigenVal``
(scaled Sobel derivatives, an unnormalised box sum over ``block_size × block_size``,
BORDER_REFLECT_101); ``ncc_map`` is ``cv2.matchTemplate(..., cv2.TM_CCOEFF_NORMED)``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "hamming_distance",
    "harris_response",
    "hog_descriptor_length",
    "min_eigenvalue_response",
    "mutual_nn_match",
    "ncc_map",
    "ratio_test_match",
    "structure_tensor",
]


def _as_gray(image: ArrayLike, name: str = "image") -> NDArray:
    """Return a finite, non-empty 2-D array or raise a ``ValueError`` naming it."""
    arr = np.asarray(image)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D (H, W) array, got shape {arr.shape}")
    if arr.dtype.kind not in "uif" or (arr.dtype.kind == "f" and not np.all(np.isfinite(arr))):
        raise ValueError(f"{name} must be a finite numeric array")
    return arr


def _sobel_kernels(ksize: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """OpenCV's separable Sobel pair: derivative = binomial(ksize-2) * [-1, 0, 1]."""
    smooth = np.array([1.0])
    for _ in range(ksize - 1):
        smooth = np.convolve(smooth, [1.0, 1.0])
    deriv = np.array([1.0])
    for _ in range(ksize - 3):
        deriv = np.convolve(deriv, [1.0, 1.0])
    return smooth, np.convolve(deriv, [-1.0, 0.0, 1.0])


def _correlate_1d(img: NDArray[np.float64], kernel: NDArray[np.float64], axis: int) -> NDArray:
    """Cross-correlate along ``axis`` with a centred odd kernel, reflect-101 borders."""
    r = len(kernel) // 2
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r, r)
    win = sliding_window_view(np.pad(img, pad, mode="reflect"), len(kernel), axis=axis)
    return win @ kernel


def _box_sum(img: NDArray[np.float64], size: int) -> NDArray[np.float64]:
    """Unnormalised ``size × size`` sum with OpenCV's default anchor ``size // 2``."""
    before, after = size // 2, size - 1 - size // 2
    padded = np.pad(img, ((before, after), (before, after)), mode="reflect")
    return sliding_window_view(padded, (size, size)).sum(axis=(-2, -1))


# --8<-- [start:structure_tensor]
def structure_tensor(
    image: ArrayLike, block_size: int = 2, ksize: int = 3
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Per-pixel structure tensor entries ``(Sxx, Sxy, Syy)`` in OpenCV's convention.

    ``M = sum over a block_size window of [[Ix², IxIy], [IxIy, Iy²]]``, where ``Ix, Iy``
    are ``ksize`` Sobel derivatives scaled by ``1 / (2**(ksize-1) * block_size)`` (and by
    ``1/255`` more for uint8 input), exactly as ``cv2.cornerHarris`` prepares them.

    >>> ramp = np.tile(np.arange(8.0), (8, 1))                # intensity = x (slope 1)
    >>> sxx, sxy, syy = structure_tensor(ramp, block_size=3, ksize=3)
    >>> float(sxx[4, 4]), float(syy[4, 4])         # Ix = 8 / (4 * 3); summed over 9 pixels
    (4.0, 0.0)
    >>> float(structure_tensor(ramp, block_size=1)[0][4, 0])  # reflect-101: no edge at border
    0.0
    >>> step = np.zeros((6, 6)); step[:, 3:] = 1.0
    >>> structure_tensor(step, block_size=2)[0][2].tolist()  # even block covers [x - 1, x]
    [0.0, 0.0, 0.5, 1.0, 0.5, 0.0]
    >>> round(float(structure_tensor(ramp.astype(np.uint8), 3)[0][4, 4]) * 255**2, 9)  # /255
    4.0
    """
    img = _as_gray(image)
    if ksize not in (1, 3, 5, 7):
        raise ValueError(f"ksize must be 1, 3, 5 or 7 (OpenCV Sobel sizes), got {ksize!r}")
    if int(block_size) != block_size or block_size < 1:
        raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
    scale = 2.0 ** (ksize - 1) * block_size
    scale *= 255.0 if img.dtype == np.uint8 else 1.0
    img = img.astype(np.float64)
    if ksize == 1:  # OpenCV: ksize=1 is the plain [-1, 0, 1] with no smoothing
        smooth, deriv = np.array([1.0]), np.array([-1.0, 0.0, 1.0])
    else:
        smooth, deriv = _sobel_kernels(ksize)
    ix = _correlate_1d(_correlate_1d(img, deriv, axis=1), smooth, axis=0) / scale
    iy = _correlate_1d(_correlate_1d(img, smooth, axis=1), deriv, axis=0) / scale
    return (
        _box_sum(ix * ix, block_size),
        _box_sum(ix * iy, block_size),
        _box_sum(iy * iy, block_size),
    )


# --8<-- [end:structure_tensor]


# --8<-- [start:harris_response]
def harris_response(
    image: ArrayLike, block_size: int = 2, ksize: int = 3, k: float = 0.04
) -> NDArray[np.float64]:
    """Harris response ``R = det(M) - k * trace(M)**2`` (same as ``cv2.cornerHarris``).

    ``R`` is large and positive at corners (both eigenvalues of ``M`` large), negative on
    edges (one large eigenvalue), and near zero in flat regions.

    >>> img = np.zeros((15, 15)); img[7:, 7:] = 1.0        # a corner at (7, 7)
    >>> R = harris_response(img, block_size=3, ksize=3, k=0.04)
    >>> np.unravel_index(int(np.argmax(R)), R.shape) in {(6, 6), (6, 7), (7, 6), (7, 7)}
    True
    >>> bool(R[12, 7] < 0), float(R[2, 2])                  # edge: negative; flat: zero
    (True, 0.0)
    >>> sxx, sxy, syy = structure_tensor(img, 3, 3)
    >>> bool(np.allclose(R, sxx * syy - sxy**2 - 0.04 * (sxx + syy) ** 2))
    True
    >>> bool(np.all(harris_response(img, 3, 3, k=0.25) <= 1e-12))  # det <= tr²/4: no corners
    True
    """
    sxx, sxy, syy = structure_tensor(image, block_size, ksize)
    return sxx * syy - sxy * sxy - k * (sxx + syy) ** 2


# --8<-- [end:harris_response]


# --8<-- [start:min_eigenvalue_response]
def min_eigenvalue_response(
    image: ArrayLike, block_size: int = 2, ksize: int = 3
) -> NDArray[np.float64]:
    """Shi–Tomasi score: the smaller eigenvalue of the structure tensor at each pixel.

    Same as ``cv2.cornerMinEigenVal``; ``cv2.goodFeaturesToTrack`` thresholds it at
    ``qualityLevel * max`` and keeps local maxima.

    >>> img = np.zeros((15, 15)); img[7:, 7:] = 1.0
    >>> lam = min_eigenvalue_response(img, 3, 3)
    >>> sxx, sxy, syy = structure_tensor(img, 3, 3)
    >>> M = np.array([[sxx[7, 7], sxy[7, 7]], [sxy[7, 7], syy[7, 7]]])
    >>> bool(np.isclose(lam[7, 7], np.linalg.eigvalsh(M)[0]))   # the smaller eigenvalue
    True
    >>> bool(lam[7, 7] > 10 * abs(lam[12, 7]))                   # corner >> edge (edge ~ 0)
    True
    """
    sxx, sxy, syy = structure_tensor(image, block_size, ksize)
    half_trace, half_diff = (sxx + syy) / 2, (sxx - syy) / 2
    return half_trace - np.sqrt(half_diff**2 + sxy**2)


# --8<-- [end:min_eigenvalue_response]


def _as_descriptors(d: ArrayLike, name: str) -> NDArray:
    arr = np.asarray(d)
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have shape (N, D) with D >= 1, got {arr.shape}")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return arr


# --8<-- [start:hamming_distance]
def hamming_distance(a: ArrayLike, b: ArrayLike) -> NDArray[np.int64]:
    """Pairwise Hamming distances between packed binary descriptors.

    ``a`` is ``(N, B)`` and ``b`` is ``(M, B)`` uint8, each row ``B`` bytes (ORB: 32 bytes
    = 256 bits). The distance counts differing *bits*: popcount of the XOR.

    >>> a = np.array([[0b00000000, 0b11111111]], np.uint8)
    >>> b = np.array([[0b00000001, 0b11111111], [0b11111111, 0b00000000]], np.uint8)
    >>> hamming_distance(a, b).tolist()            # bits, not bytes: 1 and 16
    [[1, 16]]
    >>> x, y = np.array([[127]], np.uint8), np.array([[128]], np.uint8)
    >>> int(hamming_distance(x, y)[0, 0]), int(abs(int(x[0, 0]) - int(y[0, 0])))  # vs L1
    (8, 1)
    >>> d = np.random.default_rng(0).integers(0, 256, (3, 32), dtype=np.uint8)
    >>> D = hamming_distance(d, d)
    >>> bool(np.all(np.diag(D) == 0) and np.all(D == D.T) and D.max() <= 256)
    True
    """
    x, y = _as_descriptors(a, "a"), _as_descriptors(b, "b")
    if x.dtype != np.uint8 or y.dtype != np.uint8:
        raise ValueError(f"binary descriptors must be uint8, got {x.dtype} and {y.dtype}")
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"descriptor lengths differ: {x.shape[1]} and {y.shape[1]} bytes")
    return np.bitwise_count(x[:, None, :] ^ y[None, :, :]).sum(axis=-1, dtype=np.int64)


# --8<-- [end:hamming_distance]


def _distances(a: ArrayLike, b: ArrayLike, metric: str) -> NDArray[np.float64]:
    """Pairwise L2 (float descriptors) or Hamming (packed uint8) distances."""
    if metric == "hamming":
        return hamming_distance(a, b).astype(np.float64)
    if metric != "l2":
        raise ValueError(f"metric must be 'l2' or 'hamming', got {metric!r}")
    x = _as_descriptors(a, "a").astype(np.float64)
    y = _as_descriptors(b, "b").astype(np.float64)
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"descriptor lengths differ: {x.shape[1]} and {y.shape[1]}")
    sq = (x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - 2.0 * x @ y.T
    return np.sqrt(np.maximum(sq, 0.0))


# --8<-- [start:ratio_test_match]
def ratio_test_match(
    desc1: ArrayLike, desc2: ArrayLike, ratio: float = 0.8, metric: str = "l2"
) -> NDArray[np.int64]:
    """Lowe's ratio test: keep ``i -> j`` if ``d(nearest) < ratio * d(second nearest)``.

    Returns a ``(K, 2)`` array of ``(index in desc1, index in desc2)`` pairs. ``metric`` is
    ``"l2"`` (SIFT-like float descriptors) or ``"hamming"`` (packed binary descriptors).
    Lowe (2004) used 0.8; OpenCV's tutorials use 0.7-0.75.

    >>> d2 = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 1.0]])
    >>> d1 = np.array([[0.5, 0.0], [10.0, 0.4]])  # 2nd query: two similar candidates
    >>> ratio_test_match(d1, d2).tolist()         # ratios 0.5/9.5 and 0.4/0.6 = 0.67 < 0.8
    [[0, 0], [1, 1]]
    >>> ratio_test_match(d1, d2, ratio=0.6).tolist()  # stricter: the ambiguous match goes
    [[0, 0]]
    >>> ratio_test_match([[10.0, 0.5]], d2, ratio=1.0).tolist()  # exact tie: never kept
    []
    """
    if not 0 < ratio <= 1:
        raise ValueError(f"ratio must be in (0, 1], got {ratio!r}")
    D = _distances(desc1, desc2, metric)
    if D.shape[1] < 2:
        raise ValueError("desc2 needs at least 2 descriptors for a ratio test")
    two = np.argpartition(D, 1, axis=1)[:, :2]
    d_two = np.take_along_axis(D, two, axis=1)
    order = np.argsort(d_two, axis=1, kind="stable")
    nearest = np.take_along_axis(two, order[:, :1], axis=1)[:, 0]
    d_sorted = np.take_along_axis(d_two, order, axis=1)
    keep = d_sorted[:, 0] < ratio * d_sorted[:, 1]
    return np.stack([np.flatnonzero(keep), nearest[keep]], axis=1).astype(np.int64)


# --8<-- [end:ratio_test_match]


# --8<-- [start:mutual_nn_match]
def mutual_nn_match(desc1: ArrayLike, desc2: ArrayLike, metric: str = "l2") -> NDArray[np.int64]:
    """Cross-check matching: keep ``i <-> j`` only if each is the other's nearest neighbour.

    This is ``cv2.BFMatcher(norm, crossCheck=True)``. Returns ``(K, 2)`` index pairs.

    >>> d1 = np.array([[0.0], [1.0], [1.4]])
    >>> d2 = np.array([[0.1], [1.1]])
    >>> mutual_nn_match(d1, d2).tolist()   # 1.0 and 1.4 both want 1.1; only 1.0 is mutual
    [[0, 0], [1, 1]]
    """
    D = _distances(desc1, desc2, metric)
    fwd = np.argmin(D, axis=1)
    bwd = np.argmin(D, axis=0)
    keep = bwd[fwd] == np.arange(D.shape[0])
    return np.stack([np.flatnonzero(keep), fwd[keep]], axis=1).astype(np.int64)


# --8<-- [end:mutual_nn_match]


# --8<-- [start:ncc_map]
def ncc_map(image: ArrayLike, template: ArrayLike) -> NDArray[np.float64]:
    """Zero-mean normalised cross-correlation of ``template`` at every valid position.

    Output shape ``(H - h + 1, W - w + 1)``, values in ``[-1, 1]``; equals
    ``cv2.matchTemplate(image, template, cv2.TM_CCOEFF_NORMED)`` where the image window
    is not constant (there it is 0 here). Invariant to ``a * window + b`` with ``a > 0``.

    >>> rng = np.random.default_rng(0)
    >>> img = rng.random((20, 30)); tpl = img[5:12, 8:17].copy()
    >>> score = ncc_map(img, tpl)
    >>> score.shape, divmod(int(np.argmax(score)), score.shape[1]), round(float(score.max()), 6)
    ((14, 22), (5, 8), 1.0)
    >>> s2 = ncc_map(3.0 * img + 50.0, tpl)                   # gain and offset change
    >>> bool(np.allclose(s2, score))                          # NCC does not care; SSD would
    True
    """
    img = _as_gray(image).astype(np.float64)
    tpl = _as_gray(template, "template").astype(np.float64)
    h, w = tpl.shape
    if h > img.shape[0] or w > img.shape[1]:
        raise ValueError(f"template {tpl.shape} is larger than the image {img.shape}")
    t = tpl - tpl.mean()
    t_norm = np.sqrt((t * t).sum())
    if t_norm == 0:
        raise ValueError("template is constant: NCC is undefined")
    win = sliding_window_view(img, (h, w))
    win = win - win.mean(axis=(-2, -1), keepdims=True)
    num = np.einsum("ijkl,kl->ij", win, t)
    w_norm = np.sqrt(np.einsum("ijkl,ijkl->ij", win, win))
    out = np.zeros_like(num)
    ok = w_norm > 1e-12 * max(1.0, float(np.abs(img).max()))
    out[ok] = num[ok] / (w_norm[ok] * t_norm)
    return out


# --8<-- [end:ncc_map]


# --8<-- [start:hog_descriptor_length]
def hog_descriptor_length(
    window: tuple[int, int] = (64, 128),
    cell: int = 8,
    block_cells: int = 2,
    stride_cells: int = 1,
    bins: int = 9,
) -> int:
    """Length of a Dalal–Triggs HOG descriptor for a ``(width, height)`` window.

    Blocks of ``block_cells × block_cells`` cells slide by ``stride_cells`` cells; each
    block contributes ``block_cells² × bins`` numbers (cells are counted once per block
    they belong to, so most cells appear four times).

    >>> hog_descriptor_length()       # 7 × 15 blocks × (2 × 2 cells × 9 bins)
    3780
    >>> hog_descriptor_length(window=(64, 64))
    1764
    """
    w, h = window
    if min(w, h, cell, block_cells, stride_cells, bins) < 1:
        raise ValueError("window, cell, block_cells, stride_cells and bins must be positive")
    if w % cell or h % cell:
        raise ValueError(f"window {window} must be a whole number of {cell}-pixel cells")
    cx, cy = w // cell, h // cell
    if (
        block_cells > min(cx, cy)
        or (cx - block_cells) % stride_cells
        or (cy - block_cells) % stride_cells
    ):
        raise ValueError("blocks must tile the window exactly")
    bx = (cx - block_cells) // stride_cells + 1
    by = (cy - block_cells) // stride_cells + 1
    return bx * by * block_cells * block_cells * bins


# --8<-- [end:hog_descriptor_length]
