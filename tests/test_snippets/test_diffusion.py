"""Reference checks for snippets.diffusion: torch re-implementations, moments, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from snippets.diffusion import alpha_bar, cfg_combine, cosine_betas, linear_betas, q_sample, snr


def torch_cosine_betas(num_steps: int, s: float = 0.008, max_beta: float = 0.999) -> np.ndarray:
    """The 'squaredcos_cap_v2' recipe as written in diffusers' betas_for_alpha_bar (loop form)."""

    def f(t: float) -> float:
        return math.cos((t + s) / (1 + s) * math.pi / 2) ** 2

    betas = [min(1 - f((i + 1) / num_steps) / f(i / num_steps), max_beta) for i in range(num_steps)]
    return torch.tensor(betas, dtype=torch.float64).numpy()


@pytest.mark.parametrize("num_steps", [10, 100, 1000, 4000])
def test_cosine_matches_loop_reference(num_steps: int) -> None:
    np.testing.assert_allclose(cosine_betas(num_steps), torch_cosine_betas(num_steps), rtol=1e-12)


@pytest.mark.parametrize("num_steps", [1, 50, 1000])
def test_linear_and_alpha_bar_match_torch(num_steps: int) -> None:
    ref = torch.linspace(1e-4, 0.02, num_steps, dtype=torch.float64)
    np.testing.assert_allclose(linear_betas(num_steps), ref.numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        alpha_bar(linear_betas(num_steps)), torch.cumprod(1 - ref, 0).numpy(), rtol=1e-12
    )


def test_snr_is_monotone_decreasing() -> None:
    for betas in (linear_betas(), cosine_betas()):
        assert np.all(np.diff(snr(alpha_bar(betas))) < 0)


@pytest.mark.parametrize("t", [1, 10, 250, 999])
def test_q_sample_moments_match_iterated_chain(t: int) -> None:
    rng = np.random.default_rng(t)
    betas = cosine_betas(1000)
    ab = alpha_bar(betas)
    x0 = rng.uniform(-1, 1, size=(8, 1)) * np.ones((8, 20_000))
    x = x0.copy()
    for b in betas[:t]:
        x = np.sqrt(1 - b) * x + np.sqrt(b) * rng.standard_normal(x.shape)
    xt = q_sample(x0, t, ab, rng.standard_normal(x0.shape))
    for sample in (x, xt):
        np.testing.assert_allclose(sample.mean(1), np.sqrt(ab[t - 1]) * x0[:, 0], atol=0.03)
        np.testing.assert_allclose(sample.var(1), 1 - ab[t - 1], atol=0.03)


def test_q_sample_is_the_ddpm_formula_in_torch() -> None:
    rng = np.random.default_rng(0)
    ab = alpha_bar(linear_betas())
    x0, eps = rng.standard_normal((2, 3, 8, 8))
    ref = torch.sqrt(torch.tensor(ab[499])) * torch.from_numpy(x0) + torch.sqrt(
        1 - torch.tensor(ab[499])
    ) * torch.from_numpy(eps)
    np.testing.assert_allclose(q_sample(x0, 500, ab, eps), ref.numpy(), rtol=1e-12)


def test_cfg_matches_ho_salimans_form() -> None:
    rng = np.random.default_rng(0)
    u, c = rng.standard_normal((2, 4, 4))
    for w in (0.0, 0.3, 3.0):
        np.testing.assert_allclose(cfg_combine(u, c, 1 + w), (1 + w) * c - w * u, atol=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda: linear_betas(0),
        lambda: linear_betas(2.5),
        lambda: linear_betas(10, 0.02, 1e-4),
        lambda: cosine_betas(10, s=-1),
        lambda: cosine_betas(10, max_beta=1.0),
        lambda: alpha_bar([]),
        lambda: alpha_bar([0.1, 1.0]),
        lambda: snr([0.0, 0.5]),
        lambda: q_sample(np.zeros(3), 1, [0.9], np.zeros(4)),
        lambda: q_sample(np.zeros(3), 0, [0.9], np.zeros(3)),
        lambda: q_sample(np.zeros(3), 2, [0.9], np.zeros(3)),
        lambda: cfg_combine(np.zeros(2), np.zeros(3), 2.0),
    ],
)
def test_bad_input_raises(call) -> None:
    with pytest.raises(ValueError):
        call()
