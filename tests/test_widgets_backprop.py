"""dlbook.widgets.backprop: stepping through the forward and backward pass of a graph."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.autodiff import Value  # noqa: E402
from dlbook.widgets import backprop  # noqa: E402


def test_exported_from_widgets_package():
    assert dlbook.widgets.graph_explorer is backprop.graph_explorer
    assert "graph_explorer" in dir(dlbook.widgets)


@pytest.mark.parametrize("example", list(backprop.GRAPH_EXAMPLES))
def test_every_example_builds_within_the_frame_budget(example):
    e = backprop.graph_explorer(example)
    n = len(e.combinations())
    assert 4 <= n <= 40
    assert e.title and e.alt and "step" in repr(e)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in (0, n // 2, n - 1):  # the first, a middle and the last frame
            svg = e.render("svg", step=step).decode()
            assert svg.startswith("<?xml") and "NaN" not in svg
    assert f"Step {n - 2}: backward" in e.render("svg", step=n - 2).decode()
    assert f"Step {n - 1}: done" in e.render("svg", step=n - 1).decode()


def test_steps_of_the_xyz_graph():
    graph = backprop.example_graph("xyz")
    steps = backprop.pass_steps(graph["output"])
    assert len(steps) == 7  # inputs, 2 forward, seed, 2 backward, done
    x, y, z = (graph["inputs"][k] for k in "xyz")
    assert set(steps[0].values) == {x, y, z} and not steps[0].grads
    assert steps[2].highlight is graph["output"] and float(steps[2].values[graph["output"]]) == -12
    final = steps[-1].grads
    assert [float(final[v]) for v in (x, y, z)] == [-4.0, -4.0, 3.0]
    assert "upstream" in steps[-2].caption and "forward 1/2" in steps[1].caption
    assert steps[-1].highlight is None and "x: -4, y: -4, z: 3" in steps[-1].caption


def test_accumulation_is_visible_half_way():
    graph = backprop.example_graph("reuse")
    steps = backprop.pass_steps(graph["output"])
    x = graph["inputs"]["x"]
    assert float(steps[4].grads[x]) == 1.0  # from the + node only
    assert float(steps[5].grads[x]) == -1.0  # plus y = -2 from the × node


def test_neuron_gates_and_sigma_gate_agree():
    graph = backprop.example_graph("neuron")
    steps = backprop.pass_steps(graph["output"])
    assert len(steps) == 19
    assert steps[11].caption.endswith("upstream -0.534 × local gradients → -0.534")  # the +1 gate
    grads = {k: float(steps[-1].grads[v]) for k, v in graph["inputs"].items()}
    graph["sigma_output"].backward()
    for name, node in graph["inputs"].items():
        assert np.isclose(float(node.grad), grads[name])
    assert np.allclose([grads["w0"], grads["w1"], grads["w2"]], [-0.1966, -0.3932, 0.1966],
                       atol=1e-4)


def test_bad_arguments():
    with pytest.raises(ValueError, match="example must be one of 'xyz', 'neuron', 'reuse'"):
        backprop.graph_explorer("nonsense")
    with pytest.raises(ValueError, match="name must be one of"):
        backprop.example_graph("x")
    with pytest.raises(TypeError, match="root must be a Value"):
        backprop.pass_steps(3.0)
    with pytest.raises(ValueError, match="single number"):
        backprop.pass_steps(Value([1.0, 2.0]))
