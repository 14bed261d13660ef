"""Checks of snippets.capacity against exact rational arithmetic and brute-force definitions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from snippets.capacity import cost_per_1k_images, gpus_needed, peak_rate, video_storage_tb

RNG = np.random.default_rng(20261130)


@pytest.mark.parametrize("trial", range(200))
def test_gpus_needed_is_smallest_sufficient_count(trial: int) -> None:
    streams = int(RNG.integers(1, 5000))
    fps = int(RNG.integers(1, 61))
    per_gpu = int(RNG.integers(1, 2000))
    util = Fraction(int(RNG.integers(1, 101)), 100)
    n = gpus_needed(streams, fps, per_gpu, float(util))
    demand = Fraction(streams * fps)
    usable = per_gpu * util
    assert n * usable >= demand  # enough
    assert n == 1 or (n - 1) * usable < demand  # and the smallest such count


@pytest.mark.parametrize("trial", range(100))
def test_cost_and_rate_match_exact_fractions(trial: int) -> None:
    price = Fraction(int(RNG.integers(1, 5000)), 100)
    ips = Fraction(int(RNG.integers(1, 5000)))
    util = Fraction(int(RNG.integers(1, 101)), 100)
    exact = 1000 * price / (ips * 3600 * util)
    got = cost_per_1k_images(float(price), float(ips), float(util))
    assert got == pytest.approx(float(exact), rel=1e-12)
    per_day = int(RNG.integers(1, 10**10))
    ratio = Fraction(int(RNG.integers(100, 1000)), 100)
    assert peak_rate(per_day, float(ratio)) == pytest.approx(
        float(Fraction(per_day, 86_400) * ratio), rel=1e-12
    )


@pytest.mark.parametrize("trial", range(100))
def test_storage_matches_byte_count(trial: int) -> None:
    cams = int(RNG.integers(1, 2000))
    mbps = Fraction(int(RNG.integers(1, 200)), 10)
    days = int(RNG.integers(1, 400))
    duty = Fraction(int(RNG.integers(1, 101)), 100)
    bytes_total = cams * mbps * 10**6 / 8 * days * 24 * 60 * 60 * duty
    got = video_storage_tb(cams, float(mbps), days, float(duty))
    assert got == pytest.approx(float(bytes_total / 10**12), rel=1e-12)


def test_utilisation_never_lowers_the_count() -> None:
    counts = [gpus_needed(300, 15, 250, u) for u in np.linspace(1.0, 0.1, 10)]
    assert counts == sorted(counts)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: peak_rate(0), "items_per_day"),
        (lambda: peak_rate(100, 0.5), "peak_to_mean"),
        (lambda: peak_rate(float("nan")), "items_per_day"),
        (lambda: gpus_needed(0, 10, 100), "streams"),
        (lambda: gpus_needed(2.5, 10, 100), "streams"),
        (lambda: gpus_needed(10, -1, 100), "fps_per_stream"),
        (lambda: gpus_needed(10, 10, 0), "per_gpu_fps"),
        (lambda: gpus_needed(10, 10, 100, 1.5), "utilisation"),
        (lambda: gpus_needed(10, 10, 100, 0.0), "utilisation"),
        (lambda: cost_per_1k_images(-1, 10), "price_per_hour"),
        (lambda: cost_per_1k_images(1, 0), "images_per_second"),
        (lambda: cost_per_1k_images(1, 10, 2), "utilisation"),
        (lambda: video_storage_tb(0, 4, 30), "cameras"),
        (lambda: video_storage_tb(10, 0, 30), "bitrate_mbps"),
        (lambda: video_storage_tb(10, 4, float("inf")), "days"),
        (lambda: video_storage_tb(10, 4, 30, 0), "duty_cycle"),
    ],
)
def test_bad_input_raises(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
