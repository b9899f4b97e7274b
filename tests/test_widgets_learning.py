"""The Chapter 2 widgets: they build, stay within their frame budget, and draw every extreme."""

from __future__ import annotations

import base64

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import learning  # noqa: E402


def texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts + [ax.title])


@pytest.fixture(scope="module")
def degree_explorer():
    return learning.polynomial_degree_explorer()


@pytest.fixture(scope="module")
def threshold():
    return learning.threshold_explorer()


def test_widgets_are_exported():
    assert set(learning.__all__) <= set(dir(dlbook.widgets))
    assert dlbook.widgets.threshold_explorer is learning.threshold_explorer


# -- polynomial degree -------------------------------------------------------------------------
def test_degree_explorer_sliders_and_budget(degree_explorer):
    degree, size = degree_explorer.sliders
    assert degree.values == tuple(range(13)) and degree.default == 3
    assert size.values == (15, 30, 100) and size.default == 30
    assert len(degree_explorer.combinations()) == 39 <= learning.MAX_WIDGET_FRAMES


@pytest.mark.parametrize("params", [dict(), dict(degree=0, n_train=15),
                                    dict(degree=12, n_train=15), dict(degree=12, n_train=100)])
def test_degree_explorer_draws_extremes(degree_explorer, params):
    fig = degree_explorer.figure(**params)
    ax_fit, ax_err = fig.axes
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax_err.get_yscale() == "log"
    assert len(ax_fit.lines) == 2  # true function and the fit
    assert degree_explorer.render("svg", **params).startswith(b"<?xml")


def test_degree_explorer_shows_overfitting(degree_explorer):
    # the degree-12 fit to 15 points leaves the plotted range, and the note says so
    assert "leaves the plotted range" in texts(degree_explorer.figure(degree=12, n_train=15))
    assert "leaves the plotted range" not in texts(degree_explorer.figure(degree=3, n_train=30))


def test_degree_explorer_without_noise_draws_cleanly():
    import warnings

    explorer = learning.polynomial_degree_explorer(max_degree=3, train_sizes=[10, 20], noise=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.render("svg", degree=3, n_train=10)


def test_degree_explorer_with_one_training_size():
    explorer = learning.polynomial_degree_explorer(max_degree=4, train_sizes=[20])
    assert [s.name for s in explorer.sliders] == ["degree"]
    assert len(explorer.frames) == 5


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(max_degree=0), ValueError, "max_degree must be at least 1"),
    (dict(max_degree=3.5), TypeError, "max_degree must be an integer"),
    (dict(train_sizes=[30, 15]), ValueError, "increasing"),
    (dict(train_sizes=[1]), ValueError, "at least 2"),
    (dict(train_sizes=15), TypeError, "train_sizes must be a list"),
    (dict(max_degree=20, train_sizes=[10, 20]), ValueError, "budget of 40"),
    (dict(noise=-1), ValueError, "noise must be 0 or greater"),
    (dict(n_test=5), ValueError, "n_test must be at least 10"),
])
def test_degree_explorer_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        learning.polynomial_degree_explorer(**kwargs)


# -- bias and variance -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bias_variance():
    return learning.bias_variance_explorer(n_repeats=60)


def test_bias_variance_explorer_slider_and_budget(bias_variance):
    (slider,) = bias_variance.sliders
    assert slider.values == tuple(range(13)) and slider.default == 3
    assert len(bias_variance.combinations()) <= learning.MAX_WIDGET_FRAMES


@pytest.mark.parametrize("degree", [0, 3, 12])
def test_bias_variance_explorer_draws_extremes(bias_variance, degree):
    fig = bias_variance.figure(degree=degree)
    ax_fits, ax_terms = fig.axes
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert f"Degree {degree}" in ax_fits.get_title()
    assert len(ax_fits.lines) == 25 + 3  # the fits, a legend proxy, the truth, the average


def test_bias_variance_explorer_random_design_is_clipped():
    explorer = learning.bias_variance_explorer(max_degree=12, n_repeats=30, design="random")
    fig = explorer.figure(degree=12)  # wild fits: drawn, but clipped to the panel
    assert fig.axes[1].get_ylim()[1] <= 2.2
    assert explorer.render("svg", degree=12).startswith(b"<?xml")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(max_degree=0), ValueError, "max_degree must be at least 1"),
    (dict(max_degree=40), ValueError, "max_degree must be at most 39"),
    (dict(n_shown=0), ValueError, "n_shown must be at least 1"),
    (dict(n_repeats=10, n_shown=20), ValueError, "n_shown must be at most 10"),
    (dict(design="grid"), ValueError, "design must be one of"),
    (dict(noise=-1.0), ValueError, "noise must be 0 or greater"),
    (dict(n_train=0), ValueError, "n_train must be at least 1"),
])
def test_bias_variance_explorer_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        learning.bias_variance_explorer(**kwargs)


