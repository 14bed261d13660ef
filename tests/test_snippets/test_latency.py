"""Checks of snippets.latency with fake clocks (never a timed assertion on real speed)."""

from __future__ import annotations

import numpy as np
import pytest

from snippets.latency import latency_percentiles, measure_latency


class ScriptedDevice:
    """Each call queues a scripted duration; ``sync`` advances the fake clock past it."""

    def __init__(self, durations: list[float]) -> None:
        self.durations = list(durations)
        self.now = 0.0
        self.queued = 0.0
        self.events: list[str] = []

    def clock(self) -> float:
        self.events.append("clock")
        return self.now

    def launch(self) -> None:
        self.events.append("fn")
        self.queued += self.durations.pop(0)

    def sync(self) -> None:
        self.events.append("sync")
        self.now += self.queued
        self.queued = 0.0


def test_warmup_is_excluded_and_times_are_exact() -> None:
    rng = np.random.default_rng(0)
    timed = rng.uniform(0.001, 0.02, size=50)
    dev = ScriptedDevice([5.0] * 7 + timed.tolist())
    t = measure_latency(dev.launch, n_iters=50, n_warmup=7, sync=dev.sync, clock=dev.clock)
    np.testing.assert_allclose(t, timed, rtol=0, atol=1e-9)
    assert dev.durations == []  # exactly 7 + 50 calls


def test_clock_is_read_only_after_sync() -> None:
    dev = ScriptedDevice([0.01] * 4)
    measure_latency(dev.launch, n_iters=2, n_warmup=2, sync=dev.sync, clock=dev.clock)
    timed = dev.events[dev.events.index("clock") - 1 :]
    assert timed == ["sync", "clock", "fn", "sync", "clock"] * 2


def test_synchronous_work_without_sync_hook() -> None:
    class Synchronous:
        def __init__(self) -> None:
            self.now = 0.0

        def clock(self) -> float:
            return self.now

        def work(self) -> None:
            self.now += 0.003

    s = Synchronous()
    t = measure_latency(s.work, n_iters=5, n_warmup=0, clock=s.clock)
    np.testing.assert_allclose(t, 0.003)


def test_default_clock_runs() -> None:
    t = measure_latency(lambda: sum(range(100)), n_iters=3, n_warmup=1)
    assert t.shape == (3,) and np.all(t >= 0)


@pytest.mark.parametrize("seed", range(10))
def test_percentiles_match_numpy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    x = rng.lognormal(2.0, 0.7, size=n)
    qs = [0, 1, 25, 50, 90, 95, 99, 99.9, 100, float(rng.uniform(0, 100))]
    lin = latency_percentiles(x, qs)
    near = latency_percentiles(x, qs, method="nearest-rank")
    for q in qs:
        assert lin[q] == pytest.approx(float(np.percentile(x, q)), rel=1e-12)
        assert near[q] == float(np.percentile(x, q, method="inverted_cdf"))
        assert near[q] in x


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: measure_latency(lambda: None, n_iters=0), "n_iters"),
        (lambda: measure_latency(lambda: None, n_warmup=-1), "n_warmup"),
        (lambda: latency_percentiles([]), "non-empty"),
        (lambda: latency_percentiles([1.0, float("nan")]), "finite"),
        (lambda: latency_percentiles([1.0], qs=(101,)), r"\[0, 100\]"),
        (lambda: latency_percentiles([1.0], method="mean"), "method"),
    ],
)
def test_bad_input_raises(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
