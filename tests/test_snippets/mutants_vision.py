"""Mutants of the vision, metrics and training snippets; run by test_mutants.py."""

from __future__ import annotations

from tests.test_snippets.mutants import Mutant, m

MUTANTS: list[Mutant] = [
    # --- architectures ----------------------------------------------------------------
    m(
        "architectures",
        "basic_block_cost",
        "projection shortcut forgotten when the shape changes",
        (
            "        parts.insert(0, _conv_bn(c_in, c_out, 1, size, stride))\n"
            "    return _total(*parts)\n\n\n# --8<-- [end:basic_block_cost]",
            "        pass\n    return _total(*parts)\n\n\n# --8<-- [end:basic_block_cost]",
        ),
    ),
    m(
        "architectures",
        "basic_block_cost",
        "stride applied to both 3x3 convs",
        (
            "second = _conv_bn(c_out, c_out, 3, first.size)",
            "second = _conv_bn(c_out, c_out, 3, first.size, stride)",
        ),
    ),
    m(
        "architectures",
        "basic_block_cost",
        "BatchNorm parameters not counted",
        (
            "return Cost(weights + 2 * c_out, weights * out * out, out)",
            "return Cost(weights, weights * out * out, out)",
        ),
    ),
    m(
        "architectures",
        "bottleneck_block_cost",
        "stride_in_1x1 ignored (always v1.5)",
        ("s1, s3 = (stride, 1) if stride_in_1x1 else (1, stride)", "s1, s3 = (1, stride)"),
    ),
    m(
        "architectures",
        "bottleneck_block_cost",
        "expansion ignored: output width instead of 4 x width",
        ('c_out = width * _check_int("expansion", expansion)', "c_out = width"),
    ),
    m(
        "architectures",
        "bottleneck_block_cost",
        "projection only when the stride changes (64 -> 256 block left without one)",
        (
            "    if stride != 1 or c_in != c_out:\n"
            "        parts.insert(0, _conv_bn(c_in, c_out, 1, size, stride))\n"
            "    return _total(*parts)\n\n\n# --8<-- [end:bottleneck_block_cost]",
            "    if stride != 1:\n"
            "        parts.insert(0, _conv_bn(c_in, c_out, 1, size, stride))\n"
            "    return _total(*parts)\n\n\n# --8<-- [end:bottleneck_block_cost]",
        ),
    ),
    m(
        "architectures",
        "bottleneck_block_cost",
        "3x3 MACs counted at the input resolution",
        (
            "spatial = _conv_bn(width, width, 3, reduce.size, s3)",
            "spatial = _conv_bn(width, width, 3, size, s3)",
        ),
    ),
    m(
        "architectures",
        "separable_block_cost",
        "depthwise conv without groups (a full conv)",
        (
            "depthwise = _conv_bn(c_in, c_in, k, size, stride, groups=c_in)",
            "depthwise = _conv_bn(c_in, c_in, k, size, stride)",
        ),
    ),
    m(
        "architectures",
        "separable_block_cost",
        "stride ignored",
        (
            "depthwise = _conv_bn(c_in, c_in, k, size, stride, groups=c_in)",
            "depthwise = _conv_bn(c_in, c_in, k, size, 1, groups=c_in)",
        ),
    ),
    m(
        "architectures",
        "inverted_residual_cost",
        "expansion conv kept when t = 1",
        (
            "parts = [] if t == 1 else [_conv_bn(c_in, hidden, 1, size)]",
            "parts = [_conv_bn(c_in, hidden, 1, size)]",
        ),
    ),
    m(
        "architectures",
        "inverted_residual_cost",
        "depthwise conv on the narrow input instead of the expanded width",
        (
            "parts.append(_conv_bn(hidden, hidden, k, size, stride, groups=hidden))",
            "parts.append(_conv_bn(c_in, c_in, k, size, stride, groups=c_in))",
        ),
    ),
    m(
        "architectures",
        "inverted_residual_cost",
        "stride ignored",
        (
            "parts.append(_conv_bn(hidden, hidden, k, size, stride, groups=hidden))",
            "parts.append(_conv_bn(hidden, hidden, k, size, 1, groups=hidden))",
        ),
    ),
    m(
        "architectures",
        "resnet50_cost",
        "ResNet-101 stage depths",
        (
            "zip((3, 4, 6, 3), (64, 128, 256, 512), strict=True)",
            "zip((3, 4, 23, 3), (64, 128, 256, 512), strict=True)",
        ),
    ),
    m(
        "architectures",
        "resnet50_cost",
        "classifier bias forgotten",
        ("parts.append(Cost(fc + classes, fc, 1))", "parts.append(Cost(fc, fc, 1))"),
    ),
    m(
        "architectures",
        "resnet50_cost",
        "max pool after the stem forgotten",
        (
            "parts, c_in, current = [stem], 64, pooled",
            "parts, c_in, current = [stem], 64, stem.size",
        ),
    ),
    m(
        "architectures",
        "normalize",
        "batch norm over N only (per pixel)",
        ('_NORM_AXES = {"batch": (0, 2, 3),', '_NORM_AXES = {"batch": (0,),'),
    ),
    m(
        "architectures",
        "normalize",
        "layer norm over C only (ConvNeXt-style) for the (C, H, W) layer",
        ('"layer": (1, 2, 3),', '"layer": (1,),'),
    ),
    m(
        "architectures",
        "normalize",
        "groups interleaved instead of contiguous",
        (
            "grouped = xs.reshape(n, num_groups, c // num_groups, h, w)",
            "grouped = xs.reshape(n, c // num_groups, num_groups, h, w).swapaxes(1, 2)",
        ),
    ),
    m(
        "architectures",
        "normalize",
        "unbiased variance",
        (
            "var = xs.var(axis=axes, keepdims=True)",
            "var = xs.var(axis=axes, keepdims=True, ddof=1)",
        ),
    ),
    m(
        "architectures",
        "rms_norm",
        "mean subtracted (that is layer norm)",
        (
            "return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g",
            "xs = xs - xs.mean(axis=-1, keepdims=True)\n"
            "    return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g",
        ),
    ),
    m(
        "architectures",
        "rms_norm",
        "gamma ignored",
        (
            "return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g",
            "return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps)",
        ),
    ),
    m(
        "architectures",
        "rms_norm",
        "eps added outside the square root",
        (
            "return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g",
            "return xs / (np.sqrt(np.mean(xs**2, axis=-1, keepdims=True)) + eps) * g",
        ),
    ),
    m(
        "architectures",
        "rms_norm",
        "root of the sum of squares (no mean)",
        (
            "return xs / np.sqrt(np.mean(xs**2, axis=-1, keepdims=True) + eps) * g",
            "return xs / np.sqrt(np.sum(xs**2, axis=-1, keepdims=True) + eps) * g",
        ),
    ),
    m(
        "architectures",
        "compound_scaling",
        "cost linear in width and resolution",
        (
            "return depth, width, resolution, depth * width**2 * resolution**2",
            "return depth, width, resolution, depth * width * resolution",
        ),
    ),
    m(
        "architectures",
        "compound_scaling",
        "beta and gamma swapped",
        (
            "depth, width, resolution = alpha**phi, beta**phi, gamma**phi",
            "depth, width, resolution = alpha**phi, gamma**phi, beta**phi",
        ),
    ),
    m(
        "architectures",
        "compound_scaling",
        "depth not raised to phi",
        (
            "depth, width, resolution = alpha**phi, beta**phi, gamma**phi",
            "depth, width, resolution = alpha, beta**phi, gamma**phi",
        ),
    ),
    # --- augmentation -----------------------------------------------------------------
    m(
        "augmentation",
        "hflip_with_boxes",
        "x1/x2 not swapped after the flip",
        ("width - b[:, 2], b[:, 1], width - b[:, 0]", "width - b[:, 0], b[:, 1], width - b[:, 2]"),
    ),
    m(
        "augmentation",
        "hflip_with_boxes",
        "off-by-one: pixel-index flip W - 1 - x",
        (
            "width - b[:, 2], b[:, 1], width - b[:, 0]",
            "width - 1 - b[:, 2], b[:, 1], width - 1 - b[:, 0]",
        ),
    ),
    m(
        "augmentation",
        "hflip_with_boxes",
        "image flipped on the wrong axis",
        ("return img[:, ::-1].copy(), out_boxes", "return img[::-1].copy(), out_boxes"),
    ),
    m(
        "augmentation",
        "random_crop_with_boxes",
        "x and y offsets swapped",
        ("clipped[kept] - np.array([x0, y0, x0, y0]", "clipped[kept] - np.array([y0, x0, y0, x0]"),
    ),
    m(
        "augmentation",
        "random_crop_with_boxes",
        "image cropped with x and y swapped",
        ("img[y0:y1, x0:x1].copy()", "img[x0:x1, y0:y1].copy()"),
    ),
    m(
        "augmentation",
        "random_crop_with_boxes",
        "boxes outside the window kept (no area test)",
        (
            "np.flatnonzero((visible > 0) & (visibility >= min_visibility))",
            "np.flatnonzero(visibility >= min_visibility)",
        ),
    ),
    m(
        "augmentation",
        "random_crop_with_boxes",
        "min_visibility compared with > instead of >=",
        ("(visibility >= min_visibility)", "(visibility > min_visibility)"),
    ),
    m(
        "augmentation",
        "random_crop_with_boxes",
        "visibility over the crop area, not the box's",
        (
            "visibility = np.divide(visible, area,",
            "visibility = np.divide(visible, 0 * area + (x1 - x0) * (y1 - y0),",
        ),
    ),
    m(
        "augmentation",
        "resize_with_boxes",
        "sx and sy swapped for the boxes",
        ("b * np.array([sx, sy, sx, sy])", "b * np.array([sy, sx, sy, sx])"),
    ),
    m(
        "augmentation",
        "resize_with_boxes",
        "no half-pixel centres (corner-aligned sampling)",
        ("(np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5", "np.arange(n_out) * (n_in / n_out)"),
    ),
    m(
        "augmentation",
        "resize_with_boxes",
        "nearest neighbour instead of bilinear",
        (
            "return lo, np.minimum(lo + 1, n_in - 1), src - lo",
            "return lo, np.minimum(lo + 1, n_in - 1), 0 * src",
        ),
    ),
    # --- boxes ------------------------------------------------------------------------
    m(
        "boxes",
        "box_convert",
        "cxcywh read as xywh (centre taken for the corner)",
        (
            "b = np.concatenate([b[:, :2] - b[:, 2:] / 2, b[:, :2] + b[:, 2:] / 2], axis=1)",
            "b = np.concatenate([b[:, :2], b[:, :2] + b[:, 2:]], axis=1)",
        ),
    ),
    m(
        "boxes",
        "box_convert",
        "cxcywh output keeps the corner",
        (
            "return np.concatenate([(b[:, :2] + b[:, 2:]) / 2, b[:, 2:] - b[:, :2]], axis=1)",
            "return np.concatenate([b[:, :2], b[:, 2:] - b[:, :2]], axis=1)",
        ),
    ),
    m(
        "boxes",
        "box_convert",
        "xywh read as xyxy",
        ("b = np.concatenate([b[:, :2], b[:, :2] + b[:, 2:]], axis=1)", "b = b.copy()"),
    ),
    m(
        "boxes",
        "box_area",
        "off-by-one: +1 pixel widths (the old VOC convention)",
        (
            "return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])",
            "return (b[:, 2] - b[:, 0] + 1) * (b[:, 3] - b[:, 1] + 1)",
        ),
    ),
    m(
        "boxes",
        "box_area",
        "width squared (height ignored)",
        (
            "return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])",
            "return (b[:, 2] - b[:, 0]) * (b[:, 2] - b[:, 0])",
        ),
    ),
    m(
        "boxes",
        "box_iou",
        "union = |A| + |B| (intersection not subtracted)",
        ("    union -= inter\n", ""),
    ),
    m(
        "boxes",
        "box_iou",
        "negative overlaps not clipped (disjoint boxes overlap)",
        ("    np.maximum(iw, 0.0, out=iw)\n", ""),
        ("    np.maximum(ih, 0.0, out=ih)\n", ""),
    ),
    m(
        "boxes",
        "box_iou",
        "wrong normaliser: intersection over the smaller box",
        (
            "np.divide(inter, union, out=out, where=union > 0)",
            "np.divide(inter, np.minimum(area_a[:, None], area_b[None, :]), out=out,"
            " where=union > 0)",
        ),
    ),
    m(
        "boxes",
        "generalized_box_iou",
        "no enclosing-box penalty (GIoU = IoU)",
        ("    hull = cw * ch\n", "    hull = union\n"),
    ),
    m(
        "boxes",
        "generalized_box_iou",
        "wrong normaliser: penalty over the union",
        ("np.divide(hull - union, hull, out=penalty", "np.divide(hull - union, union, out=penalty"),
    ),
    m(
        "boxes",
        "generalized_box_iou",
        "penalty added instead of subtracted",
        ("return iou - penalty", "return iou + penalty"),
    ),
    m(
        "boxes",
        "generate_anchors",
        "the circulating bug: h = s * r (area grows with r)",
        ("h = (side * np.sqrt(ra)[:, None]).ravel()", "h = (side * ra[:, None]).ravel()"),
    ),
    m(
        "boxes",
        "generate_anchors",
        "ratio read as w / h",
        ("w = (side / np.sqrt(ra)[:, None]).ravel()", "w = (side * np.sqrt(ra)[:, None]).ravel()"),
        ("h = (side * np.sqrt(ra)[:, None]).ravel()", "h = (side / np.sqrt(ra)[:, None]).ravel()"),
    ),
    m(
        "boxes",
        "generate_anchors",
        "scale-major order for w, ratio-major for h",
        (
            "w = (side / np.sqrt(ra)[:, None]).ravel()",
            "w = (side / np.sqrt(ra)[:, None]).T.ravel()",
        ),
    ),
    m(
        "boxes",
        "generate_anchors",
        "anchored at the corner, not centred",
        (
            "np.stack([-w / 2, -h / 2, w / 2, h / 2], axis=1)",
            "np.stack([0 * w, 0 * h, w, h], axis=1)",
        ),
    ),
    m(
        "boxes",
        "nms",
        "top-1 only: everything after the best box is dropped",
        ("rest = rest[~(inter > iou_threshold * union) | (union <= 0)]", "rest = rest[:0]"),
    ),
    m(
        "boxes",
        "nms",
        "suppresses at IoU >= threshold instead of >",
        ("~(inter > iou_threshold * union)", "~(inter >= iou_threshold * union)"),
    ),
    m(
        "boxes",
        "nms",
        "ascending score order",
        ('order = np.argsort(-s, kind="stable")', 'order = np.argsort(s, kind="stable")'),
    ),
    m(
        "boxes",
        "nms",
        "iou_threshold ignored (hard-coded 0.5)",
        ("~(inter > iou_threshold * union)", "~(inter > 0.5 * union)"),
    ),
    m(
        "boxes",
        "nms",
        "no suppression at all",
        ("rest = rest[~(inter > iou_threshold * union) | (union <= 0)]", "rest = rest"),
    ),
    m(
        "boxes",
        "soft_nms",
        "linear decay 1 - IoU instead of Gaussian",
        (
            "np.exp(-(box_iou(b[i : i + 1], b[idx])[0] ** 2) / sigma)",
            "(1 - box_iou(b[i : i + 1], b[idx])[0])",
        ),
    ),
    m(
        "boxes",
        "soft_nms",
        "sigma ignored (hard-coded 0.5)",
        ("[0] ** 2) / sigma)", "[0] ** 2) / 0.5)"),
    ),
    m(
        "boxes",
        "soft_nms",
        "score_threshold ignored",
        ("idx = idx[s[idx] >= score_threshold]", "idx = idx"),
    ),
    m(
        "boxes",
        "soft_nms",
        "returns the original scores, not the decayed ones",
        ("kept_scores.append(float(s[i]))", "kept_scores.append(float(np.asarray(scores)[i]))"),
    ),
    # --- classification_metrics -------------------------------------------------------
    m(
        "classification_metrics",
        "confusion_matrix",
        "transposed: rows are predictions",
        (
            "idx = t.astype(np.int64) * num_classes + p.astype(np.int64)",
            "idx = p.astype(np.int64) * num_classes + t.astype(np.int64)",
        ),
    ),
    m(
        "classification_metrics",
        "confusion_matrix",
        "normalised by the sample count",
        (
            ".reshape(num_classes, num_classes)\n",
            ".reshape(num_classes, num_classes) / max(len(t), 1)\n",
        ),
    ),
    m(
        "classification_metrics",
        "accuracy",
        "accuracy computed on the positives only (recall)",
        ("float(np.mean(t == p))", "float(np.mean(p[t == 1] == 1))"),
    ),
    m(
        "classification_metrics",
        "accuracy",
        "balanced accuracy instead of accuracy",
        (
            "float(np.mean(t == p))",
            "float(np.mean([np.mean(p[t == c] == c) for c in np.unique(t)]))",
        ),
    ),
    m(
        "classification_metrics",
        "precision_recall_f1",
        "precision with recall's denominator",
        (
            "precision = tp / (tp + fp) if tp + fp else 0.0",
            "precision = tp / (tp + fn) if tp + fn else 0.0",
        ),
    ),
    m(
        "classification_metrics",
        "precision_recall_f1",
        "F1 as the arithmetic mean",
        (
            "f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0",
            "f1 = (precision + recall) / 2",
        ),
    ),
    m(
        "classification_metrics",
        "precision_recall_f1",
        "y_true and y_pred swapped",
        (
            't, p = _as_binary(t, "y_true"), _as_binary(p, "y_pred")',
            'p, t = _as_binary(t, "y_true"), _as_binary(p, "y_pred")',
        ),
    ),
    m(
        "classification_metrics",
        "roc_auc",
        "ties get the first rank, not the average (count 0)",
        ("avg_rank = first + (counts + 1) / 2.0", "avg_rank = first + 1.0"),
    ),
    m(
        "classification_metrics",
        "roc_auc",
        "off-by-one: 0-based ranks",
        ("avg_rank = first + (counts + 1) / 2.0", "avg_rank = first + (counts - 1) / 2.0"),
    ),
    m(
        "classification_metrics",
        "roc_auc",
        "wrong normaliser: divide by n_pos squared",
        ("return float(u / (n_pos * n_neg))", "return float(u / (n_pos * n_pos))"),
    ),
    # --- convolution ------------------------------------------------------------------
    m(
        "convolution",
        "conv2d",
        "flipped kernel (textbook convolution)",
        ("windows, wa, optimize=True)", "windows, wa[..., ::-1, ::-1], optimize=True)"),
    ),
    m("convolution", "conv2d", "stride ignored", ("[:, ::s, ::s]", "[:, ::1, ::1]")),
    m(
        "convolution",
        "conv2d",
        "padding ignored",
        ("xp = np.pad(xa, ((0, 0), (p, p), (p, p)))", "xp = xa"),
    ),
    m(
        "convolution",
        "conv_output_size",
        "off-by-one: floor((n + 2p - k) / s)",
        ("return span // s + 1", "return span // s"),
    ),
    m(
        "convolution",
        "conv_output_size",
        "dilation ignored",
        ("span = n + 2 * p - d * (k - 1) - 1", "span = n + 2 * p - (k - 1) - 1"),
    ),
    m(
        "convolution",
        "conv_output_size",
        "ceil instead of floor",
        ("return span // s + 1", "return -(-span // s) + 1"),
    ),
    m(
        "convolution",
        "receptive_field",
        "the layer's own stride included in its jump",
        ("jump = np.concatenate(([1], np.cumprod(s)[:-1]))", "jump = np.cumprod(s)"),
    ),
    m(
        "convolution",
        "receptive_field",
        "strides added instead of multiplied",
        ("np.cumprod(s)[:-1]", "np.cumsum(s)[:-1]"),
    ),
    m(
        "convolution",
        "receptive_field",
        "dilation ignored",
        ("np.sum(d * (k - 1) * jump)", "np.sum((k - 1) * jump)"),
    ),
    m(
        "convolution",
        "conv_params",
        "one bias per input channel",
        ("(c_out if bias else 0)", "(c_in if bias else 0)"),
    ),
    m(
        "convolution",
        "conv_params",
        "groups ignored",
        ("c_out * (c_in // g) * kh * kw", "c_out * c_in * kh * kw"),
    ),
    m(
        "convolution",
        "conv_params",
        "square kernel assumed (kh * kh)",
        ("c_out * (c_in // g) * kh * kw", "c_out * (c_in // g) * kh * kh"),
    ),
    # --- detection_metrics ------------------------------------------------------------
    m(
        "detection_metrics",
        "voc_average_precision",
        "no precision envelope (raw zig-zag)",
        ("mpre = np.maximum.accumulate(mpre[::-1])[::-1]", "mpre = mpre"),
    ),
    m(
        "detection_metrics",
        "voc_average_precision",
        "11-point: divided by 10",
        ("/ 11.0)", "/ 10.0)"),
    ),
    m(
        "detection_metrics",
        "voc_average_precision",
        "off-by-one: 10 recall points 0..0.9",
        ("thresholds = np.arange(0.0, 1.1, 0.1)", "thresholds = np.arange(0.0, 1.0, 0.1)"),
    ),
    m(
        "detection_metrics",
        "voc_average_precision",
        "unreached recall credited with the last precision",
        (
            "mpre = np.concatenate(([0.0], prec, [0.0]))",
            "mpre = np.concatenate(([0.0], prec, prec[-1:]))",
        ),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "VOC rule for COCO",
        ('if rule == "voc":  # the best-overlap gt or nothing', "if True:"),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "not one-to-one: taken gts match again",
        (
            "candidates = np.where(taken | (iou[d] < iou_threshold), -1.0, iou[d])",
            "candidates = np.where(iou[d] < iou_threshold, -1.0, iou[d])",
        ),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "COCO ties go to the first gt",
        (
            "g = len(candidates) - 1 - int(np.argmax(candidates[::-1]))",
            "g = int(np.argmax(candidates))",
        ),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "IoU must exceed the threshold (> not >=)",
        ("(iou[d] < iou_threshold)", "(iou[d] <= iou_threshold)"),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "score order ignored",
        ('for d in np.argsort(-scores, kind="stable"):', "for d in range(len(scores)):"),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "VOC ties go to the later gt",
        ("g = int(np.argmax(iou[d])) if", "g = len(iou[d]) - 1 - int(np.argmax(iou[d][::-1])) if"),
    ),
    m(
        "detection_metrics",
        "match_detections",
        "VOC rule without the taken check",
        ("iou[d, g] >= iou_threshold and not taken[g]", "iou[d, g] >= iou_threshold"),
    ),
    m(
        "detection_metrics",
        "precision_recall_curve_detections",
        "recall over the TPs found, not the gts",
        ("return precision, tp / num_ground_truth", "return precision, tp / max(tp[-1], 1)"),
    ),
    m(
        "detection_metrics",
        "precision_recall_curve_detections",
        "detections not sorted by score",
        ('hits = tp_flags[np.argsort(-s, kind="stable")]', "hits = tp_flags"),
    ),
    m(
        "detection_metrics",
        "precision_recall_curve_detections",
        "off-by-one precision denominator",
        (
            "precision = tp / np.arange(1, len(hits) + 1)",
            "precision = tp / np.arange(2, len(hits) + 2)",
        ),
    ),
    m(
        "detection_metrics",
        "coco_evaluate",
        "11 recall points instead of 101",
        ("rec_thrs = np.linspace(0.0, 1.0, 101)", "rec_thrs = np.linspace(0.0, 1.0, 11)"),
    ),
    m(
        "detection_metrics",
        "coco_evaluate",
        "only IoU 0.5 (AP50 reported as AP)",
        ("iou_thrs = np.linspace(0.5, 0.95, 10)", "iou_thrs = np.full(10, 0.5)"),
    ),
    m(
        "detection_metrics",
        "coco_evaluate",
        "no precision envelope",
        ("pr = np.maximum.accumulate(pr[:, ::-1], axis=1)[:, ::-1]", "pr = pr"),
    ),
    m(
        "detection_metrics",
        "coco_evaluate",
        "100-detection cap ignored",
        ("max_dets, big_area = 100, 1e5**2", "max_dets, big_area = 10**9, 1e5**2"),
    ),
    # --- homography -------------------------------------------------------------------
    m(
        "homography",
        "homography_dlt",
        "sign error in the u rows",
        ("-u * x, -u * y, -u]", "u * x, u * y, u]"),
    ),
    m(
        "homography",
        "homography_dlt",
        "largest singular vector instead of the smallest",
        ("Hn = vt[-1].reshape(3, 3)", "Hn = vt[0].reshape(3, 3)"),
    ),
    m(
        "homography",
        "homography_dlt",
        "h reshaped column-major (H transposed)",
        ("Hn = vt[-1].reshape(3, 3)", "Hn = vt[-1].reshape(3, 3).T"),
    ),
    m(
        "homography",
        "homography_dlt",
        "normalisations undone in the wrong order",
        ("H = np.linalg.inv(T_dst) @ Hn @ T_src", "H = np.linalg.inv(T_src) @ Hn @ T_dst"),
    ),
    m(
        "homography",
        "apply_homography",
        "no perspective divide",
        ("return hom[:, :2] / hom[:, 2:3]", "return hom[:, :2]"),
    ),
    m(
        "homography",
        "apply_homography",
        "H applied transposed",
        ("hom = p @ Ha[:, :2].T + Ha[:, 2]", "hom = p @ Ha[:2, :] + Ha[2, :]"),
    ),
    # --- image_processing -------------------------------------------------------------
    m(
        "image_processing",
        "equalize_histogram",
        "cdf_min not subtracted",
        ("cdf = np.cumsum(hist) - hist[first]", "cdf = np.cumsum(hist)"),
    ),
    m(
        "image_processing",
        "equalize_histogram",
        "wrong normaliser: 256 levels instead of 255",
        (
            "scale = np.float32(255.0 / (total - hist[first]))",
            "scale = np.float32(256.0 / (total - hist[first]))",
        ),
    ),
    m(
        "image_processing",
        "equalize_histogram",
        "round half up instead of half to even",
        (
            "lut = np.rint(cdf.astype(np.float32) * scale)",
            "lut = np.floor(cdf.astype(np.float32) * scale + 0.5)",
        ),
    ),
    m("image_processing", "gaussian_kernel", "not normalised", ("return k / k.sum()", "return k")),
    m(
        "image_processing",
        "gaussian_kernel",
        "sigma used as the variance",
        ("k = np.exp(-(x**2) / (2 * sigma**2))", "k = np.exp(-(x**2) / (2 * sigma))"),
    ),
    m(
        "image_processing",
        "gaussian_kernel",
        "off-centre by half a tap",
        ("x = np.arange(size) - (size - 1) / 2", "x = np.arange(size) - size / 2"),
    ),
    m(
        "image_processing",
        "sobel",
        "plain central difference, no smoothing",
        (
            "kx = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])",
            "kx = np.array([[0.0, 0.0, 0.0], [-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])",
        ),
    ),
    m(
        "image_processing",
        "sobel",
        "gy computed with the x kernel",
        ('np.einsum("hwij,ij->hw", win, kx.T)', 'np.einsum("hwij,ij->hw", win, kx)'),
    ),
    m(
        "image_processing",
        "sobel",
        "replicate border instead of reflect-101",
        ('np.pad(img, 1, mode="reflect")', 'np.pad(img, 1, mode="edge")'),
    ),
    m(
        "image_processing",
        "sobel",
        "flipped kernel (convolution sign)",
        ('return np.einsum("hwij,ij->hw", win, kx),', 'return np.einsum("hwij,ij->hw", win, -kx),'),
    ),
    # --- losses -----------------------------------------------------------------------
    m(
        "losses",
        "softmax",
        "max not subtracted (overflow)",
        ("z = z - z.max(axis=axis, keepdims=True)", "z = z"),
    ),
    m(
        "losses",
        "softmax",
        "normalised over every element, not along axis",
        ("return e / e.sum(axis=axis, keepdims=True)", "return e / e.sum()"),
    ),
    m(
        "losses",
        "softmax",
        "axis ignored (always the last)",
        ("return e / e.sum(axis=axis, keepdims=True)", "return e / e.sum(axis=-1, keepdims=True)"),
        ("z = z - z.max(axis=axis, keepdims=True)", "z = z - z.max(axis=-1, keepdims=True)"),
    ),
    m(
        "losses",
        "cross_entropy",
        "ignored targets still counted in the mean's denominator",
        (
            "return float(np.mean(lse - z[np.arange(len(y)), y]))",
            "return float(np.sum(lse - z[np.arange(len(y)), y]) / keep.size)",
        ),
    ),
    m(
        "losses",
        "cross_entropy",
        "log-sum-exp without the max shift",
        (
            "lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]",
            "lse = np.log(np.exp(z).sum(axis=1, keepdims=True))[:, 0]",
        ),
    ),
    m(
        "losses",
        "cross_entropy",
        "sum instead of mean",
        (
            "return float(np.mean(lse - z[np.arange(len(y)), y]))",
            "return float(np.sum(lse - z[np.arange(len(y)), y]))",
        ),
    ),
    m(
        "losses",
        "binary_cross_entropy_with_logits",
        "naive log(sigmoid) formula",
        (
            "np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))",
            "-(t * np.log(1 / (1 + np.exp(-z))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z))))",
        ),
    ),
    m(
        "losses",
        "binary_cross_entropy_with_logits",
        "sign error on z * t",
        ("np.maximum(z, 0) - z * t", "np.maximum(z, 0) + z * t"),
    ),
    m(
        "losses",
        "sigmoid_focal_loss",
        "alpha on the negatives, 1 - alpha on the positives",
        (
            "pos, neg = alpha * pos, (1.0 - alpha) * neg",
            "pos, neg = (1.0 - alpha) * pos, alpha * neg",
        ),
    ),
    m(
        "losses",
        "sigmoid_focal_loss",
        "modulating factor p^gamma on the positives",
        ("pos = -t * np.exp(gamma * log_1mp) * log_p", "pos = -t * np.exp(gamma * log_p) * log_p"),
    ),
    m(
        "losses",
        "sigmoid_focal_loss",
        "normalizer ignored (always the mean)",
        ("return float(np.sum(pos + neg)) / float(normalizer)", "return float(np.mean(pos + neg))"),
    ),
    m(
        "losses",
        "class_balanced_weights",
        "wrong normaliser: weights sum to 1",
        (
            "    w = 1.0 / effective\n    return w * len(n) / w.sum()",
            "    w = 1.0 / effective\n    return w / w.sum()",
        ),
    ),
    m(
        "losses",
        "class_balanced_weights",
        "count n ignored in the effective number",
        ("-np.expm1(n * np.log(beta))", "-np.expm1(np.log(beta) + 0 * n)"),
    ),
    m(
        "losses",
        "class_balanced_weights",
        "plain inverse frequency (beta ignored)",
        ("    w = 1.0 / effective\n", "    w = 1.0 / n\n"),
    ),
    m(
        "losses",
        "inverse_frequency_weights",
        "square-root frequency",
        (
            "    w = 1.0 / n\n    return w * len(n) / w.sum()",
            "    w = 1.0 / np.sqrt(n)\n    return w * len(n) / w.sum()",
        ),
    ),
    m(
        "losses",
        "inverse_frequency_weights",
        "wrong normaliser: weights sum to 1",
        (
            "    w = 1.0 / n\n    return w * len(n) / w.sum()",
            "    w = 1.0 / n\n    return w / w.sum()",
        ),
    ),
    # --- normalization ----------------------------------------------------------------
    m(
        "normalization",
        "batch_norm",
        "unbiased variance used to normalise",
        (
            "var = xs.var(axis=(0, 2, 3))  # biased",
            "var = xs.var(axis=(0, 2, 3), ddof=1)  # biased",
        ),
    ),
    m(
        "normalization",
        "batch_norm",
        "biased variance in the running update",
        ("momentum * var * n / (n - 1)", "momentum * var"),
    ),
    m(
        "normalization",
        "batch_norm",
        "Keras momentum convention (weights swapped)",
        (
            "new_rm = (1 - momentum) * rm + momentum * mean",
            "new_rm = momentum * rm + (1 - momentum) * mean",
        ),
    ),
    m(
        "normalization",
        "batch_norm",
        "eval mode uses the batch statistics",
        (
            "mean, var, new_rm, new_rv = rm, rv, rm.copy(), rv.copy()",
            "mean, var, new_rm, new_rv = xs.mean(axis=(0, 2, 3)), xs.var(axis=(0, 2, 3)),"
            " rm.copy(), rv.copy()",
        ),
    ),
    m(
        "normalization",
        "batch_norm",
        "gamma and beta swapped",
        (
            "return g.reshape(shape) * x_hat + b.reshape(shape)",
            "return b.reshape(shape) * x_hat + g.reshape(shape)",
        ),
    ),
    # --- segmentation_metrics ---------------------------------------------------------
    m(
        "segmentation_metrics",
        "mask_iou",
        "union as |A| + |B|",
        (
            "union = int(np.count_nonzero(ma | mb))",
            "union = int(np.count_nonzero(ma)) + int(np.count_nonzero(mb))",
        ),
    ),
    m(
        "segmentation_metrics",
        "mask_iou",
        "both-empty defined as 0",
        ("/ union) if union else 1.0", "/ union) if union else 0.0"),
    ),
    m(
        "segmentation_metrics",
        "mask_iou",
        "asymmetric: divided by |A|",
        ("union = int(np.count_nonzero(ma | mb))", "union = int(np.count_nonzero(ma))"),
    ),
    m(
        "segmentation_metrics",
        "dice_coefficient",
        "denominator |A ∪ B| (2·IoU)",
        (
            "total = int(np.count_nonzero(ma)) + int(np.count_nonzero(mb))",
            "total = int(np.count_nonzero(ma | mb))",
        ),
    ),
    m(
        "segmentation_metrics",
        "dice_coefficient",
        "factor 2 missing",
        (
            "float(2 * np.count_nonzero(ma & mb) / total)",
            "float(np.count_nonzero(ma & mb) / total)",
        ),
    ),
    m(
        "segmentation_metrics",
        "dice_coefficient",
        "both-empty defined as 0",
        ("/ total) if total else 1.0", "/ total) if total else 0.0"),
    ),
    # --- tracking ---------------------------------------------------------------------
    m(
        "tracking",
        "KalmanBoxTracker",
        "no velocity in the motion model (F = I)",
        ("self.F = np.block([[eye, dt * eye],", "self.F = np.block([[eye, 0 * eye],"),
    ),
    m(
        "tracking",
        "KalmanBoxTracker",
        "innovation subtracted",
        ("self.x = self.x + K @ innovation", "self.x = self.x - K @ innovation"),
    ),
    m(
        "tracking",
        "KalmanBoxTracker",
        "corner measured instead of the centre",
        (
            "[(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]]",
            "[b[0], b[1], b[2] - b[0], b[3] - b[1]]",
        ),
    ),
    m(
        "tracking",
        "associate_detections",
        "gating after the assignment (SORT)",
        ("gain = np.where(iou >= iou_threshold, iou, 0.0)", "gain = iou"),
        (
            "keep = gain[rows, cols] > 0",
            "keep = (iou[rows, cols] >= iou_threshold) & (iou[rows, cols] > 0)",
        ),
    ),
    m(
        "tracking",
        "associate_detections",
        "minimises the IoU",
        ("linear_sum_assignment(gain, maximize=True)", "linear_sum_assignment(gain)"),
    ),
    m(
        "tracking",
        "associate_detections",
        "iou_threshold ignored (any overlap matches)",
        ("gain = np.where(iou >= iou_threshold, iou, 0.0)", "gain = np.where(iou > 0, iou, 0.0)"),
    ),
    m(
        "tracking",
        "track_sequence",
        "off-by-one: deleted after max_age - 1 misses",
        ("if trk.misses <= max_age]", "if trk.misses < max_age]"),
    ),
    m(
        "tracking",
        "track_sequence",
        "hit streak not reset by a miss",
        ("            tracks[ti].hit_streak = 0\n", ""),
    ),
    m(
        "tracking",
        "track_sequence",
        "no warm-up: first min_hits frames hidden too",
        ("(trk.hit_streak >= min_hits or t < min_hits)", "(trk.hit_streak >= min_hits)"),
    ),
    m(
        "tracking",
        "track_sequence",
        "coasting tracks reported",
        ("if trk.misses == 0 and (", "if ("),
    ),
    # --- transfer ---------------------------------------------------------------------
    m(
        "transfer",
        "freeze_backbone",
        "frozen BN left in train mode",
        ("        if is_bn:\n            module.eval()\n", ""),
    ),
    m("transfer", "freeze_backbone", "train_bn ignored", ("if is_bn and train_bn:", "if False:")),
    m(
        "transfer",
        "freeze_backbone",
        "the whole model frozen, head included",
        (
            "backbone = _get_backbone(model, backbone_attr)\n    frozen = 0",
            "backbone = model\n    frozen = 0",
        ),
    ),
    m(
        "transfer",
        "set_frozen_bn_eval",
        "every BN put in eval, trainable ones too",
        ("if params and not any(p.requires_grad for p in params):", "if True:"),
    ),
    m(
        "transfer",
        "set_frozen_bn_eval",
        "frozen BN put back in train mode",
        (
            "                module.eval()\n                count += 1",
            "                module.train()\n                count += 1",
        ),
    ),
    m(
        "transfer",
        "set_frozen_bn_eval",
        "BN without affine parameters counted as frozen",
        ("if params and not any(", "if not any("),
    ),
    m(
        "transfer",
        "param_groups_with_lr",
        "backbone LR multiplier ignored",
        ('"lr": base_lr * (backbone_lr_mult if part == "backbone" else 1.0)', '"lr": base_lr'),
    ),
    m(
        "transfer",
        "param_groups_with_lr",
        "multiplier applied to the head",
        (
            '(backbone_lr_mult if part == "backbone" else 1.0)',
            '(backbone_lr_mult if part == "head" else 1.0)',
        ),
    ),
    m(
        "transfer",
        "param_groups_with_lr",
        "norm weights decayed (only biases excluded)",
        ('(is_norm or name == "bias")', '(name == "bias")'),
    ),
    m(
        "transfer",
        "param_groups_with_lr",
        "weight_decay argument ignored",
        (
            '"weight_decay": 0.0 if no_decay else weight_decay',
            '"weight_decay": 0.0 if no_decay else 1e-4',
        ),
    ),
]
