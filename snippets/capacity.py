"""Back-of-envelope capacity arithmetic for vision-system design rounds.

Four numbers come up in almost every design interview: the peak request rate behind a daily
volume, how many accelerators a fleet of video streams needs, what one thousand inferences
cost, and how much disk a camera fleet fills. Each function states its units in its name or
arguments and rejects impossible inputs, because the classic mistakes here are unit slips
(bits for bytes, a day taken as 3,600 seconds) and forgetting the head-room a real server
needs. Storage uses decimal units (1 TB = 10**12 bytes), as disk vendors and bitrates do.
"""

from __future__ import annotations

import math

__all__ = ["cost_per_1k_images", "gpus_needed", "peak_rate", "video_storage_tb"]

SECONDS_PER_DAY = 86_400


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def _fraction(name: str, value: float) -> float:
    value = float(value)
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
    return value


# --8<-- [start:peak_rate]
def peak_rate(items_per_day: float, peak_to_mean: float = 1.0) -> float:
    """Peak arrival rate in items per second for a daily volume.

    The mean rate is ``items_per_day / 86_400``; traffic is not flat, so capacity is sized
    for the peak, ``peak_to_mean`` times the mean (an assumption you state in the interview).

    Args:
        items_per_day: Items (images, requests) per day, > 0.
        peak_to_mean: Ratio of the busiest hour's rate to the daily mean, >= 1.

    Returns:
        Items per second at the peak.

    Raises:
        ValueError: If an argument is not positive or ``peak_to_mean < 1``.

    >>> round(peak_rate(1e9), 1)              # one billion uploads a day, flat traffic
    11574.1
    >>> round(peak_rate(1e9, 3.0), 1)         # the same day with a 3x evening peak
    34722.2
    >>> round(peak_rate(86_400, 2.0), 6)      # one a second on average, two at the peak
    2.0
    """
    items_per_day = _positive("items_per_day", items_per_day)
    peak_to_mean = _positive("peak_to_mean", peak_to_mean)
    if peak_to_mean < 1:
        raise ValueError(f"peak_to_mean must be >= 1, got {peak_to_mean!r}")
    return items_per_day / SECONDS_PER_DAY * peak_to_mean


# --8<-- [end:peak_rate]


# --8<-- [start:gpus_needed]
def gpus_needed(
    streams: int, fps_per_stream: float, per_gpu_fps: float, utilisation: float = 0.7
) -> int:
    """Number of accelerators for ``streams`` video streams (a count, not a throughput).

    Demand is ``streams * fps_per_stream`` frames per second. One device sustains
    ``per_gpu_fps`` frames per second when fully busy (measured end to end at the batch size
    you will serve, decode and post-processing included); planning to run it at
    ``utilisation`` < 1 leaves head-room for peaks, failover and tail latency. The answer is
    the smallest integer ``n`` with ``n * per_gpu_fps * utilisation >= demand``.

    Args:
        streams: Number of cameras or streams, >= 1.
        fps_per_stream: Frames per second analysed per stream, > 0.
        per_gpu_fps: Measured frames per second of one device at full load, > 0.
        utilisation: Planned fraction of that capacity to use, in (0, 1].

    Returns:
        The number of devices (an integer, rounded up).

    Raises:
        ValueError: If an argument is out of range.

    >>> gpus_needed(500, 10, 400)                   # 5,000 frames/s over 280 usable per GPU
    18
    >>> gpus_needed(500, 10, 400, utilisation=1.0)  # no head-room: 5,000 / 400 = 12.5
    13
    >>> gpus_needed(1, 30, 30, utilisation=1.0)     # exactly one device, not two
    1
    """
    if int(streams) != streams or streams < 1:
        raise ValueError(f"streams must be a positive integer, got {streams!r}")
    fps_per_stream = _positive("fps_per_stream", fps_per_stream)
    per_gpu_fps = _positive("per_gpu_fps", per_gpu_fps)
    utilisation = _fraction("utilisation", utilisation)
    demand = int(streams) * fps_per_stream
    usable = per_gpu_fps * utilisation
    return max(1, math.ceil(demand / usable - 1e-9))


