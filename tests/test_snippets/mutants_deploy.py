"""Mutants of the deployment snippets (quantization, latency); run by test_mutants.py."""

from __future__ import annotations

from tests.test_snippets.mutants import Mutant, m

MUTANTS: list[Mutant] = [
    # --- quantization -----------------------------------------------------------------
    m(
        "quantization",
        "affine_qparams",
        "zero point with the wrong sign: qmin + round(xmin / scale)",
        ("zero_point = qmin - np.rint(lo / scale)", "zero_point = qmin + np.rint(lo / scale)"),
    ),
    m(
        "quantization",
        "affine_qparams",
        "wrong normaliser: 2**8 levels instead of 2**8 - 1 steps",
        ("scale = (hi - lo) / (qmax - qmin)", "scale = (hi - lo) / (qmax - qmin + 1)"),
    ),
    m(
        "quantization",
        "affine_qparams",
        "range not widened to contain 0",
        (
            "lo, hi = np.minimum(xmin, 0.0), np.maximum(xmax, 0.0)",
            "lo, hi = xmin.astype(np.float64), xmax.astype(np.float64)",
        ),
    ),
    m(
        "quantization",
        "affine_qparams",
        "symmetric scale over the full int8 range (/127.5, PyTorch's default)",
        ("scale = np.maximum(-lo, hi) / 127.0", "scale = np.maximum(-lo, hi) / 127.5"),
    ),
    m(
        "quantization",
        "affine_qparams",
        "symmetric flag ignored",
        ("    if symmetric:\n        if dtype", "    if False:\n        if dtype"),
    ),
    m(
        "quantization",
        "affine_qparams",
        "zero point floored instead of rounded",
        ("zero_point = qmin - np.rint(lo / scale)", "zero_point = qmin - np.floor(lo / scale)"),
    ),
    m(
        "quantization",
        "quantize",
        "round half up instead of half to even",
        ("np.clip(np.rint(x / s) + z,", "np.clip(np.floor(x / s + 0.5) + z,"),
    ),
    m(
        "quantization",
        "dequantize",
        "per-channel parameters broadcast along the last axis instead of axis",
        ("    shape[axis] = p.shape[0]\n", "    shape[-1] = p.shape[0]\n"),
    ),
    m(
        "quantization",
        "quantize",
        "no clipping: out-of-range values overflow",
        (
            "return np.clip(np.rint(x / s) + z, qmin, qmax).astype(np.int64)",
            "return (np.rint(x / s) + z).astype(np.int64)",
        ),
    ),
    m(
        "quantization",
        "quantize",
        "truncation instead of rounding",
        ("np.clip(np.rint(x / s) + z,", "np.clip(np.trunc(x / s) + z,"),
    ),
    m(
        "quantization",
        "quantize",
        "zero point subtracted instead of added",
        ("np.clip(np.rint(x / s) + z,", "np.clip(np.rint(x / s) - z,"),
    ),
    m(
        "quantization",
        "dequantize",
        "zero point added instead of subtracted",
        (
            "* (q - _broadcast(zero_point, q.ndim, axis))",
            "* (q + _broadcast(zero_point, q.ndim, axis))",
        ),
    ),
    m(
        "quantization",
        "dequantize",
        "divides by the scale instead of multiplying",
        (
            "return _broadcast(scale, q.ndim, axis) * (q -",
            "return 1 / _broadcast(scale, q.ndim, axis) * (q -",
        ),
    ),
    m(
        "quantization",
        "per_channel_qparams",
        "min/max reduced over the channel axis instead of the others",
        (
            "moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)",
            "moved = np.moveaxis(w, axis, -1).reshape(-1, w.shape[axis])",
        ),
    ),
    m(
        "quantization",
        "per_channel_qparams",
        "one tensor-wide range copied to every channel",
        (
            "return _scale_zero_point(moved.min(axis=1), moved.max(axis=1), dtype, symmetric)",
            "return _scale_zero_point(\n        np.full(len(moved), moved.min()), "
            "np.full(len(moved), moved.max()), dtype, symmetric\n    )",
        ),
    ),
    # --- latency ----------------------------------------------------------------------
    m(
        "latency",
        "measure_latency",
        "no sync after the call: times the launch only",
        ("        fn()\n        wait()\n        times[i]", "        fn()\n        times[i]"),
    ),
    m(
        "latency",
        "measure_latency",
        "warm-up calls timed too",
        ("times = np.empty(n_iters,", "n_iters += n_warmup\n    times = np.empty(n_iters,"),
    ),
    m(
        "latency",
        "measure_latency",
        "n_warmup ignored",
        ("    for _ in range(n_warmup):\n", "    for _ in range(0):\n"),
    ),
    m(
        "latency",
        "measure_latency",
        "clock read before the closing sync",
        (
            "        wait()\n        times[i] = clock() - start",
            "        times[i] = clock() - start\n        wait()",
        ),
    ),
    m(
        "latency",
        "latency_percentiles",
        "nearest rank rounded to the nearest integer instead of up",
        ("x[max(math.ceil(q * n / 100), 1) - 1]", "x[max(round(q * n / 100), 1) - 1]"),
    ),
    m(
        "latency",
        "latency_percentiles",
        "linear rank h = n q / 100 instead of (n - 1) q / 100",
        ("h = (n - 1) * q / 100", "h = min(n * q / 100, n - 1)"),
    ),
    m(
        "latency",
        "latency_percentiles",
        "nearest rank rounds down (floor) instead of up",
        (
            "x[max(math.ceil(q * n / 100), 1) - 1]",
            "x[max(math.floor(q * n / 100), 1) - 1]",
        ),
    ),
    m(
        "latency",
        "latency_percentiles",
        "samples not sorted",
        (
            "x = np.sort(np.asarray(samples, dtype=np.float64).ravel())",
            "x = np.asarray(samples, dtype=np.float64).ravel()",
        ),
    ),
]
