"""Tests of the Chapter 1 widgets: they build, stay small and draw every setting."""

import numpy as np
import pytest

from dlbook.widgets import foundations as F
from dlbook.widgets.core import Explorer


@pytest.mark.parametrize("factory, frames", [
    (F.matrix_explorer, 36),
    (F.gaussian_explorer, 21),
    (F.bayes_explorer, 20),
])
def test_widget_builds_with_few_frames(factory, frames):
    explorer = factory()
    assert isinstance(explorer, Explorer)
    assert len(explorer.combinations()) == frames <= F.FRAME_LIMIT
    assert explorer.title and explorer.alt


def test_widgets_are_exported_from_the_package():
    import dlbook.widgets

    for name in F.__all__:
        assert getattr(dlbook.widgets, name) is getattr(F, name)


@pytest.mark.parametrize("params", [
    {},  # the default: [[2, 1], [1, 2]]
    {"family": "scale", "t": 0.0},  # singular
    {"family": "scale", "t": -3.0},  # orientation reversed
    {"family": "shear", "t": 3.0},  # defective: one eigenvector
    {"family": "rotation", "t": 1.0},  # complex eigenvalues
    {"family": "symmetric", "t": 0.0},  # a multiple of the identity
    {"family": "symmetric", "t": 3.0},  # indefinite, image leaves the view
])
def test_matrix_explorer_renders_special_cases(params):
    assert F.matrix_explorer().render("svg", **params).startswith(b"<?xml")


def test_matrix_family_default_is_worked_example():
    np.testing.assert_array_equal(F.matrix_family("symmetric", 1.0), [[2, 1], [1, 2]])
    R = F.matrix_family("rotation", 3.0)
    np.testing.assert_allclose(R @ [1, 0], [0, 1], atol=1e-12)


