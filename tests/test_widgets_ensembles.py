"""dlbook.widgets.ensembles: the patience explorer and the dropout explorer."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import ensembles  # noqa: E402
from widget_checks import render_quietly  # noqa: E402

VAL = np.r_[np.linspace(2.0, 0.35, 20), np.linspace(0.36, 0.45, 40)]
TRAIN = np.geomspace(2.0, 0.01, 60)
CURVES = {0.0: (np.linspace(0.8, 1.0, 12), np.linspace(0.8, 0.9, 12)),
          0.5: (np.linspace(0.7, 0.96, 12), np.linspace(0.8, 0.92, 12))}


def test_exported_from_widgets_package():
    assert dlbook.widgets.patience_explorer is ensembles.patience_explorer
    assert dlbook.widgets.dropout_explorer is ensembles.dropout_explorer


def test_stopping_outcome_states_the_epochs():
    out = ensembles.stopping_outcome(VAL, 5)
    assert out["restored"] == 20 and out["stopped"] == 25 and not out["ran_out"]
    assert out["text"] == ("patience 5: stops after epoch 25 and restores epoch 20 "
                           "(validation loss 0.350)")
    long = ensembles.stopping_outcome(VAL, 1000)
    assert long["ran_out"] and "does not stop within 60 epochs" in long["text"]


def test_patience_explorer_frames_and_alt():
    explorer = ensembles.patience_explorer(VAL, TRAIN, patiences=(1, 5, 40, 100))
    alts = [explorer._alt_for(p) for p in explorer.combinations()]
    assert len(set(alts)) == len(alts)
    assert alts[0].startswith("patience 1: stops after epoch 21 and restores epoch 20")
    assert "does not stop" in alts[-1]
    for patience in (1, 100):  # the extremes
        svg = render_quietly(explorer, patience=patience)
        assert "restored" in svg


def test_dropout_explorer_frames_and_alt():
    explorer = ensembles.dropout_explorer(CURVES, samples=3)
    assert len(explorer.combinations()) == 6
    alts = {explorer._alt_for(p) for p in explorer.combinations()}
    zero = explorer._alt_for({"rate": 0.0, "sample": 0})
    assert zero.startswith("rate 0: 14 of 14 hidden units kept; after 12 epochs") \
        or zero.startswith("rate 0: 12 of 12 hidden units kept; after 12 epochs")
    assert "gap 0.100" in zero
    half = explorer._alt_for({"rate": 0.5, "sample": 1})
    assert "each scaled by 2.00" in half and "gap 0.040" in half
    assert len(alts) >= 3  # the masks differ
    for params in ({"rate": 0.0, "sample": 0}, {"rate": 0.5, "sample": 2}):
        render_quietly(explorer, **params)


def test_extreme_rate_renders():
    explorer = ensembles.dropout_explorer({0.0: CURVES[0.0], 0.95: CURVES[0.5]}, samples=2)
    render_quietly(explorer, rate=0.95, sample=0)


@pytest.mark.parametrize("call, match", [
    (lambda: ensembles.patience_explorer(VAL, TRAIN[:10]), "train_loss"),
    (lambda: ensembles.patience_explorer(VAL, patiences=(5, 3)), "patiences"),
    (lambda: ensembles.patience_explorer(-VAL), "positive"),
    (lambda: ensembles.dropout_explorer({0.0: CURVES[0.0]}), "curves"),
    (lambda: ensembles.dropout_explorer({0.0: CURVES[0.0], 1.0: CURVES[0.5]}), "rate"),
    (lambda: ensembles.dropout_explorer({0.0: CURVES[0.0], 0.5: (np.ones(3), np.ones(4))}),
     "same length"),
    (lambda: ensembles.dropout_explorer(CURVES, layer_sizes=(3, 4)), "layer_sizes"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
