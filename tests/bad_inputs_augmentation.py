"""Valid calls of dlbook.augmentation and its widgets for tests/test_bad_inputs.py."""

import numpy as np

_RNG = np.random.default_rng(0)
_X = _RNG.normal(size=(20, 3))

MODULES = ("augmentation",)
WIDGET_MODULES = ("augmentation",)

CASES = {
    "augmentation.smoothing_targets": ((10, 0.1), {"kind": "keras"}, {}),
    "augmentation.smooth_labels": ((np.array([0, 2, 1]), 3, 0.1), {"kind": "uniform-others"}, {}),
    "augmentation.optimal_logit_gap": ((10, 0.1), {"kind": "keras"}, {}),
    "augmentation.loss_of_logit_gap": ((np.linspace(-1.0, 5.0, 7), 10, 0.1), {"kind": "keras"},
                                       {}),
    "augmentation.noisy_input_squared_error": ((np.ones(3), 0.5, _X, _X[:, 0], 0.3), {}, {}),
    "augmentation.transform_images": ((_RNG.random((2, 8, 8)),),
                                      {"shift": (1.0, 0.5), "degrees": 10.0, "zoom": 1.2}, {}),
    "widgets.label_smoothing_explorer": ((), {"epsilons": (0.0, 0.1), "n_classes": 10,
                                              "kinds": ("keras", "uniform-others")}, {}),
    "widgets.smoothing_outcome": ((10, 0.1), {"kind": "keras"}, {}),
    "widgets.augmentation_explorer": ((), {"transforms": ("unchanged", "flip left to right"),
                                           "digits": (6, 9)}, {}),
}

EXEMPT = {}
