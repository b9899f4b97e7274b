"""Bad-input cases of dlbook.penalties and dlbook.widgets.penalties (see test_bad_inputs.py)."""

import numpy as np

_RNG = np.random.default_rng(0)
_X = _RNG.normal(size=(20, 3))
_Y = _X @ np.array([1.0, 0.0, -1.0]) + _RNG.normal(size=20)

MODULES = ("penalties",)
WIDGET_MODULES = ("penalties",)
CASES = {
    "penalties.ridge": ((_X, _Y, 0.1), {"intercept": True}, {}),
    "penalties.soft_threshold": ((_Y, 0.5), {}, {}),
    "penalties.lasso": ((_X, _Y, 0.1), {"intercept": True, "tol": 1e-8, "max_steps": 1000}, {}),
    "penalties.lasso_objective": ((_X, _Y, 0.1, np.zeros(3), 0.0), {}, {}),
    "penalties.penalized_quadratic_optimum": ((np.array([1.5, 0.5]), np.array([1.0, 1.5]), 0.3),
                                              {"kind": "l1"}, {}),
    "widgets.penalty_geometry_explorer": (((0.0, 0.5),), {"w_star": (1.5, 0.5),
                                                          "h_diag": (1.0, 1.5)}, {}),
    "widgets.penalty_geometry_outcome": ((0.3,), {"w_star": (1.5, 0.5), "h_diag": (1.0, 1.5)},
                                         {}),
}
EXEMPT = {}
