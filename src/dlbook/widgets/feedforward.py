"""Widgets of Chapter 3: activation functions, universal approximation and depth.

* :func:`activation_explorer`: an activation function with its derivative, next to the
  decision boundary that a small network with that activation learns on the two-moons data;
* :func:`universal_approximation_explorer`: a one-hidden-layer sigmoid network built from
  smoothed steps (:func:`dlbook.approximation.staircase_network`) approximating a target,
  with its maximum error, as the number of hidden units grows;
* :func:`folding_explorer`: the tent map composed ``d`` times by a deep ReLU network with
  two units per layer, whose :math:`2^d` linear pieces a single hidden layer needs at least
  :math:`2^d - 1` units to match.

Every factory does the expensive work (training, evaluating) once; the explorer's ``draw``
only plots.
"""

from __future__ import annotations

import numpy as np

from .._checks import integer, one_of, positive
from ..plots import CLASS_COLORS, COLORS
from .core import Choice, Explorer, Slider, check_values

__all__ = ["activation_explorer", "universal_approximation_explorer", "folding_explorer"]

#: The most frames a widget of this module precomputes.
MAX_WIDGET_FRAMES = 40

#: The activations of :func:`activation_explorer`, in the order of its drop-down list.
DEFAULT_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "swish")

#: How :func:`activation_explorer` names each activation for the reader.
ACTIVATION_LABELS = {
    "linear": "linear (no activation)",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "softplus": "softplus",
    "swish": "Swish (SiLU)",
    "gelu": "GELU",
    "hard_tanh": "hard tanh",
}

#: The targets of :func:`universal_approximation_explorer` on [-1, 1]: name -> (f, label).
APPROXIMATION_TARGETS = {
    "sine": (lambda x: np.sin(np.pi * x), r"$\sin(\pi x)$"),
    "abs": (np.abs, r"$|x|$"),
    "step": (lambda x: np.heaviside(x, 0.5), "step at 0"),
}


def _frame_budget(*counts: int) -> None:
    total = int(np.prod(counts))
    if total > MAX_WIDGET_FRAMES:
        raise ValueError(f"these settings make {total} frames, more than the limit of "
                         f"{MAX_WIDGET_FRAMES}; give the sliders fewer values.")


def _increasing_integers(values, name: str, minimum: int, maximum: int) -> list[int]:
    out = [integer(v, f"each of {name}", minimum=minimum, maximum=maximum)
           for v in check_values(values, name)]
    if any(b <= a for a, b in zip(out, out[1:])):
        raise ValueError(f"{name} must be increasing, got {out}.")
    return out


def _outcome(n_epochs: int, accuracy: float) -> str:
    if np.isnan(accuracy):
        return f"training diverged within {n_epochs} epochs (learning rate too large)"
    return f"after {n_epochs} epochs: training accuracy {accuracy:.3f}"


