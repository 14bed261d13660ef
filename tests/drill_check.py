"""Recompute a drill's answer with the snippets from its printed inputs, and compare it with
what the drill prints (shared by the package tests and the built-site test)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from snippets.boxes import box_iou, nms
from snippets.convolution import conv_output_size, conv_params, receptive_field
from snippets.detection_metrics import precision_recall_curve_detections, voc_average_precision
from snippets.homography import apply_homography, homography_dlt
from snippets.quantization import affine_qparams, quantize

# Seeds whose set prints a value on a rounding tie at 3 decimals, and what Python prints for it
# (the browser's "New set" must print the same): an exact tie goes to the even digit; a decimal
# tie that the double only approximates goes the way its stored digits say.
# (seed, kind, the answer, printed); the answer's name is the kind.
ROUNDING_TIES = [
    (444, "ap", 0.8125, "0.812"),  # 13/16 exactly: half to even (toFixed alone prints 0.813)
    (2166, "ap", 0.6125, "0.613"),  # stored as 0.61250000000000004…: up, though *1000 is 612.5
    (4137, "iou", 0.0125, "0.013"),  # stored as 0.01250000000000000069…: up
]


def expected(kind: str, i: dict[str, Any]) -> dict[str, object]:
    """The snippet's answer for the drill's printed inputs."""
    if kind == "conv-output":
        return {
            "size": conv_output_size(
                i["size"], i["kernel"], i["stride"], i["padding"], i["dilation"]
            )
        }
    if kind == "conv-params":
        return {"params": conv_params(i["in_ch"], i["out_ch"], i["k"], i["bias"], i["groups"])}
    if kind == "receptive-field":
        return {"receptive_field": receptive_field(i["kernels"], i["strides"])}
    if kind == "iou":
        return {"iou": float(box_iou([i["a"]], [i["b"]])[0, 0])}
    if kind == "nms":
        return {"keep": nms(i["boxes"], i["scores"], i["iou_threshold"]).tolist()}
    if kind == "ap":
        n = len(i["hits"])
        prec, rec = precision_recall_curve_detections(
            list(range(n, 0, -1)), i["hits"], num_ground_truth=i["num_ground_truth"]
        )
        return {"ap": voc_average_precision(rec, prec)}
    if kind == "homography":
        H = homography_dlt(i["src"], i["dst"])
        return {"H": H.tolist(), "centre": apply_homography(H, [[0.5, 0.5]])[0].tolist()}
    assert kind == "quantization"
    scale, zp = affine_qparams(i["x_min"], i["x_max"], dtype=i["dtype"])
    q = int(quantize([i["x"]], scale, zp, dtype=i["dtype"])[0])
    return {"scale": scale, "zero_point": zp, "q": q}


def numbers(text: str) -> list[float]:
    """The numbers printed in an answer: '[1.0, -2.5]; [3, 4]' → [1.0, -2.5, 3.0, 4.0]."""
    cleaned = text.replace(",", " ").replace(";", " ").replace("[", " ").replace("]", " ")
    return [float(t) for t in cleaned.replace("(", " ").replace(")", " ").split()]


def decimals(text: str) -> int:
    """The fewest decimals of the printed numbers (the coarsest rounding)."""
    return min((len(m) for m in re.findall(r"\d\.(\d+)", text)), default=0)


def check_printed(kind: str, inputs: dict[str, Any], shown: dict[str, str]) -> None:
    """Every printed value equals the snippet's, to the printed precision."""
    want = expected(kind, inputs)
    assert set(shown) == set(want), kind
    for name, value in want.items():
        text = shown[name]
        if name == "keep":
            assert [ord(c) - ord("A") for c in text.split(", ")] == value
        elif name == "params":
            assert int(text.replace(",", "")) == value
        elif name == "scale":
            assert float(text) == pytest.approx(value, rel=1e-5)
        else:
            got = numbers(text)
            tol = 0.5 * 10 ** -decimals(text) + 1e-12
            np.testing.assert_allclose(got, np.ravel(value), rtol=0, atol=tol)
