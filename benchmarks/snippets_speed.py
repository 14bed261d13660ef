"""Speed of the snippets against reference libraries (a script, not a test).

Run: ``.venv/bin/python benchmarks/snippets_speed.py``. Prints the median of several
repeats and the ratio ours / reference (lower is better). Targets: NMS <= 3x OpenCV,
IoU <= 2x torch, COCO evaluation faster than pycocotools (and identical results).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from snippets.boxes import box_convert, box_iou, nms
from snippets.detection_metrics import coco_evaluate
from support import pycocotools_stats


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torch_box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[:, :2])
    rb = torch.min(a[:, None, 2:], b[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    return inter / (area_a[:, None] + area_b - inter)


def coco_dataset(n_img: int = 500, n_det: int = 20, n_cat: int = 10, seed: int = 0):
    rng = np.random.default_rng(seed)
    images = [{"id": i} for i in range(1, n_img + 1)]
    anns, dets = [], []
    for img in images:
        own = []
        for _ in range(int(rng.integers(1, 10))):
            xy, wh = rng.uniform(0, 400, 2), rng.uniform(5, 120, 2)
            ann = {
                "id": len(anns) + 1,
                "image_id": img["id"],
                "category_id": int(rng.integers(1, n_cat + 1)),
                "bbox": [*map(float, xy), *map(float, wh)],
                "area": float(wh[0] * wh[1]),
                "iscrowd": 0,
            }
            anns.append(ann)
            own.append(ann)
        for _ in range(n_det):
            if rng.random() < 0.6:
                a = own[int(rng.integers(len(own)))]
                bb = np.abs(np.array(a["bbox"]) + rng.normal(0, 6, 4))
                cat = a["category_id"]
            else:
                bb = np.r_[rng.uniform(0, 400, 2), rng.uniform(5, 120, 2)]
                cat = int(rng.integers(1, n_cat + 1))
            dets.append(
                {
                    "image_id": img["id"],
                    "category_id": cat,
                    "bbox": [float(v) for v in bb],
                    "score": float(rng.random()),
                }
            )
    gt = {"images": images, "categories": [{"id": c} for c in range(1, n_cat + 1)]}
    gt["annotations"] = anns
    return gt, dets


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []

    # NMS: 10,000 random boxes, distinct scores, IoU threshold 0.5.
    xy = rng.uniform(0, 1000, size=(10_000, 2))
    boxes = np.hstack([xy, xy + rng.uniform(10, 100, size=(10_000, 2))])
    scores = rng.random(10_000)
    xywh = box_convert(boxes, "xyxy", "xywh")
    keep = nms(boxes, scores, 0.5)
    keep_cv = np.asarray(cv2.dnn.NMSBoxes(xywh, scores.astype(np.float32), 0.0, 0.5)).ravel()
    assert np.array_equal(keep, keep_cv), "NMS differs from OpenCV"
    rows.append(
        (
            "nms, 10,000 boxes",
            median_seconds(lambda: nms(boxes, scores, 0.5), 7),
            "cv2.dnn.NMSBoxes",
            median_seconds(lambda: cv2.dnn.NMSBoxes(xywh, scores.astype(np.float32), 0.0, 0.5), 7),
            3.0,
        )
    )

    # IoU matrix: 2,000 x 2,000 (float64 both sides).
    xy = rng.uniform(0, 500, size=(2_000, 2))
    b = np.hstack([xy, xy + rng.uniform(5, 60, size=(2_000, 2))])
    tb = torch.from_numpy(b)
    assert np.allclose(box_iou(b, b), torch_box_iou(tb, tb).numpy())
    rows.append(
        (
            "box_iou, 2,000 x 2,000",
            median_seconds(lambda: box_iou(b, b), 9),
            f"torch ({torch.get_num_threads()} threads)",
            median_seconds(lambda: torch_box_iou(tb, tb), 9),
            2.0,
        )
    )

    # COCO evaluation: 500 images x 20 detections.
    gt, dets = coco_dataset()
    ours = coco_evaluate(gt, dets)
    ref = pycocotools_stats(gt, dets)
    assert np.allclose(list(ours.values()), ref, rtol=0, atol=1e-6), (ours, ref)
    rows.append(
        (
            "coco_evaluate, 500 img x 20 det",
            median_seconds(lambda: coco_evaluate(gt, dets), 5),
            "pycocotools COCOeval",
            median_seconds(lambda: pycocotools_stats(gt, dets), 5),
            1.0,
        )
    )

    print(
        f"{'operation':34} {'ours (ms)':>10} {'reference':>26} {'ref (ms)':>10} {'ratio':>7} target"
    )
    for name, ours_s, ref_name, ref_s, target in rows:
        ratio = ours_s / ref_s
        verdict = "ok" if ratio <= target else "MISSED"
        print(
            f"{name:34} {ours_s * 1e3:10.1f} {ref_name:>26} {ref_s * 1e3:10.1f} {ratio:7.2f}"
            f" <= {target:g} {verdict}"
        )
    same = [round(v, 6) for v in ours.values()]
    print(f"COCO AP/AP50/AP75 ours {same} == pycocotools {ref.round(6).tolist()}")


if __name__ == "__main__":
    main()
