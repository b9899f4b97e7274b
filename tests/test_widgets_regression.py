"""dlbook.widgets.regression: the learning-rate explorer and the logistic-curve explorer."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import regression  # noqa: E402


def test_exported_from_widgets_package():
    assert dlbook.widgets.learning_rate_explorer is regression.learning_rate_explorer
    assert "learning_rate_explorer" in dir(dlbook.widgets)


def test_learning_rate_explorer_builds():
    e = regression.learning_rate_explorer()
    assert len(e.combinations()) == len(regression.DEFAULT_LEARNING_RATES)
    assert 8 <= len(e.combinations()) <= 40
    assert "learning rate" in repr(e)
    assert e.title and e.alt


@pytest.mark.parametrize("eta", [min(regression.DEFAULT_LEARNING_RATES),
                                 max(regression.DEFAULT_LEARNING_RATES)])
def test_extreme_learning_rates_render_without_warnings(eta):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = regression.learning_rate_explorer()
        svg = e.render("svg", learning_rate=eta)
    assert svg.startswith(b"<?xml") and b"NaN" not in svg
    text = svg.decode()
    if eta == max(regression.DEFAULT_LEARNING_RATES):
        assert "DIVERGES" in text and "diverges" in text


def test_regimes_match_the_threshold():
    problem = regression.least_squares_problem()
    H, L = problem["hessian"], problem["L"]
    assert regression.classify_learning_rate(0.99 * 2 / L, H)[0] == "oscillates"
    assert regression.classify_learning_rate(1.01 * 2 / L, H)[0] == "diverges"
    assert regression.classify_learning_rate(1e-3, H)[0] == "slow"
    rates = regression.DEFAULT_LEARNING_RATES
    regimes = {regression.classify_learning_rate(r, H)[0] for r in rates}
    assert regimes == {"slow", "converges", "oscillates", "diverges"}
    assert np.allclose(problem["grad"](problem["theta_star"]), 0, atol=1e-12)


def test_flipbook_has_every_frame():
    e = regression.learning_rate_explorer(learning_rates=[0.1, 1.5], n_steps=5)
    html = e.to_html()
    assert 'data-frames="2"' in html
    assert len(e.frames) == 2 and all(f.startswith("data:image/svg+xml;base64,") for f in e.frames)
    assert e.frames[0] != e.frames[1]
    bundle = e._repr_mimebundle_()
    assert {"text/plain", "text/html", "image/png"} <= set(bundle)


def test_learning_rate_explorer_bad_arguments():
    with pytest.raises(ValueError, match="increasing"):
        regression.learning_rate_explorer(learning_rates=[0.5, 0.1])
    with pytest.raises(ValueError, match="greater than 0"):
        regression.learning_rate_explorer(learning_rates=[-0.1, 0.1])
    with pytest.raises(ValueError, match="at least 2"):
        regression.learning_rate_explorer(learning_rates=[0.1])
    with pytest.raises(ValueError, match="n_steps must be at least 1"):
        regression.learning_rate_explorer(n_steps=0)
    with pytest.raises(ValueError, match="theta0 must have shape"):
        regression.learning_rate_explorer(theta0=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        regression.classify_learning_rate(0.0, np.eye(2))


def test_logistic_curve_explorer():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = regression.logistic_curve_explorer()
        assert len(e.combinations()) <= 40
        for b0, b1 in [(-12.0, 0.0), (-6.0, 10.0)]:
            assert e.render("svg", b0=b0, b1=b1).startswith(b"<?xml")
    with pytest.raises(TypeError, match="list of values"):
        regression.logistic_curve_explorer(intercepts=3.0)