# -- decision threshold --------------------------------------------------------------------------
def test_threshold_explorer_slider_and_budget(threshold):
    (slider,) = threshold.sliders
    assert slider.values[0] == 0.0 and slider.values[-1] == 1.0 and len(slider.values) == 21
    assert slider.default == 0.5
    assert len(threshold.combinations()) <= learning.MAX_WIDGET_FRAMES


@pytest.mark.parametrize("t", [0.0, 0.5, 1.0])
def test_threshold_explorer_draws_extremes(threshold, t):
    fig = threshold.figure(threshold=t)
    assert len(fig.axes) == 4
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    written = texts(fig)
    # at t = 1 no tumour scores high enough: precision is 0/0 and is shown as undefined
    assert ("undefined (0/0)" in written) == (t == 1.0)
    assert f"t = {t:.2f}" in written


def test_threshold_explorer_counts_are_consistent(threshold):
    fig = threshold.figure(threshold=0.0)
    cm_axes = fig.axes[2]
    shown = {t.get_text().split()[0]: int(t.get_text().split()[1]) for t in cm_axes.texts}
    assert shown["TN"] == 0 and shown["FN"] == 0  # everything is called malignant
    assert shown["TP"] + shown["FP"] == 171  # 30 % of 569 tumours are held out


def test_threshold_explorer_all_features_and_flipbook():
    explorer = learning.threshold_explorer(features=None, thresholds=[0.0, 0.5, 1.0])
    assert "all 30 measurements" in explorer._alt_for(explorer.defaults)
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert 'data-frames="3"' in bundle["text/html"]


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(features=["tumour colour"]), ValueError, "unknown"),
    (dict(features=[]), ValueError, "features must be None"),
    (dict(thresholds=[0.5, 0.2]), ValueError, "increase strictly"),
    (dict(thresholds=[-0.1, 0.5]), ValueError, r"lie in \[0, 1\]"),
    (dict(thresholds=[0.5]), ValueError, "at least 2"),
    (dict(thresholds=np.linspace(0, 1, 41)), ValueError, "budget of 40"),
    (dict(test_size=0.95), ValueError, "test_size"),
    (dict(seed=-1), ValueError, "seed"),
])
def test_threshold_explorer_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        learning.threshold_explorer(**kwargs)


def test_every_frame_states_its_outcome_in_its_alt_text():
    threshold = learning.threshold_explorer(thresholds=[0.0, 0.5, 1.0])
    alts = {t: threshold._alt_for({"threshold": t}) for t in (0.0, 0.5, 1.0)}
    assert alts[0.0].startswith("At threshold t = 0.00: 64 of 64 malignant tumours found")
    assert "precision undefined (0/0)" in alts[1.0]
    assert len(set(alts.values())) == 3
    degree = learning.polynomial_degree_explorer(max_degree=3, train_sizes=(15, 30))
    assert degree._alt_for({"degree": 2, "n_train": 15}).startswith("Degree 2 fitted to 15 points")
    one_size = learning.polynomial_degree_explorer(max_degree=3, train_sizes=(15,))
    assert one_size._alt_for({"degree": 1}).startswith("Degree 1 fitted to 15 points")
    bv = learning.bias_variance_explorer(max_degree=3, n_repeats=20, n_shown=5)
    assert bv._alt_for({"degree": 3}).startswith("Degree 3: squared bias")


@pytest.mark.parametrize("features", [5, ["mean radius", 3], {"mean radius"}])
def test_threshold_explorer_refuses_features_of_the_wrong_type(features):
    with pytest.raises(TypeError, match="features"):
        learning.threshold_explorer(features=features)


def test_widgets_accept_numpy_scalars():
    e = learning.polynomial_degree_explorer(max_degree=np.int64(3), train_sizes=(np.int64(15),),
                                            noise=np.float64(0.3), seed=np.int64(0))
    assert len(e.combinations()) == 4
    e = learning.threshold_explorer(thresholds=np.array([0.2, 0.8]), test_size=np.float64(0.3),
                                    seed=np.int64(0))
    assert len(e.combinations()) == 2
