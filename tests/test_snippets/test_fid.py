"""Reference checks for snippets.fid: scipy.linalg.sqrtm FID, torch KL, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import linalg
from torch.distributions import Normal, kl_divergence

from snippets.fid import fid_from_features, frechet_distance, gaussian_kl, reparameterise


def scipy_frechet(mu1, s1, mu2, s2) -> float:
    """The formula as commonly implemented for FID (scipy.linalg.sqrtm of the product)."""
    covmean = linalg.sqrtm(s1 @ s2)
    covmean = np.real(covmean)
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def random_cov(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.standard_normal((d, 2 * d))
    return a @ a.T / (2 * d) + 0.01 * np.eye(d)


@pytest.mark.parametrize("seed", range(10))
def test_frechet_matches_scipy_sqrtm(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 40))
    mu1, mu2 = rng.standard_normal((2, d))
    s1, s2 = random_cov(rng, d), random_cov(rng, d)
    ours = frechet_distance(mu1, s1, mu2, s2)
    assert ours == pytest.approx(scipy_frechet(mu1, s1, mu2, s2), rel=1e-7, abs=1e-9)
    assert ours == pytest.approx(frechet_distance(mu2, s2, mu1, s1), rel=1e-7)  # symmetric
    assert ours >= -1e-9


def test_diagonal_closed_form_and_features() -> None:
    rng = np.random.default_rng(0)
    std1, std2 = rng.uniform(0.1, 3, (2, 10))
    mu1, mu2 = rng.standard_normal((2, 10))
    expected = np.sum((mu1 - mu2) ** 2) + np.sum((std1 - std2) ** 2)
    got = frechet_distance(mu1, np.diag(std1**2), mu2, np.diag(std2**2))
    assert got == pytest.approx(expected, rel=1e-10)
    x, y = rng.standard_normal((2, 500, 6))
    ref = scipy_frechet(x.mean(0), np.cov(x.T), y.mean(0), np.cov(y.T))
    assert fid_from_features(x, y) == pytest.approx(ref, rel=1e-7)


@pytest.mark.parametrize("seed", range(5))
def test_gaussian_kl_matches_torch(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mu, logvar = rng.standard_normal((2, 7, 5))
    q = Normal(torch.from_numpy(mu), torch.from_numpy(np.exp(0.5 * logvar)))
    p = Normal(torch.zeros(7, 5, dtype=torch.float64), torch.ones(7, 5, dtype=torch.float64))
    ref = kl_divergence(q, p).sum(-1).numpy()
    np.testing.assert_allclose(gaussian_kl(mu, logvar), ref, rtol=1e-12)


def test_reparameterise_matches_torch_rsample_gradients() -> None:
    mu = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
    logvar = torch.tensor([0.2, -0.7], dtype=torch.float64, requires_grad=True)
    eps = np.array([1.3, -0.4])
    z_ours = reparameterise(mu.detach().numpy(), logvar.detach().numpy(), eps)
    z = mu + torch.exp(0.5 * logvar) * torch.from_numpy(eps)
    np.testing.assert_allclose(z_ours, z.detach().numpy(), rtol=1e-12)
    z.sum().backward()
    np.testing.assert_allclose(mu.grad.numpy(), 1.0)
    sigma = np.exp(0.5 * logvar.detach().numpy())
    np.testing.assert_allclose(logvar.grad.numpy(), 0.5 * sigma * eps, rtol=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda: frechet_distance(np.zeros(2), np.eye(3), np.zeros(2), np.eye(2)),
        lambda: frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(2)),
        lambda: fid_from_features(np.zeros((5, 3)), np.zeros((5, 4))),
        lambda: fid_from_features(np.zeros((1, 3)), np.zeros((5, 3))),
        lambda: fid_from_features(np.zeros(3), np.zeros(3)),
        lambda: reparameterise([0.0], [0.0, 1.0], [0.0]),
        lambda: reparameterise([0.0, 1.0], [0.0, 1.0], [0.0, 1.0, 2.0]),
        lambda: gaussian_kl([0.0], [0.0, 1.0]),
        lambda: gaussian_kl(0.0, 0.0),
    ],
)
def test_bad_input_raises(call) -> None:
    with pytest.raises(ValueError):
        call()
