"""Bad-input cases of dlbook.adversarial and its explorer (see tests/test_bad_inputs.py)."""

from __future__ import annotations

import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras  # noqa: E402

keras.utils.set_random_seed(0)
_MODEL = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                           keras.layers.Dense(10)])
_IMAGES = np.random.default_rng(0).uniform(size=(2, 28, 28))
_LABELS = np.array([3, 7])
_LOSS = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

MODULES = ("adversarial",)
WIDGET_MODULES = ("adversarial",)

# name: (args, kwargs, {argument: classes of bad input to skip})
CASES = {
    "adversarial.input_gradient": ((_MODEL, _IMAGES, _LABELS), {"loss": _LOSS}, {}),
    # clip=None is allowed: it means no clipping
    "adversarial.fgsm": ((_MODEL, _IMAGES, _LABELS, 0.1), {"loss": _LOSS, "clip": (0.0, 1.0)},
                         {"clip": {"None"}}),
    "adversarial.linear_worst_case": ((np.array([0.5, -1.0, 2.0]), 0.1), {}, {}),
    "widgets.fgsm_explorer": ((_MODEL, _IMAGES, _LABELS), {"epsilons": (0.0, 0.1),
                                                           "loss": _LOSS}, {}),
}

EXEMPT = {}
