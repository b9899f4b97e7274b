"""dlbook.widgets.augmentation: the label-smoothing and augmentation explorers."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook import augmentation as A  # noqa: E402
from dlbook.widgets import augmentation as widgets  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


@pytest.fixture(scope="module")
def smoothing():
    return widgets.label_smoothing_explorer()


@pytest.fixture(scope="module")
def augmenting():
    return widgets.augmentation_explorer()


def test_exported_from_widgets_package():
    for name in ("label_smoothing_explorer", "augmentation_explorer"):
        assert getattr(dlbook.widgets, name) is getattr(widgets, name)
        assert name in dir(dlbook.widgets)


def test_smoothing_frames_cover_both_definitions_and_every_epsilon(smoothing):
    frames = smoothing.combinations()
    assert len(frames) == 2 * 6
    assert {p["kind"] for p in frames} == set(A.KINDS)
    alts = [smoothing._alt_for(p) for p in frames]
    assert len(set(alts)) == len(alts)
    for params, alt in zip(frames, alts):
        assert widgets.smoothing_outcome(10, params["epsilon"], params["kind"]) + ". " in alt


def test_smoothing_outcome_states_the_keras_numbers():
    text = widgets.smoothing_outcome(10, 0.1)
    assert text.startswith("ε = 0.1 (Keras): target 0.91 for the true class and 0.01 for each "
                           "of the other 9")
    gap = np.log(0.91 / 0.01)
    assert f"logit gap of {gap:.2f}" in text
    other = widgets.smoothing_outcome(10, 0.1, "uniform-others")
    assert "target 0.9 for the true class and 0.01111 for each of the other 9" in other
    assert "infinite gap" in widgets.smoothing_outcome(10, 0.0)
    assert "uniform" in widgets.smoothing_outcome(4, 0.75, "uniform-others")


@pytest.mark.parametrize("kind", A.KINDS)
@pytest.mark.parametrize("epsilon", [0.0, 0.4])
def test_smoothing_extremes_render_without_warnings(smoothing, kind, epsilon):
    svg = render_quietly(smoothing, kind=kind, epsilon=epsilon)
    assert "optimal gap" in svg


def test_augmentation_frames_say_whether_the_digit_survives(augmenting):
    frames = augmenting.combinations()
    assert [p["transform"] for p in frames] == list(widgets.TRANSFORMS)
    alts = {p["transform"]: augmenting._alt_for(p) for p in frames}
    assert len(set(alts.values())) == len(alts)
    assert "Every digit keeps its class" in alts["shift right by 2 pixels"]
    assert "a 6 reads as a 9" in alts["rotate by 180 degrees"]
    assert "wrong augmentation" in alts["flip left to right"]


@pytest.mark.parametrize("transform", list(widgets.TRANSFORMS))
def test_every_transformation_renders_without_warnings(augmenting, transform):
    render_quietly(augmenting, transform=transform)


def test_flip_mirrors_and_shift_moves_the_ink():
    rng = np.random.default_rng(0)
    images = rng.random((2, 28, 28))
    assert np.array_equal(widgets._transformed(images, "flip", 1.0), images[:, :, ::-1])
    assert np.array_equal(widgets._transformed(images, "none", 0.0), images)
    dot = np.zeros((1, 28, 28))
    dot[0, 10, 10] = 1.0
    moved = widgets._transformed(dot, "shift", 2.0)
    assert np.unravel_index(np.argmax(moved[0]), (28, 28)) == (10, 12)


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="epsilons"):
        widgets.label_smoothing_explorer((0.1, 0.1))
    with pytest.raises(ValueError, match="epsilons"):
        widgets.label_smoothing_explorer((0.1, 0.95))
    with pytest.raises(ValueError, match="n_classes"):
        widgets.label_smoothing_explorer(n_classes=1)
    with pytest.raises(TypeError, match="kinds"):
        widgets.label_smoothing_explorer(kinds="keras")
    with pytest.raises(ValueError, match="kinds"):
        widgets.label_smoothing_explorer(kinds=("keras", "nope"))
    with pytest.raises(TypeError, match="transforms"):
        widgets.augmentation_explorer(transforms="flip left to right")
    with pytest.raises(ValueError, match="transforms"):
        widgets.augmentation_explorer(transforms=("unchanged", "unchanged"))
    with pytest.raises(ValueError, match="digits"):
        widgets.augmentation_explorer(digits=(1, 1))
    with pytest.raises(ValueError, match="digits"):
        widgets.augmentation_explorer(digits=(3, 12))
