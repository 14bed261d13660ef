"""Measuring inference latency: a timing harness and percentiles with a stated method.

The harness is framework-neutral: pass ``sync=torch.cuda.synchronize`` (or the equivalent of
your runtime) when the work is asynchronous, so the clock is read only after the device has
finished. Times are in seconds; ``time.perf_counter`` is the default clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["latency_percentiles", "measure_latency"]


# --8<-- [start:measure_latency]
def measure_latency(
    fn: Callable[[], object],
    n_iters: int = 100,
    n_warmup: int = 10,
    sync: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> NDArray[np.float64]:
    """Per-call latency of ``fn`` in seconds, after ``n_warmup`` discarded calls.

    Each timed call is bracketed by ``sync()`` *before* reading the clock on both sides:
    the first waits for earlier queued work, the second for this call's work, which on a GPU
    is only *enqueued* when ``fn`` returns.

    Args:
        fn: The work to time (one inference, or one whole pipeline step).
        n_iters: Number of timed calls.
        n_warmup: Untimed calls first (lazy initialisation, autotuning, caches, clocks).
        sync: Blocks until the device is idle (e.g. ``torch.cuda.synchronize``); ``None``
            for synchronous CPU work.
        clock: Monotonic clock in seconds.

    Returns:
        ``(n_iters,)`` array of per-call latencies.

    Raises:
        ValueError: For ``n_iters < 1`` or ``n_warmup < 0``.

    A fake asynchronous device: ``fn`` only queues 5 ms of work; ``sync`` waits for it.

    >>> class FakeGPU:
    ...     def __init__(self):
    ...         self.now, self.queued, self.calls = 0.0, 0.0, 0
    ...     def clock(self):
    ...         return self.now
    ...     def launch(self):  # returns at once; the first call also pays 1 s of set-up
    ...         self.calls += 1
    ...         self.queued += 0.005 + (1.0 if self.calls == 1 else 0.0)
    ...     def sync(self):
    ...         self.now, self.queued = self.now + self.queued, 0.0
    >>> gpu = FakeGPU()
    >>> t = measure_latency(gpu.launch, n_iters=20, n_warmup=3, sync=gpu.sync, clock=gpu.clock)
    >>> t.shape, round(float(t.max()) * 1e3, 6)  # the 1 s first call was a discarded warm-up
    ((20,), 5.0)
    >>> gpu = FakeGPU()
    >>> t = measure_latency(gpu.launch, n_iters=20, n_warmup=3, clock=gpu.clock)  # no sync
    >>> float(t.max())  # measured only the launch: the work is still queued
    0.0
    """
    if n_iters < 1 or n_warmup < 0:
        raise ValueError("need n_iters >= 1 and n_warmup >= 0")
    wait = sync if sync is not None else (lambda: None)
    for _ in range(n_warmup):
        fn()
    wait()
    times = np.empty(n_iters, dtype=np.float64)
    for i in range(n_iters):
        wait()
        start = clock()
        fn()
        wait()
        times[i] = clock() - start
    return times


# --8<-- [end:measure_latency]


# --8<-- [start:latency_percentiles]
def latency_percentiles(
    samples: ArrayLike, qs: Sequence[float] = (50, 95, 99), method: str = "linear"
) -> dict[float, float]:
    """Percentiles of latency samples, by a named method.

    ``"linear"`` interpolates between order statistics at rank ``h = (n - 1) q / 100``
    (NumPy's default, Hyndman and Fan's type 7). ``"nearest-rank"`` returns the
    ``ceil(q n / 100)``-th smallest sample, a value that was actually observed (NumPy's
    ``method="inverted_cdf"``).

    Args:
        samples: Latencies (any unit).
        qs: Percentiles in ``[0, 100]``.
        method: ``"linear"`` or ``"nearest-rank"``.

    Returns:
        ``{q: value}``.

    Raises:
        ValueError: For no samples, non-finite samples, ``q`` outside ``[0, 100]`` or an
            unknown method.

    99 frames at 10 ms and one 200 ms stall: the mean moves, the median does not, and only
    a high percentile over enough samples shows the stall.

    >>> t = [10.0] * 99 + [200.0]
    >>> round(float(np.mean(t)), 6)
    11.9
    >>> latency_percentiles(t, qs=(50, 99, 100), method="nearest-rank")
    {50: 10.0, 99: 10.0, 100: 200.0}
    >>> {q: round(v, 6) for q, v in latency_percentiles(t, qs=(50, 99, 99.5)).items()}
    {50: 10.0, 99: 11.9, 99.5: 105.95}
    >>> latency_percentiles([4.0, 1.0, 3.0, 2.0], qs=(25, 50))  # order does not matter
    {25: 1.75, 50: 2.5}
    >>> latency_percentiles([4.0, 1.0, 3.0, 2.0], qs=(60,), method="nearest-rank")
    {60: 3.0}
    """
    x = np.sort(np.asarray(samples, dtype=np.float64).ravel())
    n = x.size
    if n == 0 or not np.all(np.isfinite(x)):
        raise ValueError("samples must be a non-empty array of finite values")
    out: dict[float, float] = {}
    for q in qs:
        if not 0 <= q <= 100:
            raise ValueError(f"percentiles must lie in [0, 100], got {q}")
        if method == "linear":
            h = (n - 1) * q / 100
            lo = math.floor(h)
            hi = min(lo + 1, n - 1)
            out[q] = float(x[lo] + (h - lo) * (x[hi] - x[lo]))
        elif method == "nearest-rank":
            out[q] = float(x[max(math.ceil(q * n / 100), 1) - 1])
        else:
            raise ValueError(f"method must be 'linear' or 'nearest-rank', got {method!r}")
    return out


# --8<-- [end:latency_percentiles]
