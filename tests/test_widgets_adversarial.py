"""dlbook.widgets.adversarial: the FGSM explorer."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

keras = pytest.importorskip("keras")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import adversarial as widgets  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    (x_train, y_train), (x_test, y_test) = dlbook.data.load_mnist_subset(normalize=True)
    return x_train, y_train, x_test[:4], y_test[:4]


@pytest.fixture(scope="module")
def template_model(digits):
    """Softmax regression whose weights are the centred mean image of each digit: no training."""
    x_train, y_train, _, _ = digits
    flat = x_train.reshape(len(x_train), -1)
    means = np.stack([flat[y_train == d].mean(axis=0) for d in range(10)])
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10)])
    model.layers[-1].set_weights([10 * (means - means.mean(axis=0)).T.astype(np.float32),
                                  np.zeros(10, np.float32)])
    return model


@pytest.fixture(scope="module")
def explorer(template_model, digits):
    _, _, images, labels = digits
    return widgets.fgsm_explorer(template_model, images, labels)


def test_exported_from_widgets_package():
    assert dlbook.widgets.fgsm_explorer is widgets.fgsm_explorer
    assert "fgsm_explorer" in dir(dlbook.widgets)


def test_one_frame_per_epsilon(explorer):
    assert [p["epsilon"] for p in explorer.combinations()] == list(widgets.DEFAULT_EPSILONS)
    assert 15 <= len(explorer.combinations()) <= 30
    assert explorer.defaults == {"epsilon": 0.0}
    assert "ε" in repr(explorer)


def test_alt_text_states_readings_and_outcome(explorer, template_model, digits):
    _, _, images, labels = digits
    clean = keras.ops.convert_to_numpy(template_model(images)).argmax(axis=1)
    alts = [explorer._alt_for(p) for p in explorer.combinations()]
    assert len(set(alts)) == len(alts)
    first = alts[0]
    assert first.startswith("ε = 0.00: the network reads ")
    for true, read in zip(labels, clean):
        assert f"the {true} as {read} (" in first
    assert f"{int(np.sum(clean == labels))} of 4 images are read correctly" in first
    def correct(alt):
        return int(re.search(r"(\d) of 4 images are read correctly", alt).group(1))
    assert correct(alts[-1]) < correct(first)  # the largest epsilon fools the linear model


@pytest.mark.parametrize("epsilon", [min(widgets.DEFAULT_EPSILONS), max(widgets.DEFAULT_EPSILONS)])
def test_extreme_settings_render(explorer, epsilon):
    svg = render_quietly(explorer, epsilon=epsilon)
    assert f"ε = {epsilon:.2f}" in svg and "read correctly" in svg
    if epsilon == max(widgets.DEFAULT_EPSILONS):
        assert "WRONG" in svg


def test_frames_are_small(explorer):
    sizes = [len(explorer.render("svg", epsilon=e)) for e in (0.0, 0.1)]
    assert max(sizes) < 60_000  # the four digits are embedded at their own 28 x 28 pixels


def test_one_image_and_custom_epsilons(template_model, digits):
    _, _, images, labels = digits
    small = widgets.fgsm_explorer(template_model, images[:1], labels[:1], epsilons=(0.0, 0.5))
    assert len(small.combinations()) == 2
    render_quietly(small, epsilon=0.5)


@pytest.mark.parametrize("change, match", [
    ({"epsilons": (0.1, 0.05)}, "increase"),
    ({"epsilons": (0.0, 1.5)}, "epsilons"),
    ({"epsilons": (0.1,)}, "epsilons"),
    ({"images": np.zeros((7, 28, 28))}, "images"),
    ({"images": np.full((4, 28, 28), 2.0)}, "images"),
    ({"images": np.zeros((4, 784))}, "images"),
    ({"labels": np.array([0.5, 1, 2, 3])}, "labels"),
    ({"labels": np.array([0, 1])}, "x and y"),
    ({"model": "a model"}, "model"),
])
def test_bad_input_is_refused(template_model, digits, change, match):
    _, _, images, labels = digits
    arguments = {"model": template_model, "images": images, "labels": labels, **change}
    with pytest.raises((TypeError, ValueError), match=match):
        widgets.fgsm_explorer(**arguments)
