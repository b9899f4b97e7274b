"""Bad-input cases of dlbook.ensembles and dlbook.widgets.ensembles (loaded by test_bad_inputs.py)."""

import numpy as np

_X = np.linspace(0, 1, 12)


def _fit(x, y):
    return float(np.mean(y))


def _predict(model, x_new):
    return np.full(len(x_new), model)


_VAL = np.array([1.0, 0.5, 0.4, 0.45, 0.5])

MODULES = ("ensembles",)
WIDGET_MODULES = ("ensembles",)
CASES = {
    "ensembles.bootstrap_indices": ((20,), {"seed": 0}, {}),
    "ensembles.distinct_fraction": ((20,), {}, {}),
    "ensembles.bag": ((_fit, _predict, _X, 2 * _X, _X[:3], 3), {"seed": 0}, {}),
    "ensembles.ensemble_variance": ((1.0, 0.3, 5), {}, {}),
    "ensembles.dropout_mask": (((3, 4), 0.5), {"seed": 0}, {"shape": {"NaN", "complex"}}),
    "ensembles.inverted_dropout": ((np.ones((3, 4)), 0.5), {"seed": 0, "training": True}, {}),
    "ensembles.all_masks": ((3,), {}, {}),
    "widgets.patience_explorer": ((_VAL,), {"train_loss": _VAL / 2, "patiences": (1, 2)},
                                  {"train_loss": {"None"}}),  # None: no training curve
    "widgets.stopping_outcome": ((_VAL, 2), {}, {}),
}
EXEMPT = {"widgets.dropout_explorer": "takes a dict of recorded curves (which the sweep cannot "
                                      "vary); its bad input is tested in test_widgets_ensembles.py"}