def activation_explorer(activations=DEFAULT_ACTIVATIONS, epochs=(25, 100, 400), *,
                        hidden=(8, 8), learning_rate: float = 0.3) -> Explorer:
    """How the activation function changes what a small network learns.

    For every activation and every number of epochs, a network
    ``MLP([2, *hidden, 1], activation, output="sigmoid")`` starts from the same seed and is
    trained by full-batch gradient descent with momentum 0.9 on 200 points of the two-moons
    data (:func:`dlbook.data.make_moons_2d`). Left: the activation :math:`g` and its
    derivative :math:`g'` on :math:`[-5, 5]`. Right: the data, the predicted probability of
    class 1 and the decision boundary, with the training accuracy in the title.

    Parameters
    ----------
    activations : sequence of str
        Names from :data:`dlbook.activations.NAMES` (at least 2).
    epochs : sequence of int
        Training lengths (increasing, each from 1 to 5000).
    hidden : sequence of int, default (8, 8)
        Units in each hidden layer (1 to 3 layers, 1 to 64 units each).
    learning_rate : float, default 0.3

    Returns
    -------
    Explorer
        With an extra attribute ``accuracy``: the training accuracy of every run, keyed by
        ``(activation, epochs)``.
    """
    from .. import activations as acts
    from ..data import make_moons_2d
    from ..nn import MLP

    names = [one_of(a, "each entry of activations", acts.NAMES) for a in check_values(activations,
                                                                           "activations")]
    if len(set(names)) != len(names):
        raise ValueError(f"activations must be distinct, got {names}.")
    epoch_values = _increasing_integers(epochs, "epochs", 1, 5000)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__") or \
            not 1 <= len(hidden) <= 3:
        raise ValueError(f"hidden must list the units of 1 to 3 hidden layers, e.g. (8, 8); "
                         f"got {hidden!r}.")
    hidden = [integer(h, "each entry of hidden", minimum=1, maximum=64) for h in hidden]
    learning_rate = positive(learning_rate, "learning_rate")
    _frame_budget(len(names), len(epoch_values))

    from matplotlib.colors import LinearSegmentedColormap

    # the predicted probability of class 1, from class 0's colour through white to class 1's
    shading = LinearSegmentedColormap.from_list(
        "class_probability", [CLASS_COLORS[0], "#FFFFFF", CLASS_COLORS[1]])
    X, y = make_moons_2d(n=200, noise=0.2, seed=0)
    g0, g1 = np.meshgrid(np.linspace(-1.6, 2.6, 90), np.linspace(-1.2, 1.7, 70))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    extent = (g0.min(), g0.max(), g1.min(), g1.max())
    z = np.linspace(-5, 5, 201)

    runs = {}
    for name in names:
        for n_epochs in epoch_values:
            net = MLP([2, *hidden, 1], activation=name, output="sigmoid", seed=0)
            try:
                history = net.fit(X, y, learning_rate=learning_rate, epochs=n_epochs,
                                  momentum=0.9)
            except FloatingPointError:  # the learning rate is too large: training diverged
                runs[name, n_epochs] = (None, float("nan"), float("inf"))
                continue
            accuracy = float(np.mean(net.predict(X) == y))
            runs[name, n_epochs] = (net.predict_proba(grid).reshape(g0.shape), accuracy,
                                    history[-1])
    curves = {name: (acts.get(name).formula, acts.get(name).function(z),
                     acts.get(name).derivative(z)) for name in names}

    def draw(fig, activation, n_epochs):
        formula, g, dg = curves[activation]
        proba, accuracy, loss = runs[activation, n_epochs]
        ax_g, ax_net = fig.subplots(1, 2, width_ratios=[1, 1.2])
        ax_g.plot(z, g, color=COLORS["blue"], label="g(z)")
        ax_g.plot(z, dg, "--", color=COLORS["vermillion"], label="g′(z)")
        ax_g.axhline(0, color="0.5", linewidth=0.8)
        ax_g.axvline(0, color="0.5", linewidth=0.8)
        ax_g.set_xlabel("pre-activation z")
        ax_g.set_ylabel("value")
        ax_g.set_title(f"{ACTIVATION_LABELS[activation]}: {formula}", fontsize=10)
        ax_g.legend(loc="upper left")

        if proba is not None:
            ax_net.imshow(proba, origin="lower", extent=extent, cmap=shading, vmin=0, vmax=1,
                          alpha=0.3, aspect="auto", interpolation="none")
            if proba.min() < 0.5 < proba.max():
                ax_net.contour(g0, g1, proba, levels=[0.5], colors="k", linewidths=1.5)
        ax_net.grid(False)
        for label, marker in ((0, "o"), (1, "^")):
            ax_net.scatter(X[y == label, 0], X[y == label, 1], s=18, marker=marker,
                           c=CLASS_COLORS[label],
                           edgecolors="k", linewidths=0.4, label=f"class {label}")
        ax_net.set_xlim(g0.min(), g0.max())
        ax_net.set_ylim(g1.min(), g1.max())
        ax_net.set_xlabel("x₁")
        ax_net.set_ylabel("x₂")
        ax_net.set_title(_outcome(n_epochs, accuracy), fontsize=10)
        ax_net.legend(loc="lower left", fontsize=8, framealpha=0.8, frameon=True)

    def alt(activation, n_epochs):
        return (f"Left: the activation function {ACTIVATION_LABELS[activation]} and its "
                "derivative for z from -5 to 5. Right: the two-moons training data (class 0 "
                "blue circles, class 1 orange triangles), shaded by the class-1 probability "
                f"of a network with hidden layers {tuple(hidden)} using that activation, and "
                f"its decision boundary (black line); "
                + _outcome(n_epochs, runs[activation, n_epochs][1]) + ".")

    explorer = Explorer(
        draw,
        [Choice("activation", [(ACTIVATION_LABELS[name], name) for name in names],
                label="activation", default="relu" if "relu" in names else names[0]),
         Slider("n_epochs", epoch_values, label="training epochs", default=epoch_values[-1])],
        title="Activation explorer", alt=alt, figsize=(9.6, 4.0))
    explorer.accuracy = {key: run[1] for key, run in runs.items()}
    return explorer


