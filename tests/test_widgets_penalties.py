"""dlbook.widgets.penalties: the L1/L2 geometry explorer."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import penalties  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


@pytest.fixture(scope="module")
def explorer():
    return penalties.penalty_geometry_explorer()


def test_exported_from_widgets_package():
    assert dlbook.widgets.penalty_geometry_explorer is penalties.penalty_geometry_explorer
    assert "penalty_geometry_explorer" in dir(dlbook.widgets)


def test_explorer_builds_with_a_modest_number_of_frames(explorer):
    assert 5 <= len(explorer.combinations()) <= 30
    assert "penalties" in repr(explorer).lower() or explorer.title


def test_every_frame_states_its_outcome(explorer):
    alts = [explorer._alt_for(p) for p in explorer.combinations()]
    assert len(set(alts)) == len(alts)
    for params, alt in zip(explorer.combinations(), alts):
        assert alt.startswith(penalties.penalty_geometry_outcome(params["alpha"])["text"])
    text = penalties.penalty_geometry_outcome(0.9)["text"]
    assert text == ("α = 0.9: L1 minimum (0.60, 0.00), w₂ exactly 0; "
                    "L2 minimum (0.79, 0.31), no weight is zero")


def test_l1_reaches_the_axes_and_l2_never_does():
    out = {a: penalties.penalty_geometry_outcome(a) for a in penalties.DEFAULT_ALPHAS}
    assert out[0.0]["l1_zeros"] == 0 and np.allclose(out[0.0]["l1"], out[0.0]["l2"])
    assert out[0.5]["l1_zeros"] == 0 and out[0.75]["l1_zeros"] == 1
    assert out[1.5]["l1_zeros"] == 2 and "both weights exactly 0" in out[2.0]["text"]
    assert all(o["l2_zeros"] == 0 for o in out.values())


@pytest.mark.parametrize("alpha", [min(penalties.DEFAULT_ALPHAS), 0.75,
                                   max(penalties.DEFAULT_ALPHAS)])
def test_extreme_settings_render_without_warnings(explorer, alpha):
    svg = render_quietly(explorer, alpha=alpha)
    assert "exactly 0" in svg or alpha == 0.0


def test_other_problems_and_bad_input():
    e = penalties.penalty_geometry_explorer((0.0, 5.0), w_star=(-1.0, 2.0), h_diag=(2.0, 0.5))
    render_quietly(e, alpha=5.0)
    with pytest.raises(ValueError, match="alphas"):
        penalties.penalty_geometry_explorer((0.5, 0.1))
    with pytest.raises(ValueError, match="w_star"):
        penalties.penalty_geometry_explorer(w_star=(0.0, 0.0))
    with pytest.raises(ValueError, match="h_diag"):
        penalties.penalty_geometry_explorer(h_diag=(1.0, -1.0))
    with pytest.raises(ValueError, match="alpha"):
        penalties.penalty_geometry_outcome(-0.1)
