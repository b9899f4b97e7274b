"""dlbook.widgets.cnn: the equivariance, layer-shape, receptive-field and pooling explorers."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook import conv  # noqa: E402
from dlbook.widgets import cnn  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


@pytest.fixture(scope="module")
def equivariance():
    return cnn.equivariance_explorer()


def test_exported_from_widgets_package():
    for name in cnn.__all__:
        if name != "KERNELS":
            assert getattr(dlbook.widgets, name) is getattr(cnn, name)


def test_equivariance_frames_state_agreement_away_from_the_border(equivariance):
    alts = [equivariance._alt_for(p) for p in equivariance.combinations()]
    assert len(set(alts)) == len(alts) and len(alts) <= 30
    for params, alt in zip(equivariance.combinations(), alts):
        s = params["shift"]
        if s == 0:
            assert "nothing has moved" in alt
        else:
            known = 26 * (26 - s)
            assert f"agree at all {known} of the {known} positions" in alt
            assert f"the {s} border column" in alt
    text = render_quietly(equivariance, shift=max(equivariance.sliders[1].values))
    assert "equal away from" in text


def test_layer_shape_explorer_states_the_formula():
    explorer = cnn.layer_shape_explorer()
    assert explorer.defaults == {"W": 7, "F": 3, "P": 0, "S": 1}
    assert explorer._alt_for({"W": 7, "F": 3, "P": 0, "S": 1}).startswith(
        "⌊(7 − 3 + 2·0)/1⌋ + 1 = 5 outputs")
    assert "896 parameters" in explorer._alt_for(explorer.defaults)
    assert "= 3 outputs" in explorer._alt_for({"W": 7, "F": 3, "P": 0, "S": 2})
    alt = explorer._alt_for({"W": 32, "F": 5, "P": 2, "S": 1})
    assert "= 32 outputs; as long as the input" in alt
    alt = explorer._alt_for({"W": 7, "F": 5, "P": 1, "S": 3})
    assert "the last 1 padded input is never read" in alt
    for params in explorer.combinations():
        O = conv.output_size(params["W"], params["F"], params["P"], params["S"])
        assert f"= {O} outputs" in explorer._alt_for(params)
    render_quietly(explorer, W=32, F=5, P=2, S=3)
    small = cnn.layer_shape_explorer(widths=(1, 2), kernel_sizes=(3, 5), paddings=(0, 1))
    assert "does not fit" in small._alt_for({"W": 1, "F": 5, "P": 0, "S": 1})
    assert "does not fit" in render_quietly(small, W=1, F=5, P=0, S=1)


def test_receptive_field_explorer_matches_the_formula():
    explorer = cnn.receptive_field_explorer()
    for params in explorer.combinations():
        r = conv.receptive_field([(params["F"], params["S"])] * params["depth"])
        assert f"depends on {r} inputs" in explorer._alt_for(params)
    assert "sees 7 inputs" in render_quietly(explorer, depth=3, F=3, S=1)
    render_quietly(explorer, depth=4, F=5, S=2)


def test_pooling_explorer_counts_changes():
    explorer = cnn.pooling_shift_explorer()
    alt = explorer._alt_for({"shift": 1, "kind": "max", "size": 3})
    assert "16 of 16 detector outputs changed, 10 of 16 pooled outputs changed" in alt
    alt = explorer._alt_for({"shift": 1, "kind": "average", "size": 3})
    assert "16 of 16 pooled outputs changed" in alt
    assert "0 of 16 pooled" in explorer._alt_for({"shift": 0, "kind": "l2", "size": 2})  # any shift
    render_quietly(explorer, shift=2, kind="l2", size=3)
    wide = cnn.pooling_shift_explorer(shifts=(0, 6), kinds=("weighted", "max"), sizes=(1, 8))
    render_quietly(wide, shift=6, kind="weighted", size=8)
    assert "pooled outputs changed" in wide._alt_for({"shift": 6, "kind": "max", "size": 1})


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="kernels"):
        cnn.equivariance_explorer(kernels=("sobel x", "emboss"))
    with pytest.raises(ValueError, match="shifts"):
        cnn.equivariance_explorer(shifts=(2, 1))
    with pytest.raises(ValueError, match="each entry of shifts"):
        cnn.equivariance_explorer(shifts=(0, 30))
    with pytest.raises(TypeError, match="widths"):
        cnn.layer_shape_explorer(widths=(7.5, 8))
    with pytest.raises(ValueError, match="kinds"):
        cnn.pooling_shift_explorer(kinds=("max", "median"))
    with pytest.raises(ValueError, match="max_depth"):
        cnn.receptive_field_explorer(max_depth=9)
