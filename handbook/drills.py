"""Numeric drills: practice problems drawn from a seeded generator, answered by ``snippets``.

Each problem type draws its inputs with :class:`Rng` (mulberry32: small, exact in integer
arithmetic, so the same seed draws the same set anywhere) and computes its answer with the
tested function the handbook shows (``snippets.convolution``, ``.boxes``, ``.detection_metrics``,
``.homography``, ``.quantization``). The inputs are kept with the problem, so a test can
recompute every printed answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from snippets.boxes import box_iou, nms
from snippets.convolution import conv_output_size, conv_params, receptive_field
from snippets.detection_metrics import precision_recall_curve_detections, voc_average_precision
from snippets.homography import apply_homography, homography_dlt
from snippets.quantization import affine_qparams, quantize

MASK = 0xFFFFFFFF
DEFAULT_SEED = 18
LETTERS = "ABCDEFGH"
UNIT_SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1]]


class Rng:
    """mulberry32, a 32-bit generator: ``next()`` is a float in [0, 1)."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> float:
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    def randint(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi], both included."""
        return lo + int(self.next() * (hi - lo + 1))

    def choice(self, items: list[Any]) -> Any:
        return items[self.randint(0, len(items) - 1)]

    def sample(self, items: list[Any], k: int) -> list[Any]:
        pool = list(items)
        return [pool.pop(self.randint(0, len(pool) - 1)) for _ in range(k)]


@dataclass(frozen=True)
class Drill:
    kind: str
    title: str
    prompt: str  # HTML
    inputs: dict[str, Any]  # everything the snippet needs to recompute the answer
    answer: dict[str, Any]  # name → value (numbers, or lists of them)
    shown: dict[str, str] = field(default_factory=dict)  # name → the printed value
    working: str = ""  # HTML: the formula with the numbers in


def _f(value: float, digits: int) -> str:
    """A number with ``digits`` decimals, without a minus sign on zero."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def conv_output_drill(rng: Rng) -> Drill:
    n = rng.choice([28, 32, 56, 64, 100, 112, 128, 224, 227, 256])
    k = rng.choice([1, 3, 3, 5, 7, 11])
    s, p = rng.choice([1, 2, 2, 4]), rng.randint(0, k // 2)
    d = rng.choice([1, 1, 1, 2]) if k > 1 else 1
    out = conv_output_size(n, k, s, p, d)
    span = n + 2 * p - d * (k - 1) - 1
    return Drill(
        "conv-output",
        "Convolution output size",
        f"A {k}×{k} convolution with stride {s}, padding {p} and dilation {d} runs over a "
        f"{n}×{n} feature map. What are the output's height and width?",
        {"size": n, "kernel": k, "stride": s, "padding": p, "dilation": d},
        {"size": out},
        {"size": str(out)},
        f"⌊({n} + 2·{p} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = ⌊{span} / {s}⌋ + 1 = {out}",
    )


def conv_params_drill(rng: Rng) -> Drill:
    depthwise = rng.randint(0, 3) == 0
    if depthwise:
        c_in = c_out = groups = rng.choice([32, 64, 128, 256])
    else:
        c_in, c_out = rng.choice([3, 16, 32, 64, 128, 256]), rng.choice([16, 32, 64, 128, 256])
        groups = 1
    k, bias = rng.choice([1, 3, 3, 5, 7]), rng.randint(0, 1) == 1
    params = conv_params(c_in, c_out, k, bias=bias, groups=groups)
    kind = f"depthwise (groups = {groups}) " if depthwise else ""
    with_bias = "with" if bias else "without"
    return Drill(
        "conv-params",
        "Convolution parameters",
        f"How many learnable parameters does a {kind}{k}×{k} convolution from {c_in} to "
        f"{c_out} channels have, {with_bias} bias?",
        {"in_ch": c_in, "out_ch": c_out, "k": k, "bias": bias, "groups": groups},
        {"params": params},
        {"params": f"{params:,}"},
        f"{c_out} · ({c_in} / {groups}) · {k}·{k} + {c_out if bias else 0} = {params:,}",
    )


def receptive_field_drill(rng: Rng) -> Drill:
    layers = rng.randint(3, 5)
    kernels = [rng.choice([1, 3, 3, 3, 5, 7]) for _ in range(layers)]
    strides = [rng.choice([1, 1, 2]) for _ in range(layers)]
    rf = receptive_field(kernels, strides)
    stack = " → ".join(f"{k}×{k}/s{s}" for k, s in zip(kernels, strides, strict=True))
    jumps = [int(v) for v in np.concatenate(([1], np.cumprod(strides)[:-1]))]
    terms = " + ".join(f"{k - 1}·{j}" for k, j in zip(kernels, jumps, strict=True))
    return Drill(
        "receptive-field",
        "Receptive field of a stack",
        f"Layers, input first (kernel/stride): {stack}. What is the receptive field of one "
        "unit of the last layer, in input pixels?",
        {"kernels": kernels, "strides": strides},
        {"receptive_field": rf},
        {"receptive_field": str(rf)},
        f"1 + Σ (k<sub>l</sub> − 1)·Π<sub>i&lt;l</sub> s<sub>i</sub> = 1 + {terms} = {rf}",
    )


def _box(rng: Rng, x: int, y: int, lo: int = 4, hi: int = 10) -> list[int]:
    return [x, y, x + rng.randint(lo, hi), y + rng.randint(lo, hi)]


def iou_drill(rng: Rng) -> Drill:
    a = _box(rng, rng.randint(0, 10), rng.randint(0, 10))
    b = _box(rng, a[0] + rng.randint(-4, 6), a[1] + rng.randint(-4, 6))
    iou = float(box_iou([a], [b])[0, 0])
    iw = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return Drill(
        "iou",
        "IoU of two boxes",
        f"Boxes as (x1, y1, x2, y2): A = {tuple(a)}, B = {tuple(b)}. What is their IoU?",
        {"a": a, "b": b},
        {"iou": iou},
        {"iou": _f(iou, 3)},
        f"intersection {iw}·{ih} = {inter}; union {union}; IoU = {inter}/{union}",
    )


def nms_drill(rng: Rng) -> Drill:
    boxes = [_box(rng, 10 + rng.randint(-3, 3), 10 + rng.randint(-3, 3), 8, 14) for _ in range(4)]
    boxes.append(_box(rng, 26 + rng.randint(0, 6), 10 + rng.randint(-3, 3), 8, 14))
    scores = rng.sample([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5], len(boxes))
    threshold = rng.choice([0.3, 0.5])
    keep = [int(i) for i in nms(boxes, scores, threshold)]
    listed = "; ".join(
        f"{LETTERS[i]} = {tuple(b)} ({s:.2f})"
        for i, (b, s) in enumerate(zip(boxes, scores, strict=True))
    )
    kept = ", ".join(LETTERS[i] for i in keep)
    return Drill(
        "nms",
        "NMS survivors",
        f"Greedy NMS with IoU threshold {threshold} (suppress IoU &gt; threshold) over boxes "
        f"(x1, y1, x2, y2) with scores: {listed}. Which boxes survive, in order?",
        {"boxes": boxes, "scores": scores, "iou_threshold": threshold},
        {"keep": keep},
        {"keep": kept},
        "take the highest score, drop every box overlapping it by more than the threshold, "
        "repeat with what is left",
    )


def ap_drill(rng: Rng) -> Drill:
    n = rng.randint(6, 8)
    hits = [rng.randint(0, 1) for _ in range(n)]
    hits[rng.randint(0, 2)] = 1
    gt = sum(hits) + rng.randint(0, 2)
    scores = [round(0.95 - 0.1 * i, 2) for i in range(n)]
    prec, rec = precision_recall_curve_detections(scores, hits, num_ground_truth=gt)
    ap = voc_average_precision(rec, prec)
    ranked = " ".join("TP" if h else "FP" for h in hits)
    tps = np.cumsum(hits)
    at_tp = ", ".join(f"{tps[i]}/{i + 1}" for i in range(n) if hits[i])
    return Drill(
        "ap",
        "AP from a ranked list",
        f"One class has {gt} ground-truth objects. The detections, by descending score, are "
        f"{ranked}. What is the all-point interpolated AP (VOC 2010+)?",
        {"hits": hits, "num_ground_truth": gt},
        {"ap": ap},
        {"ap": _f(ap, 3)},
        f"precision at each TP: {at_tp}; AP = Σ Δrecall × (max precision at or beyond it), "
        f"each TP adding 1/{gt} recall",
    )


def homography_drill(rng: Rng) -> Drill:
    w, h = rng.choice([100, 200, 300]), rng.choice([100, 150, 200])
    corners = [[0, 0], [w, 0], [w, h], [0, h]]
    dst = [[x + rng.randint(-20, 20), y + rng.randint(-20, 20)] for x, y in corners]
    H = homography_dlt(UNIT_SQUARE, dst)
    centre = apply_homography(H, [[0.5, 0.5]])[0]
    rows = "; ".join("[" + ", ".join(_f(v, 4) for v in row) + "]" for row in H)
    pairs = ", ".join(f"{tuple(s)} → {tuple(d)}" for s, d in zip(UNIT_SQUARE, dst, strict=True))
    return Drill(
        "homography",
        "Homography from four point pairs",
        f"Find the homography H (scaled so H[2, 2] = 1) that maps the unit square to a "
        f"quadrilateral: {pairs}. Where does the square's centre (0.5, 0.5) land?",
        {"src": UNIT_SQUARE, "dst": dst},
        {"H": H.tolist(), "centre": centre.tolist()},
        {"H": rows, "centre": f"({_f(centre[0], 2)}, {_f(centre[1], 2)})"},
        "8 unknowns, 2 equations per pair (DLT); the centre is where the diagonals cross",
    )


def quantization_drill(rng: Rng) -> Drill:
    name, qmin, qmax = rng.choice([("int8", -128, 127), ("uint8", 0, 255)])
    x_min = -rng.randint(0, 60) / 10 + 0.0
    x_max = rng.randint(10, 120) / 10
    x = rng.randint(round(x_min * 10), round(x_max * 10)) / 10
    scale, zp = affine_qparams(x_min, x_max, dtype=name)
    q = int(quantize([x], scale, zp, dtype=name)[0])
    return Drill(
        "quantization",
        f"{name} scale and zero-point",
        f"A tensor's values span [{x_min}, {x_max}]. Quantise it to {name} "
        f"([{qmin}, {qmax}], affine, per tensor): give the scale, the zero-point and the "
        f"code of x = {x}.",
        {"x_min": x_min, "x_max": x_max, "dtype": name, "x": x},
        {"scale": scale, "zero_point": zp, "q": q},
        {"scale": f"{scale:.6g}", "zero_point": str(zp), "q": str(q)},
        f"scale = ({x_max} − ({x_min})) / {qmax - qmin}; zero-point = {qmin} − "
        f"round({x_min} / scale); q = clamp(round(x / scale) + zero-point)",
    )


GENERATORS: dict[str, Callable[[Rng], Drill]] = {
    "conv-output": conv_output_drill,
    "conv-params": conv_params_drill,
    "receptive-field": receptive_field_drill,
    "iou": iou_drill,
    "nms": nms_drill,
    "ap": ap_drill,
    "homography": homography_drill,
    "quantization": quantization_drill,
}


def drill_set(seed: int = DEFAULT_SEED, per_kind: int = 2) -> list[Drill]:
    """``per_kind`` problems of every type, drawn in a fixed order from one seeded generator."""
    rng = Rng(seed)
    return [make(rng) for make in GENERATORS.values() for _ in range(per_kind)]
