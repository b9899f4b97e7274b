"""Widgets of Chapter 4: a forward and a backward pass through a computational graph, step by step.

:func:`graph_explorer` builds one of three small graphs with :mod:`dlbook.autodiff` and
lets the reader step through the evaluation of its nodes (the forward pass) and then
through the propagation of gradients from the output back to the inputs (the backward
pass). :func:`pass_steps` records those steps for any graph.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import one_of
from ..autodiff import Value, _check_value, _node_text, _short, draw_graph, topological_order
from .core import Explorer, Slider

__all__ = ["graph_explorer", "pass_steps", "example_graph", "PassStep", "GRAPH_EXAMPLES"]

#: The graphs :func:`graph_explorer` can show, with a short description of each.
GRAPH_EXAMPLES = {
    "xyz": "f = (x + y) z at x = -2, y = 5, z = -4",
    "neuron": "the sigmoid neuron f = σ(w0 x0 + w1 x1 + w2) at w = (2, -3, -3), x = (-1, -2), "
              "as elementary gates and as one σ gate",
    "reuse": "f = x y + x at x = 3, y = -2, where x is used twice",
}


class PassStep(NamedTuple):
    """The state of a graph after one step of a forward or backward pass.

    ``values`` and ``grads`` map the nodes filled in so far to their numbers,
    ``highlight`` is the node that this step computed, ``caption`` says what happened.
    """

    highlight: Value | None
    values: dict
    grads: dict
    caption: str


def _name(node: Value) -> str:
    return node.label or f"the {_node_text(node)} node"


def pass_steps(root: Value) -> list[PassStep]:
    """Record the forward and the backward pass of the graph ending in ``root``, node by node.

    Step 0 shows the inputs; then each operation is evaluated in topological order;
    then the output's gradient is set to 1; then each operation, from the output back,
    passes its upstream gradient times its local gradients to its inputs; the last step
    shows the finished graph.

    Parameters
    ----------
    root : Value
        A scalar node (the graph's output).

    Returns
    -------
    list of PassStep
        ``2 * (number of operations) + 3`` steps, the last one the finished graph.
        Afterwards the graph's ``grad`` attributes hold the result of the backward pass.
    """
    _check_value(root, "root")
    if root.data.size != 1:
        raise ValueError(f"root must be a single number (the output), got shape {root.shape}.")
    order = topological_order(root)
    operations = [n for n in order if n.parents]
    values = {n: n.data for n in order if not n.parents}
    steps = [PassStep(None, dict(values), {}, "the inputs are given; the forward pass starts")]
    for k, node in enumerate(operations, 1):
        values[node] = node.data
        steps.append(PassStep(node, dict(values), {},
                          f"forward {k}/{len(operations)}: {_name(node)} computes "
                          f"{_short(node.data)}"))
    for node in order:
        node.grad = np.zeros_like(node.data)
    root.grad = np.ones_like(root.data)
    grads = {root: root.grad.copy()}
    steps.append(PassStep(root, dict(values), dict(grads),
                      "backward: start from df/df = 1 at the output"))
    for k, node in enumerate(reversed(operations), 1):
        shares = [_short(g) for parent, g in zip(node.parents, node.vjp(node.grad))
                  if not parent._constant]  # constants are not drawn
        node.propagate()
        for parent in node.parents:
            grads[parent] = parent.grad.copy()
        steps.append(PassStep(node, dict(values), dict(grads),
                          f"backward {k}/{len(operations)}: upstream {_short(node.grad)} "
                          f"× local gradients → {', '.join(shares)}"))
    inputs = ", ".join(f"{n.label or 'input'}: {_short(n.grad)}" for n in order
                       if not n.parents and not n._constant)
    steps.append(PassStep(None, dict(values), dict(grads), f"done; gradients {inputs}"))
    return steps


def example_graph(name: str) -> dict:
    """Build one of the graphs of :data:`GRAPH_EXAMPLES` with :mod:`dlbook.autodiff`.

    Parameters
    ----------
    name : {"xyz", "neuron", "reuse"}

    Returns
    -------
    dict
        ``"output"``: the root node, ``"inputs"``: the input nodes by label; for
        ``"neuron"`` also ``"sigma_output"``, the same neuron built with one σ gate on the
        same pre-activation node ``"s"``.
    """
    one_of(name, "name", tuple(GRAPH_EXAMPLES))
    if name == "xyz":
        x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
        return {"output": (x + y) * z, "inputs": {"x": x, "y": y, "z": z}}
    if name == "reuse":
        x, y = Value(3.0, label="x"), Value(-2.0, label="y")
        return {"output": x * y + x, "inputs": {"x": x, "y": y}}
    w = [Value(v, label=f"w{i}") for i, v in enumerate((2.0, -3.0, -3.0))]
    x = [Value(v, label=f"x{i}") for i, v in enumerate((-1.0, -2.0))]
    s = w[0] * x[0] + w[1] * x[1] + w[2]
    return {"output": 1 / (1 + (-s).exp()), "sigma_output": s.sigmoid(), "s": s,
            "inputs": {v.label: v for v in w + x}}


def graph_explorer(example: str = "xyz") -> Explorer:
    """Step through the forward and then the backward pass of a small computational graph.

    Each step fills in one more node: its value (blue, above it) in the forward pass, the
    gradients it sends to its inputs (vermillion, below them) in the backward pass. The
    node being computed is highlighted. For ``"neuron"`` the same neuron is drawn twice,
    as eight elementary gates and as one σ gate whose local gradient is
    :math:`\\sigma(1 - \\sigma)`: the two reach the same gradients for the weights and inputs.

    Parameters
    ----------
    example : {"xyz", "neuron", "reuse"}
        Which graph of :data:`GRAPH_EXAMPLES` to show.

    Returns
    -------
    Explorer
        One slider, ``step``, from 0 (inputs only) to the end of the backward pass; it
        starts at the end, with every value and gradient filled in.
    """
    example = one_of(example, "example", tuple(GRAPH_EXAMPLES))
    graph = example_graph(example)
    root = graph["output"]
    steps = pass_steps(root)
    sigma_root = graph.get("sigma_output")
    if sigma_root is not None:  # the σ gate must reach the gradients of the elementary gates
        elementary = [node.grad.copy() for node in graph["inputs"].values()]
        sigma_root.backward()
        one_gate = [node.grad for node in graph["inputs"].values()]
        if not np.allclose(elementary, one_gate):
            raise AssertionError("the σ gate and the elementary gates disagree")
        inside = set(topological_order(root)) - set(topological_order(graph["s"]))

    def draw(fig, step):
        state = steps[step]
        if sigma_root is None:
            ax = fig.subplots()
            draw_graph(root, ax, values=state.values, grads=state.grads,
                       highlight=state.highlight, title=GRAPH_EXAMPLES[example].split(" at ")[0])
        else:
            left, right = fig.subplots(1, 2, width_ratios=[9, 5.2])
            draw_graph(root, left, values=state.values, grads=state.grads,
                       highlight=state.highlight, title="elementary gates")
            values, grads = dict(state.values), dict(state.grads)
            for mapping in (values, grads):
                if root in mapping:
                    mapping[sigma_root] = mapping[root]
            highlight = sigma_root if state.highlight in inside else state.highlight
            draw_graph(sigma_root, right, values=values, grads=grads, highlight=highlight,
                       title="one σ gate, σ′ = σ(1 − σ)")
        fig.suptitle(f"Step {step}: {state.caption}", fontsize=10)

    size = (10.0, 5.0) if sigma_root is not None else (6.4, 4.0)
    return Explorer(
        draw, [Slider("step", list(range(len(steps))), label="step", default=len(steps) - 1)],
        title=f"Forward and backward pass: {GRAPH_EXAMPLES[example]}",
        alt=(f"The computational graph of {GRAPH_EXAMPLES[example]}. Inputs are boxes, operations "
             f"circles; as the step grows, values appear in blue above the nodes during the "
             f"forward pass and then gradients in vermillion below them during the backward "
             f"pass, the node being computed highlighted."),
        figsize=size)
