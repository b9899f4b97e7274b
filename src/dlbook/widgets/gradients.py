"""Widgets of Chapter 4: how gradients flow through a deep network and through a loss.

* :func:`gradient_flow_explorer`: the size of the gradient of every layer of a deep
  :class:`~dlbook.nn.MLP` at initialisation, for several activations, depths and
  initialisations, on a logarithmic scale: sigmoid layers far from the output receive
  almost nothing (vanishing gradients);
* :func:`saturation_explorer`: the cross-entropy and the squared error of a sigmoid output
  as functions of the logit :math:`z`, with their derivatives: the squared error's
  derivative vanishes when the unit saturates on the wrong side, the cross-entropy's does not.

The numbers behind the first widget come from :func:`layer_gradient_norms`, which the
book also uses directly. Both widgets compute everything when they are created; their
drawing functions only plot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from .._checks import as_array, integer, one_of
from .core import Explorer, Slider, check_values
from .learning import _check_frames

__all__ = ["layer_gradient_norms", "gradient_flow_explorer", "saturation_explorer"]

#: The initialisations :class:`dlbook.nn.MLP` knows.
_INITS = ("glorot", "he")

#: Lowest gradient norm shown by :func:`gradient_flow_explorer`; smaller ones sit on the axis.
_FLOOR = 1e-15


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position=None) -> str:
    """A tick label such as 10⁻⁶, in plain text (mathtext is slow to lay out)."""
    return "10" + str(int(round(np.log10(value)))).translate(_SUPERSCRIPTS)


def _check_network(depth, init, width, n, seed):
    return (integer(depth, "depth", minimum=1, maximum=50), one_of(init, "init", _INITS),
            integer(width, "width", minimum=1, maximum=1024),
            integer(n, "n", minimum=1, maximum=100_000), integer(seed, "seed", minimum=0))


def layer_gradient_norms(activation: str = "sigmoid", depth: int = 10, *, init: str = "glorot",
                         width: int = 32, n: int = 256, seed: int = 0) -> dict:
    """The gradient of every layer of a freshly initialised deep network.

    A :class:`~dlbook.nn.MLP` with ``width`` inputs, ``depth`` hidden layers of ``width``
    units and one sigmoid output is evaluated on ``n`` standard-normal inputs with random
    0/1 labels; its mean binary cross-entropy is backpropagated once.

    Parameters
    ----------
    activation : str, default "sigmoid"
        The hidden units' activation, one of :data:`dlbook.activations.NAMES`.
    depth : int, default 10
        The number of hidden layers (1 to 50).
    init : {"glorot", "he"}, default "glorot"
        The weight initialisation (see :class:`~dlbook.nn.MLP`).
    width : int, default 32
        Units per hidden layer, and inputs.
    n : int, default 256
        Examples in the batch.
    seed : int, default 0
        Seed of the data and of the weights.

    Returns
    -------
    dict
        ``"weight_norms"``: the Frobenius norms :math:`\\|\\partial J/\\partial W_\\ell\\|`,
        :math:`\\ell = 1, \\dots,` ``depth + 1`` (the last is the output layer);
        ``"mean_derivative"``: the mean of :math:`g'(Z_\\ell)` over the batch and the units of
        each hidden layer, the factor by which the layer scales the gradient on its way back;
        ``"loss"``: the loss at initialisation.

    Examples
    --------
    >>> norms = layer_gradient_norms("sigmoid", depth=5)["weight_norms"]
    >>> len(norms), bool(norms[0] < norms[-1])
    (6, True)
    """
    from ..nn import MLP

    depth, init, width, n, seed = _check_network(depth, init, width, n, seed)
    net = MLP([width] * (depth + 1) + [1], activation=activation, output="sigmoid",
              init=init, seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, width))
    y = rng.integers(0, 2, n)
    loss, grads = net.backward(X, y)
    _, _, Z = net.forward(X, keep=True)
    derivative = net.activation.derivative
    return {"weight_norms": np.array([np.linalg.norm(g) for g in grads[0::2]]),
            "mean_derivative": np.array([float(np.mean(derivative(z))) for z in Z[:-1]]),
            "loss": float(loss)}


#: The networks of :func:`gradient_flow_explorer`: (activation, initialisation) pairs.
DEFAULT_SETUPS = (("sigmoid", "glorot"), ("tanh", "glorot"), ("relu", "glorot"), ("relu", "he"))

_INIT_NAMES = {"glorot": "Glorot", "he": "He"}


def gradient_flow_explorer(setups=DEFAULT_SETUPS, depths=(2, 5, 10, 20), *,
                           width: int = 32) -> Explorer:
    """Per-layer gradient norms of a deep network at initialisation.

    Left: :math:`\\|\\partial J/\\partial W_\\ell\\|` against the layer :math:`\\ell` on a
    logarithmic scale that is the same in every frame, so frames can be compared. Right: the
    mean derivative :math:`g'(Z_\\ell)` of each hidden layer, the factor (besides the weights)
    by which the gradient is multiplied as it passes the layer on its way back. The numbers
    come from :func:`layer_gradient_norms`.

    Parameters
    ----------
    setups : sequence of (str, str)
        The first slider's networks, as pairs of a hidden activation (one of
        :data:`dlbook.activations.NAMES`) and an initialisation (``"glorot"`` or ``"he"``).
        The default compares sigmoid, tanh and ReLU with Glorot initialisation, and ReLU
        with He initialisation.
    depths : sequence of int
        Numbers of hidden layers for the second slider, increasing, each 1 to 50.
    width : int, default 32
        Units per hidden layer.

    Returns
    -------
    Explorer
    """
    from .. import activations as act_module

    pairs = []
    for setup in check_values(setups, "setups"):
        if isinstance(setup, str) or not hasattr(setup, "__len__") or len(setup) != 2:
            raise ValueError(f"each setup must be a pair (activation, init), e.g. "
                             f"('relu', 'he'); got {setup!r}.")
        activation = one_of(setup[0], "each setup's activation", act_module.NAMES)
        pairs.append((activation, one_of(setup[1], "each setup's init", _INITS)))
    if len(set(pairs)) != len(pairs):
        raise ValueError(f"setups must not repeat a pair, got {pairs}.")
    depth_list = [integer(d, "each entry of depths", minimum=1, maximum=50)
                  for d in check_values(depths, "depths")]
    if sorted(set(depth_list)) != depth_list:
        raise ValueError(f"depths must be increasing without repeats, got {depth_list}.")
    width = integer(width, "width", minimum=2, maximum=256)
    _check_frames(len(pairs) * len(depth_list))

    labels = {f"{a} + {_INIT_NAMES[i]}": (a, i) for a, i in pairs}
    results = {(label, d): layer_gradient_norms(a, d, init=i, width=width)
               for label, (a, i) in labels.items() for d in depth_list}

    def draw(fig, setup, depth):
        res = results[(setup, depth)]
        norms, mean_g = res["weight_norms"], res["mean_derivative"]
        ax_norm, ax_der = fig.subplots(1, 2, width_ratios=[1.5, 1])
        layers = np.arange(1, len(norms) + 1)
        shown = np.maximum(norms, _FLOOR)
        ax_norm.semilogy(layers, shown, "-o", color="#0072B2", markersize=4,
                         label="hidden layers")
        ax_norm.semilogy(layers[-1], shown[-1], "s", color="#D55E00", markersize=7,
                         label="output layer")
        below = norms < _FLOOR
        if below.any():
            ax_norm.plot(layers[below], np.full(below.sum(), _FLOOR * 1.6), "v",
                         color="#000000", markersize=6, label=f"below {_FLOOR:.0e}")
        ax_norm.set_ylim(_FLOOR, 1e2)
        ax_norm.yaxis.set_major_locator(FixedLocator(10.0 ** np.arange(-15, 1, 3)))
        ax_norm.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax_norm.yaxis.set_minor_locator(NullLocator())
        ax_norm.set_xlim(0.5, len(norms) + 0.5)
        ax_norm.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_norm.set_xlabel("layer ℓ (1 = next to the inputs)")
        ax_norm.set_ylabel("gradient norm ‖∂J/∂W_ℓ‖ (log scale)")
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        ax_norm.set_title(f"first / last layer: {ratio:.1e}", fontsize=10)
        ax_norm.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.85)

        hidden = np.arange(1, len(mean_g) + 1)
        ax_der.bar(hidden, mean_g, color="#E69F00", width=0.7)
        ax_der.axhline(0.25, color="#000000", linestyle=":", linewidth=1.2,
                       label="1/4 = largest σ′")
        ax_der.set_ylim(0, 1.05)
        ax_der.set_xlim(0.3, len(mean_g) + 0.7)
        ax_der.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_der.set_xlabel("hidden layer ℓ")
        ax_der.set_ylabel("mean derivative g′(Z_ℓ)")
        ax_der.set_title("what each layer passes back", fontsize=10)
        ax_der.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.85)
        activation, init = labels[setup]
        fig.suptitle(f"{activation} units, {_INIT_NAMES[init]} initialisation, {depth} hidden "
                     f"layers of {width}", fontsize=12)

    names = list(labels)
    sliders = [Slider("setup", names, label="network", default=names[0]),
               Slider("depth", depth_list, label="hidden layers",
                      default=min(depth_list, key=lambda d: abs(d - 10)))]
    return Explorer(draw, sliders, title="Gradient flow at initialisation",
                    alt=("Two panels. Left: the norm of the loss gradient with respect to each "
                         "layer's weights, from the input layer to the output layer, on a "
                         "logarithmic axis. Right: bars of the mean derivative of the "
                         "activation in each hidden layer."),
                    figsize=(9.6, 4.2))


def _sigmoid_losses(z: np.ndarray, y: int) -> dict:
    from ..linear import sigmoid

    s = sigmoid(z)
    return {"ce": np.logaddexp(0.0, (1 - 2 * y) * z),  # ζ((1 − 2y) z), exactly the BCE
            "mse": (s - y) ** 2,
            "ce_grad": s - y,
            "mse_grad": 2 * (s - y) * s * (1 - s)}


def saturation_explorer(logits=(-8.0, -5.0, -2.0, 0.0, 2.0, 5.0, 8.0),
                        labels=(0, 1)) -> Explorer:
    """Cross-entropy and squared error of a sigmoid output, and their gradients.

    For one example with label :math:`y` and logit :math:`z` (prediction
    :math:`\\hat y = \\sigma(z)`), the left panel shows the binary cross-entropy
    :math:`\\zeta((1-2y)z)` and the squared error :math:`(\\sigma(z) - y)^2` against
    :math:`z`, the right panel their derivatives :math:`\\sigma(z) - y` and
    :math:`2(\\sigma(z) - y)\\,\\sigma'(z)`. The current :math:`z` is marked on all curves.

    Parameters
    ----------
    logits : sequence of float
        The values of the logit slider, increasing.
    labels : sequence of int
        The label slider's values, a selection of 0 and 1.

    Returns
    -------
    Explorer
    """
    zs = [float(as_array(v, "each entry of logits", ndim=0)) for v in check_values(logits, "logits")]
    if any(b <= a for a, b in zip(zs, zs[1:])):
        raise ValueError(f"logits must be increasing, got {zs}.")
    if max(abs(z) for z in zs) > 30:
        raise ValueError(f"logits must lie in [-30, 30] (beyond, both curves are flat or "
                         f"straight), got values up to {max(abs(z) for z in zs):g}.")
    ys = check_values(labels, "labels")
    for v in ys:
        if isinstance(v, bool) or v not in (0, 1):
            raise ValueError(f"labels must be 0 or 1, got {v!r}.")
    ys = [int(v) for v in ys]
    if len(set(ys)) != len(ys):
        raise ValueError(f"labels must not repeat a value, got {ys}.")
    _check_frames(len(zs) * len(ys))

    reach = max(abs(zs[0]), abs(zs[-1])) + 1.0
    grid = np.linspace(-reach, reach, 400)
    curves = {y: _sigmoid_losses(grid, y) for y in ys}
    loss_top = max(float(c["ce"].max()) for c in curves.values()) * 1.05

    def draw(fig, z, y):
        c = curves[y]
        point = _sigmoid_losses(np.array([z]), y)
        ax_loss, ax_grad = fig.subplots(1, 2)
        ax_loss.plot(grid, c["ce"], "-", color="#0072B2", label="cross-entropy ζ((1 − 2y)z)")
        ax_loss.plot(grid, c["mse"], "--", color="#D55E00", label="squared error (σ(z) − y)²")
        ax_loss.plot([z], point["ce"], "o", color="#0072B2", markersize=8)
        ax_loss.plot([z], point["mse"], "s", color="#D55E00", markersize=8)
        ax_loss.set_ylim(-0.2, loss_top)
        ax_loss.set_xlabel("logit z")
        ax_loss.set_ylabel("loss of one example")
        ax_loss.set_title(f"losses for label y = {y}", fontsize=10)
        ax_loss.legend(loc="upper center", fontsize=8, frameon=True, framealpha=0.85)

        ax_grad.plot(grid, c["ce_grad"], "-", color="#0072B2")
        ax_grad.plot(grid, c["mse_grad"], "--", color="#D55E00")
        ax_grad.plot([z], point["ce_grad"], "o", color="#0072B2", markersize=8)
        ax_grad.plot([z], point["mse_grad"], "s", color="#D55E00", markersize=8)
        ax_grad.axhline(0, color="#000000", linewidth=0.8)
        ax_grad.set_ylim(-1.1, 1.1)
        ax_grad.set_xlabel("logit z")
        ax_grad.set_ylabel("derivative of the loss dL/dz")
        ax_grad.set_title("gradients: σ(z) − y and 2(σ(z) − y)σ′(z)", fontsize=10)
        wrong = (z < 0) if y == 1 else (z > 0)
        verdict = "wrong" if wrong else ("undecided" if z == 0 else "right")
        ax_grad.text(0.03, 0.97 if y == 1 else 0.03,
                     f"prediction σ(z) = {point['ce_grad'][0] + y:.4f} ({verdict})\n"
                     f"cross-entropy gradient {point['ce_grad'][0]:+.4f}\n"
                     f"squared-error gradient {point['mse_grad'][0]:+.2e}",
                     transform=ax_grad.transAxes, fontsize=8,
                     va="top" if y == 1 else "bottom",
                     bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9,
                           "edgecolor": "#999999"})
        fig.suptitle(f"A sigmoid output at z = {z:g} with label y = {y}", fontsize=12)

    return Explorer(draw, [Slider("z", zs, label="logit z", fmt="{:g}",
                                  default=min(zs, key=lambda v: abs(v + 5))),
                           Slider("y", ys, label="label y", default=ys[-1])],
                    title="Saturation: cross-entropy against squared error",
                    alt=("Two panels against the logit z of a sigmoid output. Left: the "
                         "cross-entropy loss, which grows linearly on the wrong side, and the "
                         "squared error, which flattens out at 1. Right: their derivatives; the "
                         "squared error's derivative goes to zero when the prediction is "
                         "confidently wrong, the cross-entropy's does not."),
                    figsize=(9.6, 4.2))
