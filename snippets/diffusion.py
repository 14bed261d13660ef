"""Diffusion-model arithmetic: noise schedules, closed-form forward noising, SNR, guidance.

Conventions follow DDPM (Ho et al., 2020, arXiv:2006.11239): ``betas[t - 1]`` is
:math:`\\beta_t` for :math:`t = 1, \\dots, T`, :math:`\\alpha_t = 1 - \\beta_t` and
:math:`\\bar\\alpha_t = \\prod_{s \\le t} \\alpha_s`, so every returned array has length ``T``
and index ``t - 1`` holds step ``t``. The guidance scale follows the diffusers/Imagen
convention (scale 1 = plain conditional model), not the ``w`` of Ho & Salimans (scale = 1 + w).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "alpha_bar",
    "cfg_combine",
    "cosine_betas",
    "linear_betas",
    "q_sample",
    "snr",
]


def _check_steps(num_steps: int) -> None:
    if int(num_steps) != num_steps or num_steps < 1:
        raise ValueError(f"num_steps must be a positive integer, got {num_steps!r}")


# --8<-- [start:schedules]
def linear_betas(
    num_steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02
) -> NDArray[np.float64]:
    """DDPM's linear schedule: ``num_steps`` betas evenly spaced from start to end.

    The defaults are the DDPM paper's (T = 1000, beta from 1e-4 to 0.02). Almost no signal is
    left at the last step, and about a third of the steps are already nearly pure noise:

    >>> linear_betas(3).round(6).tolist()  # both end points included
    [0.0001, 0.01005, 0.02]
    >>> ab = alpha_bar(linear_betas())
    >>> round(float(ab[-1]), 6)  # alpha_bar_T: signal weight sqrt(alpha_bar_T) is ~0.0064
    4e-05
    >>> int(np.sum(snr(ab) < 0.01))  # steps with SNR below 0.01 (-20 dB)
    326
    """
    _check_steps(num_steps)
    if not 0 < beta_start <= beta_end < 1:
        raise ValueError("need 0 < beta_start <= beta_end < 1")
    return np.linspace(beta_start, beta_end, num_steps, dtype=np.float64)


def cosine_betas(num_steps: int = 1000, s: float = 0.008, max_beta: float = 0.999) -> NDArray:
    """Nichol & Dhariwal's cosine schedule, defined through alpha_bar and clipped at ``max_beta``.

    ``alpha_bar(t) = f(t) / f(0)`` with ``f(t) = cos(((t / T) + s) / (1 + s) * pi / 2) ** 2``;
    ``beta_t = 1 - alpha_bar(t) / alpha_bar(t - 1)``, clipped to ``max_beta`` (the paper uses
    0.999) so the last step is not singular. Compared with the linear schedule it destroys
    information more slowly in the middle, so fewer steps are wasted on near-pure noise:

    >>> ab = alpha_bar(cosine_betas())
    >>> int(np.sum(snr(ab) < 0.01))  # steps with SNR below 0.01, vs 326 for linear
    64
    >>> t = np.arange(1, 1001)
    >>> g = np.cos((t / 1000 + 0.008) / 1.008 * np.pi / 2) ** 2
    >>> f = g / np.cos(0.008 / 1.008 * np.pi / 2) ** 2  # alpha_bar(t) = f(t) / f(0)
    >>> bool(np.allclose(ab[:-1], f[:-1]))  # the closed form, up to the clipped last step
    True
    """
    _check_steps(num_steps)
    if s < 0 or not 0 < max_beta < 1:
        raise ValueError("need s >= 0 and 0 < max_beta < 1")
    t = np.arange(num_steps + 1, dtype=np.float64) / num_steps
    f = np.cos((t + s) / (1 + s) * np.pi / 2) ** 2
    betas = 1.0 - f[1:] / f[:-1]
    return np.clip(betas, 0.0, max_beta)


def alpha_bar(betas: ArrayLike) -> NDArray[np.float64]:
    """Cumulative signal retention: ``alpha_bar[t - 1] = prod_{s <= t} (1 - beta_s)``.

    >>> alpha_bar([0.5, 0.5, 0.2]).round(6).tolist()
    [0.5, 0.25, 0.2]
    """
    b = np.asarray(betas, dtype=np.float64)
    if b.ndim != 1 or b.size == 0 or np.any((b <= 0) | (b >= 1)):
        raise ValueError("betas must be a non-empty 1-D array with 0 < beta < 1")
    return np.cumprod(1.0 - b)


def snr(alpha_bars: ArrayLike) -> NDArray[np.float64]:
    """Signal-to-noise ratio of x_t: ``alpha_bar / (1 - alpha_bar)`` (a power ratio, not dB).

    >>> snr([0.5, 0.8]).round(6).tolist()  # equal signal and noise power -> 1
    [1.0, 4.0]
    """
    ab = np.asarray(alpha_bars, dtype=np.float64)
    if np.any((ab <= 0) | (ab >= 1)):
        raise ValueError("alpha_bar values must lie strictly between 0 and 1")
    return ab / (1.0 - ab)


# --8<-- [end:schedules]


# --8<-- [start:q_sample]
def q_sample(x0: ArrayLike, t: int, alpha_bars: ArrayLike, noise: ArrayLike) -> NDArray[np.float64]:
    """Sample x_t ~ q(x_t | x_0) = N(sqrt(alpha_bar_t) x_0, (1 - alpha_bar_t) I) in one shot.

    ``t`` counts from 1 (``alpha_bars[t - 1]``); ``noise`` is a standard normal array shaped
    like ``x0``: the epsilon the network is trained to predict, added with a plus sign:

    >>> q_sample([1.0, 2.0], 1, [0.64], [1.0, -1.0]).tolist()  # 0.8 * x0 + 0.6 * eps
    [1.4, 1.0]

    Applying the one-step kernel ``x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps_t`` t
    times gives the same distribution:

    >>> rng = np.random.default_rng(0)
    >>> betas = linear_betas(1000)
    >>> ab = alpha_bar(betas)
    >>> x0 = np.full(100_000, 2.0)  # many copies of one pixel value
    >>> x = x0.copy()
    >>> for b in betas[:300]:  # iterate the one-step process to t = 300
    ...     x = np.sqrt(1 - b) * x + np.sqrt(b) * rng.standard_normal(x.shape)
    >>> xt = q_sample(x0, 300, ab, rng.standard_normal(x0.shape))
    >>> print(f"{np.sqrt(ab[299]) * 2:.2f} {x.mean():.2f} {xt.mean():.2f}")  # means agree
    1.26 1.26 1.26
    >>> print(f"{1 - ab[299]:.2f} {x.var():.2f} {xt.var():.2f}")  # variances agree
    0.60 0.60 0.60
    """
    x = np.asarray(x0, dtype=np.float64)
    eps = np.asarray(noise, dtype=np.float64)
    ab = np.asarray(alpha_bars, dtype=np.float64)
    if eps.shape != x.shape:
        raise ValueError(f"noise shape {eps.shape} must match x0 shape {x.shape}")
    if not 1 <= t <= ab.size:
        raise ValueError(f"t must be in 1..{ab.size}, got {t}")
    a = ab[t - 1]
    return np.sqrt(a) * x + np.sqrt(1.0 - a) * eps


# --8<-- [end:q_sample]


# --8<-- [start:cfg_combine]
def cfg_combine(eps_uncond: ArrayLike, eps_cond: ArrayLike, scale: float) -> NDArray:
    """Classifier-free guidance: ``eps_uncond + scale * (eps_cond - eps_uncond)``.

    diffusers' ``guidance_scale`` convention: 1 returns the conditional prediction, 0 the
    unconditional one, and larger values extrapolate past the conditional one. Ho & Salimans
    write ``(1 + w) eps_cond - w eps_uncond``, so their ``w`` is ``scale - 1``.

    >>> u, c = np.array([0.0, 1.0]), np.array([1.0, 1.0])
    >>> cfg_combine(u, c, 1.0).tolist(), cfg_combine(u, c, 0.0).tolist()
    ([1.0, 1.0], [0.0, 1.0])
    >>> cfg_combine(u, c, 7.5).tolist()  # extrapolates along (cond - uncond)
    [7.5, 1.0]
    """
    u = np.asarray(eps_uncond, dtype=np.float64)
    c = np.asarray(eps_cond, dtype=np.float64)
    if u.shape != c.shape:
        raise ValueError(f"eps_uncond {u.shape} and eps_cond {c.shape} must have the same shape")
    return u + scale * (c - u)


# --8<-- [end:cfg_combine]