def universal_approximation_explorer(units=(1, 2, 4, 8, 16, 32, 64),
                                     targets=("sine", "abs", "step"), *,
                                     sharpness: float = 10.0) -> Explorer:
    """A one-hidden-layer sigmoid network approximating a target as its width grows.

    The network is :func:`dlbook.approximation.staircase_network` on :math:`[-1, 1]`: one
    smoothed step per hidden unit. The figure shows the target, the network and (for at most
    8 units) each unit's contribution, with the maximum error in the title.

    Parameters
    ----------
    units : sequence of int
        Hidden units (increasing, each from 1 to 1000).
    targets : sequence of str
        At least 2 of ``"sine"`` (:math:`\\sin(\\pi x)`), ``"abs"`` (:math:`|x|`) and
        ``"step"`` (0 for :math:`x < 0`, 1 for :math:`x > 0`, 1/2 at 0).
    sharpness : float, default 10.0
        Passed to :func:`~dlbook.approximation.staircase_network`.

    Returns
    -------
    Explorer
    """
    from ..approximation import staircase_network

    unit_values = _increasing_integers(units, "units", 1, 1000)
    target_names = [one_of(t, "each entry of targets", tuple(APPROXIMATION_TARGETS))
                    for t in check_values(targets, "targets")]
    if len(set(target_names)) != len(target_names):
        raise ValueError(f"targets must be distinct, got {target_names}.")
    _frame_budget(len(unit_values), len(target_names))

    x = np.linspace(-1, 1, 801)
    results = {}
    for name in target_names:
        f = APPROXIMATION_TARGETS[name][0]
        y = f(x)
        for n in unit_values:
            net = staircase_network(f, n, sharpness=sharpness)
            out, H, _ = net.forward(x.reshape(-1, 1), keep=True)
            parts = H[1] * net.weights[1][:, 0] + net.biases[1][0] if n <= 8 else None
            results[name, n] = (y, out[:, 0], parts, float(np.max(np.abs(out[:, 0] - y))))

    def draw(fig, target, n_units):
        y, approx, parts, max_error = results[target, n_units]
        ax = fig.subplots()
        ax.plot(x, y, color=COLORS["black"], linewidth=2.5, label="target")
        ax.plot(x, approx, "--", color=COLORS["blue"], label=f"network, {n_units} units")
        if parts is not None:
            ax.plot(x, parts, ":", color=COLORS["orange"], linewidth=1)
            ax.lines[-1].set_label("output bias + one unit")
        ax.set_ylim(-1.5, 1.6)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.set_title(f"{APPROXIMATION_TARGETS[target][1]} with {n_units} sigmoid units: "
                     f"max error {max_error:.3f}", fontsize=11)
        ax.legend(loc="lower right", fontsize=9)

    return Explorer(
        draw,
        [Slider("target", target_names, label="target", default=target_names[0]),
         Slider("n_units", unit_values, label="hidden units", default=unit_values[min(
             3, len(unit_values) - 1)])],
        title="Universal approximation explorer",
        alt=("A target function on [-1, 1] (black) and a one-hidden-layer sigmoid network "
             "built from one smoothed step per hidden unit (dashed), with each unit's "
             "contribution for small widths (dotted) and the maximum error in the title."),
        figsize=(7.2, 4.0))


def folding_explorer(depths=(1, 2, 3, 4, 5, 6, 7)) -> Explorer:
    """The sawtooth of a deep ReLU network: :math:`2^d` linear pieces from :math:`2d` units.

    The figure shows :math:`t^{\\circ d}(x)` on :math:`[0, 1]`, computed by
    :func:`dlbook.approximation.sawtooth_network`, with its kinks marked, its linear pieces
    counted, and the hidden units needed by the deep network (:math:`2d`) and by one hidden
    layer (at least :math:`2^d - 1`: each unit adds at most one kink).

    Parameters
    ----------
    depths : sequence of int
        Depths (increasing, each from 1 to 11).

    Returns
    -------
    Explorer
    """
    from ..approximation import count_linear_pieces, sawtooth_network

    depth_values = _increasing_integers(depths, "depths", 1, 11)
    _frame_budget(len(depth_values))
    x = np.linspace(0.0, 1.0, 2**11 + 1)
    curves = {}
    for d in depth_values:
        y = sawtooth_network(d).forward(x.reshape(-1, 1))[:, 0]
        ends = slice(None, None, 2 ** (11 - d))  # the kinks lie on multiples of 2^-d
        curves[d] = (x[ends], y[ends], count_linear_pieces(x, y))

    def draw(fig, depth):
        kinks, y, pieces = curves[depth]
        ax = fig.subplots()
        ax.plot(kinks, y, color=COLORS["blue"], linewidth=1.5,
                label=f"tent map composed {depth} times")
        ax.plot(kinks, y, "o", color=COLORS["vermillion"], markersize=3 if depth < 6 else 1.5,
                label="ends of the linear pieces")
        ax.set_ylim(-0.05, 1.3)
        ax.set_xlabel("x")
        ax.set_ylabel("network output")
        ax.set_title(f"depth {depth}: {pieces} linear pieces from {2 * depth} ReLU units "
                     f"(one hidden layer needs {2**depth - 1})", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, ncols=2)

    return Explorer(
        draw, [Slider("depth", depth_values, label="depth (folds)", default=depth_values[
            min(2, len(depth_values) - 1)])],
        title="Folding explorer",
        alt=("The tent map composed d times on [0, 1]: a sawtooth with 2 to the d linear "
             "pieces, computed by a ReLU network with two units per layer; the title compares "
             "its 2d hidden units with the 2 to the d minus 1 that one hidden layer needs."),
        figsize=(7.2, 3.6))
