"""Mutants of diffusion, contrastive and fid; run by test_mutants.py."""

from __future__ import annotations

from tests.test_snippets.mutants import Mutant, m

MUTANTS: list[Mutant] = [
    # --- diffusion ----------------------------------------------------------------------
    m(
        "diffusion",
        "linear_betas",
        "beta_end ignored",
        ("np.linspace(beta_start, beta_end, num_steps", "np.linspace(beta_start, 0.01, num_steps"),
    ),
    m(
        "diffusion",
        "linear_betas",
        "off-by-one: T + 1 points, first dropped",
        (
            "np.linspace(beta_start, beta_end, num_steps, dtype=np.float64)",
            "np.linspace(beta_start, beta_end, num_steps + 1, dtype=np.float64)[1:]",
        ),
    ),
    m(
        "diffusion",
        "cosine_betas",
        "offset s ignored",
        ("np.cos((t + s) / (1 + s) * np.pi / 2)", "np.cos(t * np.pi / 2)"),
    ),
    m(
        "diffusion",
        "cosine_betas",
        "cos instead of cos squared (ratio of amplitudes)",
        (
            "f = np.cos((t + s) / (1 + s) * np.pi / 2) ** 2",
            "f = np.cos((t + s) / (1 + s) * np.pi / 2)",
        ),
    ),
    m(
        "diffusion",
        "alpha_bar",
        "cumulative sum instead of product",
        ("np.cumprod(1.0 - b)", "1.0 - np.cumsum(b)"),
    ),
    m(
        "diffusion",
        "alpha_bar",
        "product of betas instead of 1 - beta",
        ("np.cumprod(1.0 - b)", "np.cumprod(b)"),
    ),
    m(
        "diffusion",
        "snr",
        "noise-to-signal ratio",
        ("return ab / (1.0 - ab)", "return (1.0 - ab) / ab"),
    ),
    m(
        "diffusion",
        "snr",
        "amplitude ratio instead of power ratio",
        ("return ab / (1.0 - ab)", "return np.sqrt(ab / (1.0 - ab))"),
    ),
    m(
        "diffusion",
        "q_sample",
        "off-by-one: alpha_bar[t] for step t",
        ("a = ab[t - 1]", "a = ab[t]"),
    ),
    m(
        "diffusion",
        "q_sample",
        "variance used as standard deviation",
        ("np.sqrt(1.0 - a) * eps", "(1.0 - a) * eps"),
    ),
    m(
        "diffusion",
        "q_sample",
        "signal weight alpha_bar instead of its square root",
        ("return np.sqrt(a) * x +", "return a * x +"),
    ),
    m(
        "diffusion",
        "q_sample",
        "noise subtracted (the regression target becomes -eps)",
        ("np.sqrt(a) * x + np.sqrt(1.0 - a) * eps", "np.sqrt(a) * x - np.sqrt(1.0 - a) * eps"),
    ),
    m(
        "diffusion",
        "cfg_combine",
        "difference taken the wrong way round",
        ("return u + scale * (c - u)", "return u + scale * (u - c)"),
    ),
    m(
        "diffusion",
        "cfg_combine",
        "Ho & Salimans w used as the diffusers scale",
        ("return u + scale * (c - u)", "return (1 + scale) * c - scale * u"),
    ),
    # --- contrastive --------------------------------------------------------------------
    m(
        "contrastive",
        "info_nce",
        "temperature ignored",
        ("_cross_entropy_diag(q @ k.T / temperature)", "_cross_entropy_diag(q @ k.T)"),
    ),
    m(
        "contrastive",
        "info_nce",
        "temperature multiplies instead of divides",
        (
            "_cross_entropy_diag(q @ k.T / temperature)",
            "_cross_entropy_diag(q @ k.T * temperature)",
        ),
    ),
    m(
        "contrastive",
        "info_nce",
        "query compared with itself (no key encoder)",
        (
            "_cross_entropy_diag(q @ k.T / temperature)",
            "_cross_entropy_diag(q @ q.T / temperature)",
        ),
    ),
    m(
        "contrastive",
        "clip_loss",
        "one direction only",
        (
            "return 0.5 * (i2t + t2i)",
            "return i2t",
        ),
    ),
    m(
        "contrastive",
        "clip_loss",
        "sum instead of mean of the two directions",
        ("return 0.5 * (i2t + t2i)", "return i2t + t2i"),
    ),
    m(
        "contrastive",
        "nt_xent",
        "self-similarity left in the denominator",
        ("np.fill_diagonal(logits, -np.inf)", "pass"),
    ),
    m(
        "contrastive",
        "nt_xent",
        "positive is the view itself, not its partner",
        ("np.fill_diagonal(logits, -np.inf)  # a view is never its own candidate", "pass"),
        ("logits[np.arange(2 * n), partner]", "np.diag(logits)"),
    ),
    m(
        "contrastive",
        "nt_xent",
        "negatives from the other view only (cross-view InfoNCE, N candidates)",
        (
            "logits = z @ z.T / temperature",
            "logits = z @ z.T / temperature\n"
            "    logits[:n, :n] = -np.inf\n"
            "    logits[n:, n:] = -np.inf",
        ),
    ),
    m(
        "contrastive",
        "nt_xent",
        "temperature ignored",
        ("logits = z @ z.T / temperature", "logits = z @ z.T"),
    ),
    # --- fid ----------------------------------------------------------------------------
    m(
        "fid",
        "frechet_distance",
        "cross term without the factor 2",
        ("- 2.0 * tr_covmean", "- tr_covmean"),
    ),
    m(
        "fid",
        "frechet_distance",
        "trace of the product instead of its square root",
        ("np.sum(np.sqrt(np.clip(eig, 0.0, None)))", "np.sum(np.clip(eig, 0.0, None))"),
    ),
    m("fid", "frechet_distance", "mean term not squared", ("diff @ diff", "np.sqrt(diff @ diff)")),
    m(
        "fid",
        "frechet_distance",
        "cross term from the diagonals only (right only for commuting covariances)",
        (
            "np.sum(np.sqrt(np.clip(eig, 0.0, None)))",
            "np.sum(np.sqrt(np.diag(s1) * np.diag(s2)))",
        ),
    ),
    m(
        "fid",
        "frechet_distance",
        "Tr(S1^(1/2) S2^(1/2)) instead of Tr((S1 S2)^(1/2))",
        (
            "eig = np.linalg.eigvals(s1 @ s2).real",
            "w1, v1 = np.linalg.eigh(s1)\n"
            "    w2, v2 = np.linalg.eigh(s2)\n"
            "    r1, r2 = (v1 * np.sqrt(w1)) @ v1.T, (v2 * np.sqrt(w2)) @ v2.T\n"
            "    eig = np.linalg.eigvals(r1 @ r2).real ** 2",
        ),
    ),
    m(
        "fid",
        "fid_from_features",
        "covariance ignored (means only)",
        (
            "x.mean(0), np.cov(x, rowvar=False), y.mean(0), np.cov(y, rowvar=False)",
            "x.mean(0), np.eye(x.shape[1]), y.mean(0), np.eye(x.shape[1])",
        ),
    ),
    m(
        "fid",
        "fid_from_features",
        "covariance of the transposed matrix (rowvar default)",
        ("np.cov(x, rowvar=False)", "np.cov(x)"),
        ("np.cov(y, rowvar=False)", "np.cov(y)"),
    ),
    m(
        "fid",
        "reparameterise",
        "exp(logvar) used as sigma",
        ("np.exp(0.5 * lv) * e", "np.exp(lv) * e"),
    ),
    m("fid", "reparameterise", "logvar used as sigma", ("np.exp(0.5 * lv) * e", "lv * e")),
    m("fid", "gaussian_kl", "missing factor one half", ("return 0.5 * np.sum(", "return np.sum(")),
    m(
        "fid",
        "gaussian_kl",
        "sign of the log-variance term flipped",
        ("m**2 - 1.0 - lv", "m**2 - 1.0 + lv"),
    ),
    m(
        "fid",
        "gaussian_kl",
        "variance squared (exp(2 logvar))",
        ("np.exp(lv) + m**2", "np.exp(2 * lv) + m**2"),
    ),
]
