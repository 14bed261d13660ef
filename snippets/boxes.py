"""Bounding-box operations: format conversion, area, IoU, GIoU, NMS, Soft-NMS, anchors.

Boxes are ``(N, 4)`` float arrays. Unless a function says otherwise they are in
``xyxy`` format (``x1, y1, x2, y2`` with ``x2 >= x1`` and ``y2 >= y1``), in continuous
coordinates: the width is ``x2 - x1`` (no ``+1``, as in torchvision, COCO and OpenCV's
float ``Rect2d``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "box_area",
    "box_convert",
    "box_iou",
    "generalized_box_iou",
    "generate_anchors",
    "nms",
    "soft_nms",
]

_FORMATS = ("xyxy", "xywh", "cxcywh")


def _as_boxes(boxes: ArrayLike, name: str, fmt: str = "xyxy") -> NDArray[np.float64]:
    """Return ``boxes`` as a float64 ``(N, 4)`` array or raise a ``ValueError`` naming it."""
    arr = np.asarray(boxes, dtype=np.float64)
    if arr.size == 0 and arr.ndim <= 2:
        return arr.reshape(0, 4)
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"{name} must have shape (N, 4), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    if fmt == "xyxy":
        if np.any(arr[:, 2] < arr[:, 0]) or np.any(arr[:, 3] < arr[:, 1]):
            raise ValueError(f"{name} must be xyxy boxes with x2 >= x1 and y2 >= y1")
    elif np.any(arr[:, 2:] < 0):
        raise ValueError(f"{name} must have non-negative widths and heights ({fmt})")
    return arr


def _as_scores(scores: ArrayLike, n: int) -> NDArray[np.float64]:
    arr = np.asarray(scores, dtype=np.float64)
    if arr.shape != (n,):
        raise ValueError(f"scores must have shape ({n},) to match boxes, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("scores must be finite (found NaN or inf)")
    return arr


# --8<-- [start:box_convert]
def box_convert(boxes: ArrayLike, in_fmt: str, out_fmt: str) -> NDArray[np.float64]:
    """Convert ``(N, 4)`` boxes between ``'xyxy'``, ``'xywh'`` and ``'cxcywh'``.

    ``xywh`` is the COCO/OpenCV format (top-left corner, width, height); ``cxcywh`` is
    the centre format used by YOLO and DETR.

    >>> rng = np.random.default_rng(0)
    >>> xywh = rng.uniform(0, 100, size=(5, 4))
    >>> back = box_convert(box_convert(xywh, "xywh", "cxcywh"), "cxcywh", "xywh")
    >>> bool(np.allclose(back, xywh))  # round trip is the identity
    True
    >>> box_convert([[10, 20, 30, 60]], "xyxy", "cxcywh").tolist()
    [[20.0, 40.0, 20.0, 40.0]]
    """
    if in_fmt not in _FORMATS or out_fmt not in _FORMATS:
        raise ValueError(f"formats must be one of {_FORMATS}, got {in_fmt!r} -> {out_fmt!r}")
    b = _as_boxes(boxes, "boxes", in_fmt)
    if in_fmt == "xywh":
        b = np.concatenate([b[:, :2], b[:, :2] + b[:, 2:]], axis=1)
    elif in_fmt == "cxcywh":
        b = np.concatenate([b[:, :2] - b[:, 2:] / 2, b[:, :2] + b[:, 2:] / 2], axis=1)
    if out_fmt == "xywh":
        return np.concatenate([b[:, :2], b[:, 2:] - b[:, :2]], axis=1)
    if out_fmt == "cxcywh":
        return np.concatenate([(b[:, :2] + b[:, 2:]) / 2, b[:, 2:] - b[:, :2]], axis=1)
    return b.copy()


# --8<-- [end:box_convert]


# --8<-- [start:box_area]
def box_area(boxes: ArrayLike) -> NDArray[np.float64]:
    """Area ``(x2 - x1) * (y2 - y1)`` of each ``xyxy`` box, shape ``(N,)``.

    >>> area = box_area([[0, 0, 2, 3], [1, 1, 1, 5]])
    >>> area.tolist()  # a zero-width box has zero area
    [6.0, 0.0]
    >>> bool(np.all(area >= 0))
    True
    """
    b = _as_boxes(boxes, "boxes")
    return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])


# --8<-- [end:box_area]


# --8<-- [start:box_iou]
def box_iou(boxes1: ArrayLike, boxes2: ArrayLike) -> NDArray[np.float64]:
    """Pairwise intersection over union of ``(N, 4)`` and ``(M, 4)`` xyxy boxes -> ``(N, M)``.

    IoU = |A ∩ B| / |A ∪ B|. Two zero-area boxes have an empty union; their IoU is
    defined as 0 here (no division by zero).

    >>> rng = np.random.default_rng(0)
    >>> xy = rng.uniform(0, 50, size=(6, 2))
    >>> boxes = np.hstack([xy, xy + rng.uniform(1, 30, size=(6, 2))])
    >>> iou = box_iou(boxes, boxes)
    >>> bool(np.all((iou >= 0) & (iou <= 1))), bool(np.allclose(iou, iou.T))
    (True, True)
    >>> bool(np.allclose(np.diag(iou), 1.0))  # every box overlaps itself perfectly
    True
    >>> round(float(box_iou([[0, 0, 2, 2]], [[1, 0, 3, 2]])[0, 0]), 4)  # 2 / (4 + 4 - 2)
    0.3333
    """
    a = _as_boxes(boxes1, "boxes1")
    b = _as_boxes(boxes2, "boxes2")
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    # Intersection width/height, computed in place to avoid (N, M, 2) temporaries.
    iw = np.minimum(a[:, None, 2], b[None, :, 2])
    iw -= np.maximum(a[:, None, 0], b[None, :, 0])
    np.maximum(iw, 0.0, out=iw)
    ih = np.minimum(a[:, None, 3], b[None, :, 3])
    ih -= np.maximum(a[:, None, 1], b[None, :, 1])
    np.maximum(ih, 0.0, out=ih)
    inter = np.multiply(iw, ih, out=iw)
    union = area_a[:, None] + area_b[None, :]
    union -= inter
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)
    return out


# --8<-- [end:box_iou]


# --8<-- [start:generalized_box_iou]
def generalized_box_iou(boxes1: ArrayLike, boxes2: ArrayLike) -> NDArray[np.float64]:
    """Pairwise generalized IoU (Rezatofighi et al., 2019) of xyxy boxes -> ``(N, M)``.

    GIoU = IoU - |C \\ (A ∪ B)| / |C| with C the smallest box enclosing A and B. It lies in
    (-1, 1], is <= IoU, and still gives a signal (a gradient, as a loss) when boxes do
    not overlap.

    >>> rng = np.random.default_rng(1)
    >>> xy = rng.uniform(0, 50, size=(5, 2))
    >>> boxes = np.hstack([xy, xy + rng.uniform(1, 30, size=(5, 2))])
    >>> giou, iou = generalized_box_iou(boxes, boxes), box_iou(boxes, boxes)
    >>> bool(np.all(giou <= iou + 1e-12)), bool(np.all((giou > -1) & (giou <= 1)))
    (True, True)
    >>> float(generalized_box_iou([[0, 0, 1, 1]], [[2, 0, 3, 1]])[0, 0])  # IoU 0, C area 3
    -0.3333333333333333
    """
    a = _as_boxes(boxes1, "boxes1")
    b = _as_boxes(boxes2, "boxes2")
    iou = box_iou(a, b)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    iw = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    ih = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    union = area_a[:, None] + area_b[None, :] - np.clip(iw, 0, None) * np.clip(ih, 0, None)
    cw = np.maximum(a[:, None, 2], b[None, :, 2]) - np.minimum(a[:, None, 0], b[None, :, 0])
    ch = np.maximum(a[:, None, 3], b[None, :, 3]) - np.minimum(a[:, None, 1], b[None, :, 1])
    hull = cw * ch
    penalty = np.zeros_like(hull)
    np.divide(hull - union, hull, out=penalty, where=hull > 0)
    return iou - penalty


# --8<-- [end:generalized_box_iou]


# --8<-- [start:nms]
def nms(boxes: ArrayLike, scores: ArrayLike, iou_threshold: float) -> NDArray[np.int64]:
    """Greedy non-maximum suppression; returns kept indices, highest score first.

    Repeatedly keep the highest-scoring remaining box and drop every remaining box whose
    IoU with it is *greater than* ``iou_threshold`` (the torchvision and OpenCV rule).
    Equal scores keep their input order (stable sort), like ``cv2.dnn.NMSBoxes``.

    >>> rng = np.random.default_rng(0)
    >>> xy = rng.uniform(0, 100, size=(200, 2))
    >>> boxes = np.hstack([xy, xy + rng.uniform(5, 40, size=(200, 2))])
    >>> scores = rng.uniform(size=200)
    >>> keep = nms(boxes, scores, 0.5)
    >>> iou = box_iou(boxes[keep], boxes[keep])
    >>> bool(np.all(iou[np.triu_indices(len(keep), k=1)] <= 0.5))  # no kept pair overlaps
    True
    >>> bool(np.all(np.diff(scores[keep]) <= 0))  # sorted by descending score
    True
    >>> removed = np.setdiff1d(np.arange(200), keep)  # maximal: each was suppressed by a
    >>> by = (box_iou(boxes[removed], boxes[keep]) > 0.5) & (  # kept, higher-scoring box
    ...     scores[keep][None, :] > scores[removed][:, None])
    >>> len(removed) > 0 and bool(np.all(by.any(axis=1)))
    True
    >>> bool(np.array_equal(keep[nms(boxes[keep], scores[keep], 0.5)], keep))  # idempotent
    True
    >>> nms([[0, 0, 2, 1], [0, 0, 1, 1]], [0.9, 0.8], 0.5).tolist()  # IoU = 0.5: both kept
    [0, 1]
    >>> keep3 = nms(boxes, scores, 0.3)  # a lower threshold suppresses more
    >>> iou3 = box_iou(boxes[keep3], boxes[keep3])
    >>> len(keep3) < len(keep), bool(np.all(iou3[np.triu_indices(len(keep3), k=1)] <= 0.3))
    (True, True)
    """
    b = _as_boxes(boxes, "boxes")
    s = _as_scores(scores, len(b))
    if not 0.0 <= iou_threshold <= 1.0:
        raise ValueError(f"iou_threshold must be in [0, 1], got {iou_threshold}")
    order = np.argsort(-s, kind="stable")
    x1, y1, x2, y2 = (b[order, i] for i in range(4))
    area = (x2 - x1) * (y2 - y1)
    keep: list[int] = []
    rest = np.arange(len(order))
    while rest.size:
        i, rest = rest[0], rest[1:]
        keep.append(int(order[i]))
        iw = np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest])
        ih = np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest])
        inter = np.maximum(iw, 0.0) * np.maximum(ih, 0.0)
        union = area[i] + area[rest] - inter
        # iou > t  <=>  inter > t * union (union > 0); two empty boxes never suppress.
        rest = rest[~(inter > iou_threshold * union) | (union <= 0)]
    return np.asarray(keep, dtype=np.int64)


# --8<-- [end:nms]


# --8<-- [start:soft_nms]
def soft_nms(
    boxes: ArrayLike,
    scores: ArrayLike,
    sigma: float = 0.5,
    score_threshold: float = 0.001,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Gaussian Soft-NMS (Bodla et al., 2017): decay overlapping scores instead of deleting.

    After picking the current best box M, every remaining score is multiplied by
    ``exp(-IoU(M, b)² / sigma)``; boxes whose score falls below ``score_threshold`` are
    dropped. Returns ``(kept_indices, decayed_scores)`` in selection order.

    >>> boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [50, 50, 60, 60]], dtype=float)
    >>> keep, new_scores = soft_nms(boxes, np.array([0.9, 0.8, 0.7]))
    >>> keep.tolist()  # the overlapping box is demoted below the isolated one, not deleted
    [0, 2, 1]
    >>> iou = box_iou(boxes[:1], boxes[1:2])[0, 0]
    >>> bool(np.isclose(new_scores[2], 0.8 * np.exp(-iou**2 / 0.5)))
    True
    >>> bool(np.isclose(new_scores[1], 0.7))  # no overlap: score untouched
    True
    >>> _, sharp = soft_nms(boxes, np.array([0.9, 0.8, 0.7]), sigma=0.25)  # smaller sigma
    >>> bool(np.isclose(sharp[2], 0.8 * np.exp(-iou**2 / 0.25)))  # decays harder
    True
    >>> soft_nms(boxes, np.array([0.9, 0.8, 0.7]), score_threshold=0.5)[0].tolist()
    [0, 2]
    """
    b = _as_boxes(boxes, "boxes")
    s = _as_scores(scores, len(b)).copy()
    if sigma <= 0:
        raise ValueError(f"sigma must be > 0, got {sigma}")
    idx = np.arange(len(b))
    keep: list[int] = []
    kept_scores: list[float] = []
    while idx.size:
        best = int(np.argmax(s[idx]))  # first index among ties
        i = idx[best]
        keep.append(int(i))
        kept_scores.append(float(s[i]))
        idx = np.delete(idx, best)
        s[idx] *= np.exp(-(box_iou(b[i : i + 1], b[idx])[0] ** 2) / sigma)
        idx = idx[s[idx] >= score_threshold]
    return np.asarray(keep, dtype=np.int64), np.asarray(kept_scores, dtype=np.float64)


