"""dlbook.widgets.regression: the learning-rate explorer and the logistic-curve explorer."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import regression  # noqa: E402


@pytest.fixture(scope="module")
def problem():
    return regression.least_squares_problem()


@pytest.fixture(scope="module")
def explorer():
    return regression.learning_rate_explorer()


def test_exported_from_widgets_package():
    assert dlbook.widgets.learning_rate_explorer is regression.learning_rate_explorer
    assert "learning_rate_explorer" in dir(dlbook.widgets)


def test_learning_rate_explorer_builds(explorer, problem):
    rates = explorer.sliders[0].values
    assert len(rates) == len(regression.DEFAULT_LEARNING_RATES) + 2
    assert 8 <= len(explorer.combinations()) <= 40
    assert any(np.isclose(r, 2 / problem["L"], rtol=1e-12) for r in rates)
    assert "learning rate" in repr(explorer)
    assert explorer.title


def test_every_frame_states_its_outcome(explorer):
    alts = [explorer._alt_for(p) for p in explorer.combinations()]
    assert len(set(alts)) == len(alts)  # each frame its own alt text
    texts = {p["learning_rate"]: regression.learning_rate_outcome(p["learning_rate"])["text"]
             for p in explorer.combinations()}
    for params, alt in zip(explorer.combinations(), alts):
        assert alt.startswith(texts[params["learning_rate"]])
    assert texts[0.03] == "η = 0.03: converging slowly, 79 % of the way after 30 steps"
    assert "diverging" in texts[1.1] and "converging" in texts[0.35]
    assert any("oscillates forever" in t for t in texts.values())


@pytest.mark.parametrize("eta", [min(regression.DEFAULT_LEARNING_RATES),
                                 max(regression.DEFAULT_LEARNING_RATES)])
def test_extreme_learning_rates_render_without_warnings(explorer, eta):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = explorer.render("svg", learning_rate=eta)
    assert svg.startswith(b"<?xml") and b"NaN" not in svg
    text = svg.decode()
    if eta == max(regression.DEFAULT_LEARNING_RATES):
        assert "DIVERGES" in text and "diverging" in text


def test_regimes_match_the_thresholds(problem):
    H, L = problem["hessian"], problem["L"]
    classify = regression.classify_learning_rate
    assert classify(0.5 / L, H)[0] == "monotone"
    assert classify(1 / L, H)[0] == "monotone"  # the steep component is solved in one step
    assert classify(1.01 / L, H)[0] == "oscillating"
    assert classify(0.99 * 2 / L, H)[0] == "oscillating"
    regime, rho = classify(2 / L, H)
    assert regime == "boundary" and np.isclose(rho, 1.0)
    assert classify(2 / L * (1 + 1e-6), H)[0] == "diverging"
    assert classify(2 / L * (1 - 1e-6), H)[0] == "oscillating"
    assert classify(1.01 * 2 / L, H)[0] == "diverging"
    regimes = {classify(r, H)[0] for r in regression.DEFAULT_LEARNING_RATES}
    assert regimes == {"monotone", "oscillating", "diverging"}
    assert set(regression.REGIMES) == {"monotone", "oscillating", "boundary", "diverging"}
    assert np.allclose(problem["grad"](problem["theta_star"]), 0, atol=1e-12)


def test_boundary_oscillates_without_growing(problem):
    """At eta = 2/L the steep component flips sign at full size; just above it grows."""
    H, L = problem["hessian"], problem["L"]
    lam, Q = np.linalg.eigh(H)
    at = regression.learning_rate_outcome(2 / L, n_steps=200, problem=problem)
    steep = (at["path"] - problem["theta_star"]) @ Q[:, -1]
    assert np.allclose(np.abs(steep), abs(steep[0]), rtol=1e-6)
    assert np.all(np.sign(steep[1:]) == -np.sign(steep[:-1]))
    above = regression.learning_rate_outcome(2 / L * 1.01, n_steps=200, problem=problem)
    assert above["final_excess"] > 100 * at["final_excess"]


def test_outcomes_quoted_by_the_book(problem):
    excess = {eta: regression.learning_rate_outcome(eta, problem=problem)["final_excess"]
              for eta in (0.35, 0.5, 0.65)}
    assert np.isclose(excess[0.35], 1.4e-3, rtol=0.05)
    assert np.isclose(excess[0.5], 1.7e-4, rtol=0.05)
    assert np.isclose(excess[0.65], 2.0e-5, rtol=0.05)
    assert np.isclose(regression.learning_rate_outcome(0.03)["travelled"], 0.79, atol=0.005)
    lam = np.linalg.eigvalsh(problem["hessian"])
    assert np.isclose(2 / lam.sum(), 0.728, atol=5e-4)


def test_classify_refuses_bad_hessians():
    classify = regression.classify_learning_rate
    with pytest.raises(ValueError, match="symmetric"):
        classify(0.1, np.array([[1.0, 0.5], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        classify(0.1, np.ones((2, 3)))
    with pytest.raises(ValueError, match="positive semi-definite"):
        classify(0.1, np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="zero"):
        classify(0.1, np.zeros((2, 2)))
    with pytest.raises(TypeError, match="hessian"):
        classify(0.1, np.eye(2) * 1j)
    with pytest.raises(ValueError, match="hessian must be 2-D"):
        classify(0.1, np.ones(3))
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        classify(0.0, np.eye(2))
    with pytest.raises(TypeError, match="learning_rate"):
        classify("0.1", np.eye(2))
    # a flat direction changes neither the cost nor the regime
    assert classify(0.5, np.diag([0.0, 1.0])) == ("monotone", 0.5)
    assert classify(np.float32(1.0), np.diag([1.0, 2.0]))[0] == "boundary"


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
    with pytest.raises(TypeError, match="learning_rates"):
        regression.learning_rate_explorer(learning_rates="0.1, 0.2")
    with pytest.raises(ValueError, match="n_steps must be at least 1"):
        regression.learning_rate_explorer(n_steps=0)
    with pytest.raises(TypeError, match="n_steps must be an integer"):
        regression.learning_rate_explorer(n_steps=2.5)
    with pytest.raises(ValueError, match="theta0 must have shape"):
        regression.learning_rate_explorer(theta0=(1.0, 2.0, 3.0))
    with pytest.raises(TypeError, match="theta0"):
        regression.learning_rate_explorer(theta0=(1.0 + 1j, 2.0))
    with pytest.raises(TypeError, match="problem"):
        regression.learning_rate_outcome(0.1, problem="the default")
    e = regression.learning_rate_explorer(learning_rates=np.array([0.1, 0.2]),
                                          n_steps=np.int64(5))  # NumPy scalars are fine
    assert len(e.combinations()) == 2


def test_logistic_curve_explorer():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = regression.logistic_curve_explorer()
        assert len(e.combinations()) <= 40
        for b0, b1 in [(-12.0, 0.0), (-6.0, 10.0)]:
            assert e.render("svg", b0=b0, b1=b1).startswith(b"<?xml")
    with pytest.raises(TypeError, match="list of values"):
        regression.logistic_curve_explorer(intercepts=3.0)
    with pytest.raises(TypeError, match="each entry of slopes"):
        regression.logistic_curve_explorer(slopes=[1.0, 2j])