# --8<-- [end:gpus_needed]


# --8<-- [start:cost_per_1k_images]
def cost_per_1k_images(
    price_per_hour: float, images_per_second: float, utilisation: float = 1.0
) -> float:
    """Compute cost of 1,000 inferences on a machine rented by the hour.

    A machine that costs ``price_per_hour`` and processes ``images_per_second`` while busy,
    busy only ``utilisation`` of the time, serves ``images_per_second * 3600 * utilisation``
    images per paid hour, so 1,000 images cost
    ``1000 * price_per_hour / (images_per_second * 3600 * utilisation)``.

    Args:
        price_per_hour: Price of the machine per hour (any currency), > 0.
        images_per_second: Sustained throughput while busy, > 0.
        utilisation: Fraction of paid time the machine is busy, in (0, 1].

    Returns:
        The cost of 1,000 images, in the currency of ``price_per_hour``.

    Raises:
        ValueError: If an argument is out of range.

    >>> round(cost_per_1k_images(2.0, 500), 6)          # 1.8 M images per paid hour
    0.001111
    >>> round(cost_per_1k_images(2.0, 500, 0.25), 6)    # idle 75 % of the time: 4x the cost
    0.004444
    >>> round(cost_per_1k_images(3.6, 1), 6)            # one image a second: 3.6 per 3,600
    1.0
    """
    price_per_hour = _positive("price_per_hour", price_per_hour)
    images_per_second = _positive("images_per_second", images_per_second)
    utilisation = _fraction("utilisation", utilisation)
    images_per_hour = images_per_second * 3600 * utilisation
    return 1000 * price_per_hour / images_per_hour


# --8<-- [end:cost_per_1k_images]


# --8<-- [start:video_storage_tb]
def video_storage_tb(
    cameras: int, bitrate_mbps: float, days: float, duty_cycle: float = 1.0
) -> float:
    """Disk needed to retain ``days`` of video from ``cameras`` streams, in decimal terabytes.

    A stream at ``bitrate_mbps`` megabits per second writes ``bitrate_mbps * 1e6 / 8`` bytes
    per second (bits, not bytes: the factor 8 is the usual slip); ``duty_cycle`` is the
    fraction of the time recorded (1.0 for continuous, less for motion-triggered recording).

    Args:
        cameras: Number of cameras, >= 1.
        bitrate_mbps: Average encoded bitrate per camera in Mbit/s, > 0.
        days: Retention period in days, > 0.
        duty_cycle: Fraction of the time recorded, in (0, 1].

    Returns:
        Storage in TB (10**12 bytes), before replication or file-system overhead.

    Raises:
        ValueError: If an argument is out of range.

    >>> round(video_storage_tb(100, 4, 30), 3)          # 100 cameras, 4 Mbit/s, 30 days
    129.6
    >>> round(video_storage_tb(100, 4, 30, 0.25), 3)    # motion-triggered, 25 % of the time
    32.4
    >>> round(video_storage_tb(1, 8, 1), 4)             # 8 Mbit/s = 1 MB/s = 86.4 GB a day
    0.0864
    """
    if int(cameras) != cameras or cameras < 1:
        raise ValueError(f"cameras must be a positive integer, got {cameras!r}")
    bitrate_mbps = _positive("bitrate_mbps", bitrate_mbps)
    days = _positive("days", days)
    duty_cycle = _fraction("duty_cycle", duty_cycle)
    bytes_per_second = bitrate_mbps * 1e6 / 8
    return int(cameras) * bytes_per_second * days * SECONDS_PER_DAY * duty_cycle / 1e12


# --8<-- [end:video_storage_tb]
