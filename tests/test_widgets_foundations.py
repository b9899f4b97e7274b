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


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.matrix_explorer(t_values=[1.0]), ValueError, "at least 2"),
    (lambda: F.matrix_explorer(t_values=[0, 0]), ValueError, "distinct"),
    (lambda: F.matrix_explorer(t_values=list(range(11))), ValueError, "at most 40"),
    (lambda: F.matrix_explorer(families=["scale", "spin"]), ValueError, "families must be"),
    (lambda: F.matrix_explorer(limit=0), ValueError, "limit must be greater than 0"),
    (lambda: F.matrix_explorer(t_values="abc"), TypeError, "t_values must be a list"),
    (lambda: F.matrix_family("spin", 1.0), ValueError, "family must be one of"),
    (lambda: F.gaussian_explorer(rhos=[0.0, 1.0]), ValueError, r"rho must lie in \(-1.0, 1.0\)"),
    (lambda: F.gaussian_explorer(sigma2s=[1.0, -1.0]), ValueError, "sigma2 must be greater"),
    (lambda: F.gaussian_explorer(sigma1=0), ValueError, "sigma1 must be greater"),
    (lambda: F.gaussian_explorer(n_samples=-1), ValueError, "n_samples must be at least 0"),
    (lambda: F.gaussian_explorer(rhos=np.linspace(-0.9, 0.9, 19)), ValueError, "at most 40"),
    (lambda: F.bayes_explorer(prevalences=[0.0, 0.1]), ValueError, "prevalences must lie"),
    (lambda: F.bayes_explorer(sensitivity=1.5), ValueError, "sensitivity must lie"),
    (lambda: F.bayes_explorer(population=10), ValueError, "population must be at least"),
])
def test_bad_arguments_give_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
