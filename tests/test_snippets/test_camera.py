"""Reference checks for snippets.camera and snippets.epipolar against OpenCV (cv2 5.x)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from snippets.camera import (
    align_scale_shift,
    depth_error,
    disparity_to_depth,
    project_points,
    rodrigues,
    skew,
    triangulate_dlt,
)
from snippets.epipolar import (
    eight_point_fundamental,
    essential_from_pose,
    fundamental_from_essential,
    sampson_distance,
)


def random_camera(rng: np.random.Generator) -> np.ndarray:
    f = rng.uniform(300, 1500)
    fy, cx, cy = f * rng.uniform(0.9, 1.1), rng.uniform(200, 700), rng.uniform(150, 500)
    return np.array([[f, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])


def two_view_scene(rng: np.random.Generator, n: int = 40):
    K1, K2 = random_camera(rng), random_camera(rng)
    rvec = rng.normal(0, 0.15, 3)
    t = np.array([rng.uniform(0.5, 1.5), rng.normal(0, 0.2), rng.normal(0, 0.2)])
    X = rng.uniform([-2, -2, 5], [2, 2, 12], size=(n, 3))
    return K1, K2, rvec, t, X


def hom(p: np.ndarray) -> np.ndarray:
    return np.c_[p, np.ones(len(p))]


@pytest.mark.parametrize("seed", range(10))
def test_rodrigues_matches_opencv(seed: int) -> None:
    rvec = np.random.default_rng(seed).normal(0, 1.5, 3)
    R_cv, _ = cv2.Rodrigues(rvec)
    np.testing.assert_allclose(rodrigues(rvec), R_cv, atol=1e-12)


def test_rodrigues_zero_and_skew() -> None:
    np.testing.assert_array_equal(rodrigues(np.zeros(3)), np.eye(3))
    v, w = np.random.default_rng(0).normal(size=(2, 3))
    np.testing.assert_allclose(skew(v) @ w, np.cross(v, w))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("ncoef", [4, 5])
def test_project_points_matches_opencv(seed: int, ncoef: int) -> None:
    rng = np.random.default_rng(seed)
    K = random_camera(rng)
    dist = np.array([rng.normal(0, 0.2), rng.normal(0, 0.05), *rng.normal(0, 0.01, 2)])
    if ncoef == 5:
        dist = np.r_[dist, rng.normal(0, 0.02)]
    rvec, tvec = rng.normal(0, 0.5, 3), np.array([*rng.normal(0, 0.5, 2), 6.0])
    X = rng.uniform(-1.5, 1.5, size=(50, 3))
    ours = project_points(X, K, dist, rvec, tvec)
    ref, _ = cv2.projectPoints(X, rvec, tvec, K, dist)
    np.testing.assert_allclose(ours, ref.reshape(-1, 2), rtol=1e-9, atol=1e-7)


def test_project_points_ignores_skew_like_opencv() -> None:
    K = np.array([[800.0, 40.0, 320.0], [0.0, 700.0, 240.0], [0.0, 0.0, 1.0]])
    X = np.array([[0.5, 0.3, 2.0]])
    ref, _ = cv2.projectPoints(X, np.zeros(3), np.zeros(3), K, None)
    np.testing.assert_allclose(project_points(X, K), ref.reshape(-1, 2))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_triangulate_matches_opencv(seed: int, noise: float) -> None:
    rng = np.random.default_rng(seed)
    K1, K2, rvec, t, X = two_view_scene(rng)
    P1 = K1 @ np.eye(3, 4)
    P2 = K2 @ np.c_[rodrigues(rvec), t]
    x1 = project_points(X, K1) + rng.normal(0, noise, (len(X), 2))
    x2 = project_points(X, K2, rvec=rvec, tvec=t) + rng.normal(0, noise, (len(X), 2))
    ours = triangulate_dlt(P1, P2, x1, x2)
    Xh = cv2.triangulatePoints(P1, P2, x1.T, x2.T)
    ref = (Xh[:3] / Xh[3]).T
    if noise == 0.0:
        np.testing.assert_allclose(ours, X, rtol=1e-8)
    # cv2 builds the same DLT system; with noise the two agree to well under a millimetre.
    np.testing.assert_allclose(ours, ref, atol=1e-4)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("noise", [0.0, 0.3])
def test_eight_point_matches_opencv(seed: int, noise: float) -> None:
    rng = np.random.default_rng(seed)
    K1, K2, rvec, t, X = two_view_scene(rng)
    x1 = project_points(X, K1) + rng.normal(0, noise, (len(X), 2))
    x2 = project_points(X, K2, rvec=rvec, tvec=t) + rng.normal(0, noise, (len(X), 2))
    F = eight_point_fundamental(x1, x2)
    F_cv, _ = cv2.findFundamentalMat(x1, x2, cv2.FM_8POINT)
    F_cv = F_cv / np.linalg.norm(F_cv)
    F_cv *= np.sign(np.sum(F * F_cv))  # F is defined up to scale and sign
    assert np.linalg.matrix_rank(F, tol=1e-10) == 2
    # OpenCV normalises the points slightly differently and solves through AᵀA, so the
    # entries agree to ~1e-5; compare the geometric error, which is what matters.
    np.testing.assert_allclose(F, F_cv, atol=2e-4)
    err, err_cv = sampson_distance(F, x1, x2).mean(), sampson_distance(F_cv, x1, x2).mean()
    assert err <= 1.05 * err_cv + 1e-12
    if noise == 0.0:
        F_true = fundamental_from_essential(essential_from_pose(rodrigues(rvec), t), K1, K2)
        F_true /= np.linalg.norm(F_true) * np.sign(np.sum(F * F_true))
        np.testing.assert_allclose(F, F_true, atol=1e-8)
        assert np.abs(np.sum(hom(x2) @ F * hom(x1), axis=1)).max() < 1e-8


@pytest.mark.parametrize("seed", range(5))
def test_essential_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    _, _, rvec, t, X = two_view_scene(rng)
    K = np.array([[700.0, 0.0, 320.0], [0.0, 700.0, 240.0], [0.0, 0.0, 1.0]])
    x1, x2 = project_points(X, K), project_points(X, K, rvec=rvec, tvec=t)
    E_cv, _ = cv2.findEssentialMat(x1, x2, K, method=cv2.RANSAC, prob=0.999, threshold=0.1)
    E = essential_from_pose(rodrigues(rvec), t)
    E, E_cv = E / np.linalg.norm(E), E_cv[:3] / np.linalg.norm(E_cv[:3])
    np.testing.assert_allclose(E * np.sign(np.sum(E * E_cv)), E_cv, atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_sampson_matches_opencv(seed: int) -> None:
    rng = np.random.default_rng(seed)
    F = rng.normal(size=(3, 3))
    x1, x2 = rng.uniform(0, 640, (20, 2)), rng.uniform(0, 640, (20, 2))
    ref = [cv2.sampsonDistance(hom(x1)[i], hom(x2)[i], F) for i in range(20)]
    np.testing.assert_allclose(sampson_distance(F, x1, x2), ref, rtol=1e-9)


def test_disparity_to_depth_matches_opencv_reprojection() -> None:
    f, B, cx, cy = 700.0, 0.12, 320.0, 240.0
    K = np.array([[f, 0.0, cx], [0.0, f, cy], [0.0, 0.0, 1.0]])
    # Second camera B metres to the right: OpenCV's T is the first camera seen from the second.
    *_, Q, _, _ = cv2.stereoRectify(
        K, None, K, None, (640, 480), np.eye(3), np.array([[-B], [0.0], [0.0]])
    )
    disp = np.random.default_rng(0).uniform(1.0, 100.0, (48, 64)).astype(np.float32)
    xyz = cv2.reprojectImageTo3D(disp, Q)
    f_rect = Q[2, 3]
    np.testing.assert_allclose(disparity_to_depth(disp, f_rect, B), xyz[..., 2], rtol=1e-5)


def test_depth_error_is_the_derivative() -> None:
    f, B = 900.0, 0.3
    z = np.linspace(1.0, 60.0, 30)
    d = f * B / z
    h = 1e-6
    numeric = (disparity_to_depth(d - h, f, B) - disparity_to_depth(d + h, f, B)) / (2 * h)
    np.testing.assert_allclose(depth_error(z, f, B), numeric, rtol=1e-6)
    np.testing.assert_allclose(depth_error(z, f, B, 0.25), numeric * 0.25, rtol=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_align_scale_shift_matches_sklearn(seed: int) -> None:
    from sklearn.linear_model import LinearRegression

    rng = np.random.default_rng(seed)
    pred = rng.uniform(0.05, 1.0, (40, 30))
    target = rng.uniform(0.5, 3.0) * pred + rng.normal(0, 0.1) + rng.normal(0, 0.02, pred.shape)
    mask = rng.random(pred.shape) > 0.3
    reg = LinearRegression().fit(pred[mask].reshape(-1, 1), target[mask])
    s, t = align_scale_shift(pred, target, mask)
    np.testing.assert_allclose([s, t], [reg.coef_[0], reg.intercept_], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: skew([1.0, 2.0]), r"v must have shape \(3\)"),
        (lambda: rodrigues([np.nan, 0, 0]), "rvec must be finite"),
        (lambda: project_points(np.ones((2, 2)), np.eye(3)), r"points must have shape \(N, 3\)"),
        (lambda: project_points(np.ones((1, 3)), np.eye(2)), r"K must have shape \(3, 3\)"),
        (lambda: project_points(np.ones((1, 3)), np.eye(3), [0.1] * 3), "4 or 5 finite"),
        (lambda: project_points([[0, 0, -1.0]], np.eye(3)), "in front of the camera"),
        (
            lambda: triangulate_dlt(np.eye(3, 4), np.eye(3, 4), np.ones((2, 2)), np.ones((3, 2))),
            "same shape",
        ),
        (lambda: triangulate_dlt(np.eye(3), np.eye(3, 4), np.ones((1, 2)), np.ones((1, 2))), "P1"),
        (lambda: disparity_to_depth([1.0], 0.0, 0.1), "positive"),
        (lambda: depth_error([1.0], 700.0, -0.1), "positive"),
        (lambda: essential_from_pose(2 * np.eye(3), [1.0, 0, 0]), "rotation matrix"),
        (lambda: essential_from_pose(-np.eye(3), [1.0, 0, 0]), "rotation matrix"),
        (lambda: fundamental_from_essential(np.eye(3), np.eye(2)), r"K1 must have shape"),
        (lambda: eight_point_fundamental(np.ones((7, 2)), np.ones((7, 2))), "N >= 8"),
        (lambda: eight_point_fundamental(np.ones((8, 2)), np.ones((9, 2))), "N >= 8"),
        (lambda: eight_point_fundamental(np.ones((8, 2)), np.ones((8, 2))), "identical"),
        (lambda: sampson_distance(np.eye(3), np.ones((2, 2)), np.ones((3, 2))), "same shape"),
        (lambda: align_scale_shift(np.ones(3), np.ones(4)), "same size"),
        (lambda: align_scale_shift(np.ones(3), np.ones(3), [True, False]), "mask must have"),
        (lambda: align_scale_shift([1.0, 2.0], [1.0, np.nan]), "finite"),
        (lambda: align_scale_shift([1.0, 2.0], [1.0, 2.0], [True, False]), "at least two"),
        (lambda: align_scale_shift(np.ones(5), np.arange(5.0)), "constant"),
    ],
)
def test_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_parallel_rays_rejected() -> None:
    P1 = np.eye(3, 4)
    P2 = np.c_[np.eye(3), [-1.0, 0.0, 0.0]]
    x = np.array([[0.1, 0.2]])  # identical normalised coordinates: zero disparity
    with pytest.raises(ValueError, match="infinity"):
        triangulate_dlt(P1, P2, x, x)


def test_planar_scene_is_degenerate_for_f() -> None:
    rng = np.random.default_rng(0)
    K = np.array([[700.0, 0.0, 320.0], [0.0, 700.0, 240.0], [0.0, 0.0, 1.0]])
    X = np.c_[rng.uniform(-2, 2, (20, 2)), np.full(20, 6.0)]  # all points on the plane Z = 6
    x1 = project_points(X, K)
    x2 = project_points(X, K, rvec=[0.0, 0.2, 0.0], tvec=[1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="degenerate"):
        eight_point_fundamental(x1, x2)
