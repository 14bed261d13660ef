"""Gaussian quantities behind generative-model metrics and VAEs.

The Fréchet distance between two Gaussians (the formula behind FID, Heusel et al., 2017,
arXiv:1706.08500), FID from two feature matrices, and the VAE pieces: the closed-form KL of a
diagonal Gaussian to N(0, I) and the reparameterisation trick (Kingma & Welling, 2013,
arXiv:1312.6114). Feature extraction (Inception-v3 pool3, 2048-D) is deliberately left out:
these functions take the features.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["fid_from_features", "frechet_distance", "gaussian_kl", "reparameterise"]


# --8<-- [start:frechet_distance]
def frechet_distance(mu1: ArrayLike, sigma1: ArrayLike, mu2: ArrayLike, sigma2: ArrayLike) -> float:
    """Squared Fréchet (2-Wasserstein) distance between N(mu1, sigma1) and N(mu2, sigma2).

    ``||mu1 - mu2||^2 + Tr(sigma1 + sigma2 - 2 (sigma1 sigma2)^(1/2))``. The trace of the
    matrix square root is the sum of the square roots of the eigenvalues of ``sigma1 @ sigma2``
    (real and non-negative for covariance matrices), which avoids ``scipy.linalg.sqrtm``.

    >>> mu, cov = np.zeros(3), np.diag([1.0, 4.0, 9.0])
    >>> frechet_distance(mu, cov, mu, cov)  # identical Gaussians
    0.0
    >>> # diagonal: sum (mu1 - mu2)^2 + sum (std1 - std2)^2 = 3 + (1 + 0 + 4)
    >>> round(frechet_distance(mu, cov, np.ones(3), np.diag([4.0, 4.0, 1.0])), 6)
    8.0
    >>> # non-commuting: the cross term is Tr((S1 S2)^(1/2)), not Tr(S1^(1/2) S2^(1/2)); for
    >>> # 2 x 2 it is sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2)): 4 + 5 - 2 sqrt(10 + 2 sqrt(12))
    >>> s1, s2 = np.array([[2.0, 1.0], [1.0, 2.0]]), np.diag([1.0, 4.0])
    >>> round(frechet_distance(np.zeros(2), s1, np.zeros(2), s2), 4)
    0.7712
    """
    m1, m2 = np.atleast_1d(np.asarray(mu1, float)), np.atleast_1d(np.asarray(mu2, float))
    s1, s2 = np.atleast_2d(np.asarray(sigma1, float)), np.atleast_2d(np.asarray(sigma2, float))
    d = m1.shape[0]
    if m1.shape != (d,) or m2.shape != (d,) or s1.shape != (d, d) or s2.shape != (d, d):
        raise ValueError("need means of shape (d,) and covariances of shape (d, d)")
    eig = np.linalg.eigvals(s1 @ s2).real
    tr_covmean = float(np.sum(np.sqrt(np.clip(eig, 0.0, None))))
    diff = m1 - m2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr_covmean)


def fid_from_features(real: ArrayLike, fake: ArrayLike) -> float:
    """Fit a Gaussian (mean, unbiased covariance) to each ``(n, d)`` feature set; compare.

    FID is biased upwards with few samples: two sets from the *same* distribution do not
    score 0, and the gap shrinks as n grows, so only compare FIDs computed with the same n:

    >>> rng = np.random.default_rng(0)
    >>> d = 64
    >>> [round(fid_from_features(rng.standard_normal((n, d)), rng.standard_normal((n, d))), 1)
    ...  for n in (200, 2000, 20000)]
    [11.3, 1.1, 0.1]
    """
    x, y = np.asarray(real, dtype=np.float64), np.asarray(fake, dtype=np.float64)
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[1] or min(len(x), len(y)) < 2:
        raise ValueError("need two (n, d) feature arrays with the same d and n >= 2")
    return frechet_distance(x.mean(0), np.cov(x, rowvar=False), y.mean(0), np.cov(y, rowvar=False))


# --8<-- [end:frechet_distance]


# --8<-- [start:vae]
def reparameterise(mu: ArrayLike, logvar: ArrayLike, eps: ArrayLike) -> NDArray[np.float64]:
    """z = mu + sigma * eps with sigma = exp(logvar / 2) and eps ~ N(0, I) drawn outside.

    ``eps`` may carry leading batch axes (many samples of one posterior). The randomness
    lives in ``eps``, so z is a deterministic, differentiable function of the
    encoder outputs ``mu`` and ``logvar``: dz/dmu = 1 and dz/dsigma = eps.

    >>> reparameterise([1.0, -2.0], np.log([4.0, 0.25]), [1.0, 2.0]).tolist()
    [3.0, -1.0]
    """
    m, lv, e = (np.asarray(v, dtype=np.float64) for v in (mu, logvar, eps))
    if m.shape != lv.shape:
        raise ValueError(f"mu {m.shape} and logvar {lv.shape} must have the same shape")
    try:
        ok = np.broadcast_shapes(m.shape, e.shape) == e.shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"eps {e.shape} must be mu's shape or a batch of it")
    return m + np.exp(0.5 * lv) * e


def gaussian_kl(mu: ArrayLike, logvar: ArrayLike) -> NDArray[np.float64]:
    """KL(N(mu, diag(exp(logvar))) || N(0, I)), summed over the last axis (one value per row).

    ``0.5 * sum(exp(logvar) + mu^2 - 1 - logvar)``: zero only when mu = 0 and sigma = 1.
    A Monte Carlo estimate with reparameterised samples agrees:

    >>> float(gaussian_kl([0.0, 0.0], [0.0, 0.0]))
    0.0
    >>> mu, logvar = np.array([1.0, -0.5]), np.log(np.array([0.5, 4.0]))
    >>> round(float(gaussian_kl(mu, logvar)), 4)
    1.5284
    >>> rng = np.random.default_rng(0)
    >>> z = reparameterise(mu, logvar, rng.standard_normal((200_000, 2)))
    >>> var = np.exp(logvar)
    >>> log_q = -0.5 * (np.log(2 * np.pi * var) + (z - mu) ** 2 / var).sum(1)
    >>> log_p = -0.5 * (np.log(2 * np.pi) + z**2).sum(1)
    >>> round(float(np.mean(log_q - log_p)), 2)  # E_q[log q - log p]
    1.53
    """
    m, lv = np.asarray(mu, dtype=np.float64), np.asarray(logvar, dtype=np.float64)
    if m.shape != lv.shape or m.ndim == 0:
        raise ValueError("mu and logvar must be arrays of the same shape")
    return 0.5 * np.sum(np.exp(lv) + m**2 - 1.0 - lv, axis=-1)


# --8<-- [end:vae]
