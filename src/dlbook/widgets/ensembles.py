"""Widgets of Chapter 6's sections on early stopping and dropout.

:func:`patience_explorer` replays early stopping on a recorded learning curve for a range
of patiences: where training stops and which epoch's weights are restored.
:func:`dropout_explorer` shows a small network with the hidden units of one dropout mask
greyed out and the kept ones scaled by :math:`1/(1 - \\text{rate})`, beside training and
validation accuracy curves recorded for each rate.
Both draw only what was computed before: they show in well under a second.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, in_range, integer
from ..early_stopping import early_stopping
from ..ensembles import dropout_mask
from ..plots import COLORS
from .core import Explorer, Slider, check_values

__all__ = ["patience_explorer", "stopping_outcome", "dropout_explorer"]


def _curve(values, name):
    curve = as_array(values, name, ndim=1)
    if not 2 <= len(curve) <= 100_000:
        raise ValueError(f"{name} must hold 2 to 100,000 values (one per epoch), "
                         f"got {len(curve)}.")
    return curve


def stopping_outcome(val_loss, patience: int) -> dict:
    """Early stopping with ``patience`` replayed on a recorded validation curve.

    Parameters
    ----------
    val_loss : array-like of shape (n_epochs,)
        The validation loss after each epoch (epoch 1 first).
    patience : int
        Epochs without improvement before stopping.

    Returns
    -------
    dict
        ``stopped`` (the last epoch trained), ``restored`` (the epoch whose weights are
        kept), ``loss`` (its validation loss), ``ran_out`` (whether the curve ended before
        the patience did) and ``text``, e.g.
        ``"patience 5: stops after epoch 27 and restores epoch 22 (validation loss 0.355)"``.
    """
    curve = _curve(val_loss, "val_loss")
    patience = integer(patience, "patience", minimum=1, maximum=100_000)
    epochs = iter(range(1, len(curve) + 1))
    result = early_stopping(lambda: next(epochs), lambda epoch: curve[epoch - 1],
                            max_steps=len(curve), patience=patience)
    ran_out = len(result.steps) - result.steps.index(result.best_step) - 1 < patience
    if ran_out:
        text = (f"patience {patience}: does not stop within {len(curve)} epochs; the best "
                f"weights are those of epoch {result.best_step} "
                f"(validation loss {result.best_loss:.3f})")
    else:
        text = (f"patience {patience}: stops after epoch {result.stopped_step} and restores "
                f"epoch {result.best_step} (validation loss {result.best_loss:.3f})")
    return {"stopped": result.stopped_step, "restored": result.best_step,
            "loss": result.best_loss, "ran_out": ran_out, "text": text}


def patience_explorer(val_loss, train_loss=None, patiences=(1, 2, 3, 5, 10, 20, 30)
                      ) -> Explorer:
    """Early stopping on a recorded learning curve, for a range of patiences.

    Each frame draws the recorded curves, greys out the epochs that early stopping with
    that patience never trains, and marks the epoch whose weights it restores; the title
    and alternative text state both epochs and the validation loss (see
    :func:`stopping_outcome`).

    Parameters
    ----------
    val_loss : array-like of shape (n_epochs,)
        The validation loss after each epoch.
    train_loss : array-like of shape (n_epochs,), optional
        The training loss after each epoch, drawn for comparison.
    patiences : sequence of int
        The slider's values, increasing, each at least 1.

    Returns
    -------
    Explorer
    """
    val = _curve(val_loss, "val_loss")
    train = None if train_loss is None else _curve(train_loss, "train_loss")
    if train is not None and len(train) != len(val):
        raise ValueError(f"train_loss and val_loss must have one value per epoch each, got "
                         f"{len(train)} and {len(val)}.")
    values = [integer(p, "each entry of patiences", minimum=1, maximum=100_000)
              for p in check_values(patiences, "patiences")]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError(f"patiences must be increasing, got {values}.")
    outcomes = {p: stopping_outcome(val, p) for p in values}
    epochs = np.arange(1, len(val) + 1)
    if val.min() <= 0 or (train is not None and train.min() <= 0):
        raise ValueError("val_loss and train_loss must be positive (losses drawn on a log "
                         "scale).")
    top = max(val.max(), train.max() if train is not None else 0)
    bottom = 0.7 * min(val.min(), train.min() if train is not None else np.inf)

    def draw(fig, patience):
        out = outcomes[patience]
        ax = fig.subplots()
        if train is not None:
            ax.plot(epochs, train, color=COLORS["blue"], label="training loss")
        ax.plot(epochs, val, color=COLORS["orange"], label="validation loss")
        if not out["ran_out"]:
            ax.axvspan(out["stopped"] + 0.5, len(val) + 0.5, color="#bbbbbb", alpha=0.45,
                       label="never trained")
            ax.axvline(out["stopped"], color=COLORS["black"], linestyle="--", linewidth=1.2,
                       label=f"stops after epoch {out['stopped']}")
        ax.plot(out["restored"], out["loss"], "*", color=COLORS["vermillion"], markersize=14,
                label=f"restored: epoch {out['restored']}")
        ax.set_xlim(0.5, len(val) + 0.5)
        ax.set_yscale("log")
        ax.set_ylim(bottom, 1.5 * top)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss (cross-entropy, log scale)")
        ax.set_title(out["text"], fontsize=10)
        ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.9)

    def alt(patience):
        return (f"{outcomes[patience]['text']}. Recorded learning curves: the training loss "
                "falls throughout while the validation loss falls, reaches its minimum and "
                "rises slowly again.")

    slider = Slider("patience", values, label="patience (epochs)",
                    default=min(values, key=lambda p: abs(p - 5)))
    return Explorer(draw, [slider], title="Early stopping: the patience", alt=alt,
                    figsize=(6.4, 3.6))


def _network_layout(sizes):
    xs = np.linspace(0.08, 0.92, len(sizes))
    return [[(x, y) for y in (np.linspace(0.12, 0.88, n) if n > 1 else [0.5])]
            for x, n in zip(xs, sizes)]


def dropout_explorer(curves: dict, samples: int = 3, layer_sizes=(4, 6, 6, 2)) -> Explorer:
    """A dropout mask on a small network, and recorded accuracy curves for each rate.

    Left: a network with ``layer_sizes`` units per layer; for the chosen rate and mask
    sample, the dropped hidden units (and their connections) are greyed out and each kept
    hidden unit is labelled with its training-time scale :math:`1/(1 - \\text{rate})`.
    Right: the training and validation accuracy recorded for that rate. The title and
    alternative text state the rate, how many hidden units this mask keeps, and the final
    train-validation gap.

    Parameters
    ----------
    curves : dict
        ``{rate: (train_accuracy, val_accuracy)}``: for each dropout rate in [0, 1), the
        accuracy after each epoch on the training and on the validation data, measured
        without dropout.
    samples : int, default 3
        The number of masks to step through per rate, 2 to 10.
    layer_sizes : sequence of int
        Units per layer of the drawn network (input, hidden..., output), 3 to 6 layers of
        1 to 10 units.

    Returns
    -------
    Explorer
    """
    if not isinstance(curves, dict) or len(curves) < 2:
        raise TypeError("curves must be a dict {rate: (train_accuracy, val_accuracy)} with at "
                        f"least 2 rates, got {type(curves).__name__}.")
    table = {}
    for rate, pair in curves.items():
        rate = in_range(rate, "each rate (key) of curves", 0.0, 0.95)
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError("curves must map each rate to a pair (train_accuracy, "
                             "val_accuracy).")
        train, val = (_curve(pair[0], "curves' train_accuracy"),
                      _curve(pair[1], "curves' val_accuracy"))
        if len(train) != len(val):
            raise ValueError("curves' train_accuracy and val_accuracy must have the same "
                             "length.")
        table[rate] = (train, val)
    rates = sorted(table)
    samples = integer(samples, "samples", minimum=2, maximum=10)
    sizes = [integer(s, "each entry of layer_sizes", minimum=1, maximum=10)
             for s in check_values(layer_sizes, "layer_sizes", min_count=3)]
    if len(sizes) > 6:
        raise ValueError(f"layer_sizes may list at most 6 layers, got {len(sizes)}.")
    n_hidden = sum(sizes[1:-1])
    positions = _network_layout(sizes)
    masks = {(r, s): dropout_mask(n_hidden, r, seed=100 + s) for r in rates
             for s in range(samples)}

    def kept_by_layer(rate, sample):
        mask, kept, start = masks[(rate, sample)], [np.ones(sizes[0], bool)], 0
        for n in sizes[1:-1]:
            kept.append(mask[start:start + n] > 0)
            start += n
        return kept + [np.ones(sizes[-1], bool)]

    def summary(rate, sample):
        train, val = table[rate]
        n_kept = int(masks[(rate, sample)].sum())
        scale = f", each scaled by {1 / (1 - rate):.2f}" if rate > 0 else ""
        return (f"rate {rate:g}: {n_kept} of {n_hidden} hidden units kept{scale}; after "
                f"{len(train)} epochs training accuracy {train[-1]:.3f}, validation "
                f"{val[-1]:.3f} (gap {train[-1] - val[-1]:.3f})")

    def draw(fig, rate, sample):
        ax_net, ax_curve = fig.subplots(1, 2, width_ratios=[1, 1.15])
        kept = kept_by_layer(rate, sample)
        from matplotlib.collections import LineCollection

        on_lines, off_lines = [], []
        for layer in range(len(sizes) - 1):
            for i, start in enumerate(positions[layer]):
                for j, end in enumerate(positions[layer + 1]):
                    on = kept[layer][i] and kept[layer + 1][j]
                    (on_lines if on else off_lines).append([start, end])
        ax_net.add_collection(LineCollection(off_lines, colors="#dddddd", linewidths=0.5,
                                             zorder=1))
        ax_net.add_collection(LineCollection(on_lines, colors="#444444", linewidths=0.8,
                                             zorder=1))
        for layer, units in enumerate(positions):
            hidden = 0 < layer < len(sizes) - 1
            for i, (x, y) in enumerate(units):
                on = kept[layer][i]
                face = (COLORS["blue"] if hidden else COLORS["green"]) if on else "#e6e6e6"
                ax_net.scatter([x], [y], s=260, color=face, edgecolors="#333333" if on
                               else "#aaaaaa", zorder=2)
                if hidden and on and rate > 0:
                    ax_net.text(x, y - 0.075, f"×{1 / (1 - rate):.2g}", ha="center",
                                va="top", fontsize=7)
        ax_net.set_xlim(0, 1)
        ax_net.set_ylim(0, 1)
        ax_net.axis("off")
        ax_net.set_title("one training mask (grey = dropped)", fontsize=9)
        train, val = table[rate]
        epochs = np.arange(1, len(train) + 1)
        ax_curve.plot(epochs, train, color=COLORS["blue"], label="training")
        ax_curve.plot(epochs, val, color=COLORS["orange"], linestyle="--", label="validation")
        low = min(min(t.min(), v.min()) for t, v in table.values())
        ax_curve.set_ylim(max(low - 0.02, 0), 1.005)
        ax_curve.set_xlabel("epoch")
        ax_curve.set_ylabel("accuracy (no dropout)")
        ax_curve.set_title(f"gap after {len(train)} epochs: {train[-1] - val[-1]:.3f}",
                           fontsize=9)
        ax_curve.legend(loc="lower right", fontsize=8)
        fig.suptitle(summary(rate, sample).split(";")[0], fontsize=10)

    def alt(rate, sample):
        return (f"{summary(rate, sample)}. Left: a small network with dropped hidden units "
                "greyed out; right: training and validation accuracy against the epoch.")

    return Explorer(draw, [Slider("rate", rates, label="dropout rate", fmt="{:g}",
                                  default=min(rates, key=lambda r: abs(r - 0.5))),
                           Slider("sample", list(range(samples)), label="mask sample",
                                  default=0)],
                    title="Dropout: masks, scale and the train-validation gap", alt=alt,
                    figsize=(8.0, 3.4))