# --8<-- [end:soft_nms]


# --8<-- [start:generate_anchors]
def generate_anchors(base_size: float, scales: ArrayLike, ratios: ArrayLike) -> NDArray[np.float64]:
    """Anchor boxes (xyxy, centred on the origin) for every (ratio, scale) pair.

    ``ratio = h / w`` and the area must stay ``(base_size * scale)²`` whatever the ratio:
    ``w = s / sqrt(r)``, ``h = s * sqrt(r)`` with ``s = base_size * scale``. The
    circulating bug keeps ``w = s`` and sets ``h = s * r``: the ratio is right but the
    area grows with it. Rows are ordered ratio-major, like torchvision.

    >>> scales, ratios = [1.0, 2.0], [0.5, 1.0, 2.0]
    >>> anchors = generate_anchors(16, scales, ratios)
    >>> w, h = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    >>> expected_area = np.tile((16 * np.asarray(scales)) ** 2, len(ratios))
    >>> bool(np.allclose(w * h, expected_area))  # area = (base_size * scale)²
    True
    >>> bool(np.allclose(h / w, np.repeat(ratios, len(scales))))  # aspect ratio h / w
    True
    >>> bool(np.allclose(anchors[:, :2] + anchors[:, 2:], 0))  # centred on the origin
    True
    """
    sc = np.asarray(scales, dtype=np.float64).ravel()
    ra = np.asarray(ratios, dtype=np.float64).ravel()
    if base_size <= 0 or np.any(sc <= 0) or np.any(ra <= 0):
        raise ValueError("base_size, scales and ratios must be positive")
    side = base_size * sc[None, :]  # (1, S): sqrt of the target area
    w = (side / np.sqrt(ra)[:, None]).ravel()  # (R*S,), ratio-major
    h = (side * np.sqrt(ra)[:, None]).ravel()
    return np.stack([-w / 2, -h / 2, w / 2, h / 2], axis=1)


# --8<-- [end:generate_anchors]
