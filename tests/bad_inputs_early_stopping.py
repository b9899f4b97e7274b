"""Bad-input cases of dlbook.early_stopping (loaded by test_bad_inputs.py)."""

import numpy as np


def _step():
    return np.zeros(2)


def _evaluate(params):
    return 1.0


MODULES = ("early_stopping",)
CASES = {
    "early_stopping.early_stopping": ((_step, _evaluate, 5, 2), {"every": 1}, {}),
    "early_stopping.gd_quadratic_factors": ((np.array([0.1, 1.0]), 0.1, 10), {}, {}),
    "early_stopping.l2_factors": ((np.array([0.1, 1.0]), 0.01), {}, {}),
    "early_stopping.gd_path": ((np.eye(2), np.ones(2), 0.1, 5), {}, {}),
    "early_stopping.l2_path": ((np.eye(2), np.ones(2), np.array([0.1, 1.0])), {}, {}),
}
EXEMPT = {"early_stopping.EarlyStoppingResult": "a record of results (a dataclass)"}