def test_eigen_directions_cover_cases():
    assert F._real_eigen_directions(np.eye(2) * 2) is None
    assert F._real_eigen_directions(F.matrix_family("rotation", 1.0)) == []
    assert len(F._real_eigen_directions(F.matrix_family("shear", 2.0))) == 1
    pairs = F._real_eigen_directions(np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert sorted(round(lam, 9) for lam, _ in pairs) == [1.0, 3.0]


def _frames(explorer=None):
    explorer = explorer or F.matrix_explorer()
    for params in explorer.combinations():
        yield params, F.matrix_family(**params), explorer._alt_for(params)


def test_every_frame_states_what_its_matrix_does():
    """The alternative text of each frame is computed for that frame's matrix, t = 0 included."""
    for params, A, alt in _frames():
        values = np.linalg.eigvals(A)
        multiple_of_identity = np.allclose(A, A[0, 0] * np.eye(2))
        real = np.all(np.abs(values.imag) < 1e-9)
        singular = abs(np.linalg.det(A)) < 1e-9
        assert ("every direction is an eigenvector" in alt) == multiple_of_identity, params
        assert ("no real eigenvectors" in alt) == (not real), params
        assert ("SINGULAR" in alt) == singular, params
        assert ("line segment" in alt) == singular, params
        sigma = np.linalg.svd(A, compute_uv=False)  # the half-axes of the circle's image
        assert ("ellipse" in alt) == (not singular and sigma[0] - sigma[1] > 1e-9), params
        if real and not multiple_of_identity:
            n_directions = np.linalg.matrix_rank(np.linalg.eig(A)[1], tol=1e-6)
            assert ("the only eigenvector direction" in alt) == (n_directions == 1), params
            assert ("two eigenvector directions" in alt) == (n_directions == 2), params


def test_frames_at_t_zero_are_described_correctly():
    alts = {params["family"]: alt for params, _, alt in _frames() if params["t"] == 0}
    assert "every direction is an eigenvector" in alts["shear"]  # the identity, not a shear
    assert "every direction is an eigenvector" in alts["rotation"]  # no turn at all
    assert "unit circle itself" in alts["rotation"] and "stays where it is" in alts["shear"]
    assert "circle of radius 2" in alts["symmetric"]  # 2 I
    assert "SINGULAR" in alts["scale"] and "line segment of half-length 1" in alts["scale"]


def test_panel_and_alt_text_read_the_same_facts():
    facts = F._matrix_facts(F.matrix_family("shear", 2.0))
    assert facts["directions"] == "only one eigenvector direction"
    assert facts["eigenvalues"] == "1, 1" and facts["flags"][0] == "not symmetric"
    assert F._matrix_facts(F.matrix_family("rotation", 1.0))["eigenvalues"] == "0.866 ± 0.5i"


def test_the_family_control_offers_named_choices():
    from dlbook.widgets.core import Choice

    family = F.matrix_explorer().sliders[0]
    assert isinstance(family, Choice)
    assert family.text("shear") == F.MATRIX_FAMILIES["shear"]


def test_widgets_draw_at_their_extreme_settings():
    explorers = [F.matrix_explorer(t_values=[-F.T_LIMIT, F.T_LIMIT], limit=0.1),
                 F.matrix_explorer(t_values=[-F.T_LIMIT, 0.0], limit=100),
                 F.gaussian_explorer(rhos=[-0.999, 0.999], sigma2s=list(F.SIGMA_RANGE),
                                     sigma1=F.SIGMA_RANGE[0]),
                 F.bayes_explorer(prevalences=[1e-12, 1 - 1e-12],
                                  false_positive_rates=[1e-12, 1 - 1e-12], sensitivity=0.0)]
    for explorer in explorers:
        for params in explorer.combinations():
            assert explorer.render("png", **params).startswith(b"\x89PNG")


def test_bayes_and_gaussian_frames_state_their_outcome():
    bayes = F.bayes_explorer()
    assert "P(sick | positive) = 0.0098" in bayes._alt_for(bayes.defaults)  # the worked example
    assert "= 0.5." in bayes._alt_for({"prevalence": 0.01, "fpr": 0.01})
    gauss = F.gaussian_explorer()
    assert "circular contours" in gauss._alt_for({"rho": 0.0, "sigma2": 1.0})  # Sigma = I
    alt = gauss._alt_for({"rho": 0.6, "sigma2": 1.0})
    assert "elliptic contours" in alt and "(0.71, 0.71) with eigenvalue 1.60" in alt


def test_definiteness_uses_symmetric_part():
    assert F._definiteness(np.array([[2.0, 1.0], [1.0, 2.0]])) == "positive definite"
    assert F._definiteness(np.array([[1.0, 0.0], [0.0, 0.0]])) == "positive semidefinite"
    assert F._definiteness(F.matrix_family("shear", 3.0)).startswith("not PSD")


@pytest.mark.parametrize("params", [{}, {"rho": -0.9, "sigma2": 0.5}, {"rho": 0.9, "sigma2": 2.0}])
def test_gaussian_explorer_renders_extremes(params):
    assert F.gaussian_explorer().render("png", **params).startswith(b"\x89PNG")


def test_gaussian_explorer_without_samples():
    F.gaussian_explorer(rhos=[0.0, 0.99], sigma2s=[1.0, 3.0], n_samples=0).render(
        "svg", rho=0.99, sigma2=3.0)


@pytest.mark.parametrize("params", [{}, {"prevalence": 0.5, "fpr": 0.001},
                                    {"prevalence": 0.0001, "fpr": 0.2}])
def test_bayes_explorer_renders_extremes(params):
    assert F.bayes_explorer().render("svg", **params).startswith(b"<?xml")


BAD_INPUT = {
    "wrong type": [
        (lambda: F.matrix_explorer(t_values="abc"), TypeError, "t_values must be a list"),
        (lambda: F.matrix_explorer(t_values=None), TypeError, "t_values must be a list"),
        (lambda: F.matrix_explorer(t_values=[True, False]), TypeError, "booleans"),
        (lambda: F.matrix_explorer(families="shear"), TypeError, "families must be a list"),
        (lambda: F.matrix_explorer(limit=True), TypeError, "limit must be a real number"),
        (lambda: F.matrix_family("shear", "a"), TypeError, "t must be array-like"),
        (lambda: F.matrix_family("shear", True), TypeError, "t must be a number"),
        (lambda: F.gaussian_explorer(sigma1="1"), TypeError, "sigma1 must be a real number"),
        (lambda: F.gaussian_explorer(rhos=[True, False]), TypeError, "booleans"),
        (lambda: F.gaussian_explorer(n_samples=2.5), TypeError, "n_samples must be an integer"),
        (lambda: F.gaussian_explorer(seed=True), TypeError, "seed must be an integer"),
        (lambda: F.bayes_explorer(sensitivity="high"), TypeError, "sensitivity must be a real"),
        (lambda: F.bayes_explorer(population=1e6), TypeError, "population must be an integer"),
    ],
    "complex numbers": [
        (lambda: F.matrix_explorer(t_values=[0, 1j]), TypeError, "t_values must contain real"),
        (lambda: F.matrix_family("shear", 1j), TypeError, "t must contain real"),
        (lambda: F.gaussian_explorer(rhos=[0, 0.5j]), TypeError, "rhos must contain real"),
        (lambda: F.gaussian_explorer(sigma1=1j), TypeError, "sigma1 must be a real"),
        (lambda: F.bayes_explorer(prevalences=[0.1, 0.2j]), TypeError, "must contain real"),
    ],
    "wrong shape or count": [
        (lambda: F.matrix_explorer(t_values=[1.0]), ValueError, "at least 2"),
        (lambda: F.matrix_explorer(t_values=list(range(11))), ValueError, "at most 40"),
        (lambda: F.matrix_family("shear", [1.0, 2.0]), ValueError, "t must be 0-D"),
        (lambda: F.gaussian_explorer(rhos=np.linspace(-0.9, 0.9, 19)), ValueError, "at most 40"),
    ],
    "wrong value": [
        (lambda: F.matrix_explorer(t_values=[0, 0]), ValueError, "distinct"),
        (lambda: F.matrix_explorer(t_values=[0, np.nan]), ValueError, "NaN"),
        (lambda: F.matrix_explorer(t_values=[0, 1e6]), ValueError, "t_values must lie in"),
        (lambda: F.matrix_explorer(families=["scale", "spin"]), ValueError, "families must be"),
        (lambda: F.matrix_explorer(families=[["scale"], ["shear"]]), ValueError,
         "families must be"),
        (lambda: F.matrix_explorer(families=["shear", "shear"]), ValueError, "distinct"),
        (lambda: F.matrix_explorer(limit=0), ValueError, "limit must be greater than 0"),
        (lambda: F.matrix_explorer(limit=1e4), ValueError, "limit must lie in"),
        (lambda: F.matrix_family("spin", 1.0), ValueError, "family must be one of"),
        (lambda: F.matrix_family(["shear"], 1.0), ValueError, "family must be one of"),
        (lambda: F.matrix_family("shear", np.inf), ValueError, "NaN or infinite"),
        (lambda: F.gaussian_explorer(rhos=[0.0, 1.0]), ValueError,
         r"rho must lie in \(-1.0, 1.0\)"),
        (lambda: F.gaussian_explorer(sigma2s=[1.0, -1.0]), ValueError, "sigma2 must lie in"),
        (lambda: F.gaussian_explorer(sigma2s=[1.0, 1e-300]), ValueError, "sigma2 must lie in"),
        (lambda: F.gaussian_explorer(sigma1=0), ValueError, "sigma1 must lie in"),
        (lambda: F.gaussian_explorer(n_samples=-1), ValueError, "n_samples must be at least 0"),
        (lambda: F.gaussian_explorer(seed=-1), ValueError, "seed must be at least 0"),
        (lambda: F.bayes_explorer(prevalences=[0.0, 0.1]), ValueError, "prevalences must lie"),
        (lambda: F.bayes_explorer(false_positive_rates=[0.1, 0.1]), ValueError, "distinct"),
        (lambda: F.bayes_explorer(sensitivity=1.5), ValueError, "sensitivity must lie"),
        (lambda: F.bayes_explorer(population=10), ValueError, "population must be at least"),
    ],
}
CASES = [(kind, *case) for kind, cases in BAD_INPUT.items() for case in cases]


@pytest.mark.parametrize("kind, call, error, match", CASES,
                         ids=[f"{kind}-{i}" for i, (kind, *_) in enumerate(CASES)])
def test_bad_arguments_give_clear_errors(kind, call, error, match):
    with pytest.raises(error, match=match):
        call()
