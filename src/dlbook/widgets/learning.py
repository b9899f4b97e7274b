"""Widgets of Chapter 2: capacity and over-fitting, bias and variance, the decision threshold.

* :func:`polynomial_degree_explorer`: fit polynomials of growing degree to a few noisy
  samples of a sine wave and watch the training and test errors part ways;
* :func:`bias_variance_explorer`: refit each degree to many training sets and watch the
  fits' average (bias) and spread (variance) trade places;
* :func:`threshold_explorer`: move the decision threshold of a logistic-regression
  classifier on the breast-cancer data and watch the confusion matrix, precision,
  recall, F1 and the operating point on the ROC curve.

All precompute every fit when they are created; their drawing functions only plot.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullLocator

from .._checks import as_array, in_range, integer, non_negative, one_of
from ..metrics import classification_rates, confusion_matrix, mean_squared_error, roc_auc, roc_curve
from ..model_selection import bias_variance_simulation, fit_polynomial, predict_polynomial
from ..plots import CLASS_COLORS, COLORS, SEQUENTIAL_CMAP
from .core import Explorer, Slider, check_values

__all__ = ["polynomial_degree_explorer", "bias_variance_explorer", "threshold_explorer"]

#: The most frames a widget of this module precomputes (the book's budget per widget).
MAX_WIDGET_FRAMES = 40

#: Tick marks of the error axis of the polynomial-degree explorer (log scale).
_LOG_TICKS = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)


def _check_frames(n_frames: int) -> None:
    if n_frames > MAX_WIDGET_FRAMES:
        raise ValueError(f"the sliders would need {n_frames} frames, more than the budget of "
                         f"{MAX_WIDGET_FRAMES}; give fewer values.")


# -- capacity and over-fitting --------------------------------------------------------------------
def polynomial_degree_explorer(*, max_degree: int = 12, train_sizes=(15, 30, 100),
                               noise: float = 0.3, n_test: int = 1000,
                               seed: int = 0) -> Explorer:
    """Polynomial fits of degree 0 to ``max_degree`` and their training and test errors.

    The data are :func:`dlbook.data.make_sine_regression` samples,
    :math:`y = \\sin(2\\pi x) + \\epsilon`. The left panel shows the training data, the
    true function and the least-squares polynomial; the right panel the training and
    test mean squared errors against the degree, with the current degree marked and
    the noise variance (the irreducible error) as a floor.

    Parameters
    ----------
    max_degree : int, default 12
        The highest degree on the slider (the slider runs from 0).
    train_sizes : sequence of int, default (15, 30, 100)
        Training-set sizes for the second slider.
    noise : float, default 0.3
        Standard deviation of the noise.
    n_test : int, default 1000
        Size of the test set that measures the test error.
    seed : int, default 0
        Seed of the training sets (the test set uses ``seed + 1``).

    Returns
    -------
    Explorer
        Sliders ``degree`` and ``n_train`` (only ``degree`` when one size is given).
    """
    from ..data import make_sine_regression

    max_degree = integer(max_degree, "max_degree", minimum=1, maximum=20)
    sizes = check_values(train_sizes, "train_sizes", min_count=1)
    sizes = [integer(n, "each entry of train_sizes", minimum=2) for n in sizes]
    if sorted(set(sizes)) != sizes:
        raise ValueError(f"train_sizes must be increasing without repeats, got {sizes}.")
    noise = non_negative(noise, "noise")
    n_test = integer(n_test, "n_test", minimum=10, maximum=1_000_000)
    seed = integer(seed, "seed", minimum=0)
    degrees = list(range(max_degree + 1))
    _check_frames(len(degrees) * len(sizes))

    x_test, y_test = make_sine_regression(n_test, noise, seed=seed + 1)
    grid = np.linspace(0.0, 1.0, 150)
    data, curves, train_mse, test_mse = {}, {}, {}, {}
    for n in sizes:
        x, y = make_sine_regression(n, noise, seed=seed)
        data[n] = (x, y)
        coefs = [fit_polynomial(x, y, d) for d in degrees]
        curves[n] = [predict_polynomial(c, grid) for c in coefs]
        train_mse[n] = np.array([mean_squared_error(y, predict_polynomial(c, x)) for c in coefs])
        test_mse[n] = np.array([mean_squared_error(y_test, predict_polynomial(c, x_test))
                                for c in coefs])

    y_low, y_high = -2.0, 2.0           # left panel: the data and the fit
    mse_low, mse_high = 1e-3, 1e2       # right panel: log scale, clipped at the top

    def draw(fig, degree, n_train):
        ax_fit, ax_err = fig.subplots(1, 2)
        x, y = data[n_train]
        fit = curves[n_train][degree]
        ax_fit.plot(grid, np.sin(2 * np.pi * grid), color=COLORS["black"], linestyle="--",
                    linewidth=1.5, label="true f(x) = sin(2πx)")
        ax_fit.plot(grid, np.clip(fit, y_low - 1, y_high + 1), color=COLORS["vermillion"],
                    label=f"degree-{degree} fit")
        ax_fit.scatter(x, y, s=18, color=COLORS["blue"], zorder=3, label="training data")
        ax_fit.set_ylim(y_low, y_high)
        ax_fit.set_xlim(0, 1)
        ax_fit.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax_fit.set_yticks([-2, -1, 0, 1, 2])
        if np.any((fit < y_low) | (fit > y_high)):
            ax_fit.text(0.5, 0.94, "the fit leaves the plotted range", ha="center",
                        transform=ax_fit.transAxes, fontsize=9, color=COLORS["vermillion"])
        ax_fit.set_title(f"Degree {degree}, {n_train} training points")
        ax_fit.set_xlabel("x")
        ax_fit.set_ylabel("y")
        ax_fit.legend(loc="lower left", fontsize=8)

        tr, te = train_mse[n_train], test_mse[n_train]
        for values, name, colour, marker in ((tr, "training MSE", COLORS["blue"], "o"),
                                             (te, "test MSE", COLORS["orange"], "s")):
            shown = np.clip(values, mse_low, mse_high)
            ax_err.plot(degrees, shown, color=colour, marker=marker, markersize=4, label=name)
            off = values > mse_high
            if off.any():
                ax_err.plot(np.array(degrees)[off], shown[off], linestyle="none", marker="^",
                            markersize=8, color=colour)
        if noise > 0:  # a floor of 0 has no place on a log scale
            ax_err.axhline(noise**2, color=COLORS["black"], linestyle=":", linewidth=1.2,
                           label="noise variance σ²")
        ax_err.axvline(degree, color=COLORS["black"], linestyle="-.", linewidth=1.2, alpha=0.6,
                       label=f"current degree ({degree})")
        ax_err.set_yscale("log")
        # plain tick labels and no minor ticks: easier to read, lighter and faster to draw
        ax_err.set_yticks(_LOG_TICKS, [f"{t:g}" for t in _LOG_TICKS])
        ax_err.yaxis.set_minor_locator(NullLocator())
        ax_err.set_ylim(mse_low, mse_high * 1.5)
        ax_err.set_xticks(degrees[:: 2 if max_degree > 10 else 1])
        ax_err.set_title(f"MSE at degree {degree}: train {tr[degree]:.3g}, test {te[degree]:.3g}",
                         fontsize=11)
        ax_err.set_xlabel("polynomial degree (capacity)")
        ax_err.set_ylabel("mean squared error (log scale)")
        ax_err.legend(loc="upper left", fontsize=8)
        if np.any(te > mse_high):
            ax_err.text(0.98, 0.03, "triangles: errors above 100", ha="right",
                        transform=ax_err.transAxes, fontsize=8)

    def degree_alt(degree, n_train):
        return (f"Degree {degree} fitted to {n_train} points: training MSE "
                f"{train_mse[n_train][degree]:.3g}, test MSE {test_mse[n_train][degree]:.3g}. "
                + _DEGREE_ALT)

    sliders = [Slider("degree", degrees, label="Polynomial degree",
                      default=min(3, max_degree))]
    if len(sizes) > 1:
        sliders.append(Slider("n_train", sizes, label="Training-set size",
                              default=30 if 30 in sizes else sizes[0]))
        return Explorer(draw, sliders, title="Polynomial degree explorer", alt=degree_alt,
                        figsize=(9.0, 3.8))

    def draw_one_size(fig, degree):
        draw(fig, degree, sizes[0])

    return Explorer(draw_one_size, sliders, title="Polynomial degree explorer",
                    alt=lambda degree: degree_alt(degree, sizes[0]), figsize=(9.0, 3.8))


_DEGREE_ALT = ("Left: noisy training points from a sine wave, the true sine curve (dashed) and "
               "the least-squares polynomial of the chosen degree. Right: training and test "
               "mean squared error against the polynomial degree on a log scale, with the "
               "chosen degree marked and the noise variance as a dotted floor; the training "
               "error keeps falling with the degree while the test error falls, then rises.")


# -- bias and variance ---------------------------------------------------------------------------
def bias_variance_explorer(*, max_degree: int = 12, n_train: int = 15, noise: float = 0.3,
                           n_repeats: int = 200, n_shown: int = 25, design: str = "fixed",
                           seed: int = 0) -> Explorer:
    """Many fits of one degree, their average, and where the degree sits on the trade-off.

    Runs :func:`dlbook.model_selection.bias_variance_simulation` once for the degrees 0 to
    ``max_degree``. The left panel shows ``n_shown`` of the fits of the chosen degree (one
    per training set), their average and the true function :math:`\\sin(2\\pi x)`; the
    right panel the squared bias, the variance, the noise variance and their sum against
    the degree, with the chosen degree marked.

    Parameters
    ----------
    max_degree : int, default 12
        The highest degree on the slider (the slider runs from 0).
    n_train : int, default 15
        Size of each training set.
    noise : float, default 0.3
        Standard deviation of the noise.
    n_repeats : int, default 200
        Number of training sets.
    n_shown : int, default 25
        How many individual fits the left panel draws.
    design : {"fixed", "random"}, default "fixed"
        Inputs of the training sets, as in :func:`~dlbook.model_selection.bias_variance_simulation`.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    Explorer
        One slider, ``degree``.
    """
    max_degree = integer(max_degree, "max_degree", minimum=1, maximum=MAX_WIDGET_FRAMES - 1)
    n_repeats = integer(n_repeats, "n_repeats", minimum=2)
    n_shown = integer(n_shown, "n_shown", minimum=1, maximum=n_repeats)
    one_of(design, "design", ("fixed", "random"))
    degrees = list(range(max_degree + 1))
    result = bias_variance_simulation(degrees, n_train=n_train, noise=noise,
                                      n_repeats=n_repeats, design=design, seed=seed)
    average_fit = result.predictions.mean(axis=1)
    top = max(0.65, 1.1 * min(float(result.total.max()), 2.0))

    def draw(fig, degree):
        ax_fits, ax_terms = fig.subplots(1, 2)
        for r in range(n_shown):
            ax_fits.plot(result.x_test, np.clip(result.predictions[degree, r], -3, 3),
                         color=COLORS["sky"], linewidth=0.8, alpha=0.6)
        ax_fits.plot([], [], color=COLORS["sky"], linewidth=0.8,
                     label=f"{n_shown} fits, one per training set")
        ax_fits.plot(result.x_test, result.f_test, color=COLORS["black"], linestyle="--",
                     linewidth=1.5, label="true f(x) = sin(2πx)")
        ax_fits.plot(result.x_test, average_fit[degree], color=COLORS["vermillion"],
                     label="average of all fits")
        ax_fits.set_ylim(-2, 2)
        ax_fits.set_xlim(0, 1)
        ax_fits.set_title(f"Degree {degree}: bias² {result.bias2[degree]:.3f}, "
                          f"variance {result.variance[degree]:.3f}", fontsize=11)
        ax_fits.set_xlabel("x")
        ax_fits.set_ylabel("fitted value")
        ax_fits.legend(loc="lower left", fontsize=8)

        ax_terms.plot(degrees, result.bias2, marker="o", markersize=4, color=COLORS["blue"],
                      label="bias²")
        ax_terms.plot(degrees, result.variance, marker="s", markersize=4,
                      color=COLORS["orange"], label="variance")
        ax_terms.axhline(result.noise_variance, color=COLORS["black"], linestyle=":",
                         linewidth=1.2, label="noise variance σ²")
        ax_terms.plot(degrees, result.total, color=COLORS["vermillion"], linewidth=2.5,
                      label="sum: expected test MSE")
        ax_terms.axvline(degree, color=COLORS["black"], linestyle="-.", linewidth=1.2,
                         alpha=0.6, label=f"current degree ({degree})")
        ax_terms.set_ylim(0, top)
        ax_terms.set_xticks(degrees[:: 2 if max_degree > 10 else 1])
        ax_terms.set_title(f"Expected test MSE at degree {degree}: {result.total[degree]:.3f}",
                           fontsize=11)
        ax_terms.set_xlabel("polynomial degree (capacity)")
        ax_terms.set_ylabel("expected squared error")
        ax_terms.legend(loc="upper center", fontsize=8)

    slider = Slider("degree", degrees, label="Polynomial degree", default=min(3, max_degree))
    alt = (f"Left: {n_shown} polynomial fits of the chosen degree, each to a different noisy "
           f"training set of {n_train} points, with their average and the true sine curve. "
           "Right: squared bias, variance, noise variance and their sum against the degree, "
           "with the chosen degree marked; the bias falls and the variance rises with the "
           "degree.")

    def frame_alt(degree):
        return (f"Degree {degree}: squared bias {result.bias2[degree]:.3f}, variance "
                f"{result.variance[degree]:.3f}, expected test MSE {result.total[degree]:.3f}. "
                + alt)

    return Explorer(draw, [slider], title="Bias–variance explorer", alt=frame_alt,
                    figsize=(9.0, 3.8))


# -- the decision threshold --------------------------------------------------------------------
#: The breast-cancer measurements the threshold explorer uses by default.
DEFAULT_FEATURES = ("mean radius", "mean texture")


def _breast_cancer_scores(features, test_size: float, seed: int):
    """Test labels (1 = malignant) and logistic-regression scores on held-out data."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cancer = load_breast_cancer()
    names = list(cancer.feature_names)
    if features is None:
        columns = list(range(len(names)))
    else:
        if isinstance(features, str):
            features = [features]
        if not isinstance(features, (list, tuple)) or \
                not all(isinstance(f, str) for f in features):
            raise TypeError(f"features must be None (all 30) or a list of names of "
                            f"breast-cancer measurements such as 'mean radius', got "
                            f"{features!r}.")
        unknown = [f for f in features if f not in names]
        if unknown or not features:
            raise ValueError(f"features must be None (all 30) or names of breast-cancer "
                             f"measurements such as 'mean radius'; unknown: "
                             f"{unknown or 'none given'}.")
        columns = [names.index(f) for f in features]
    X = cancer.data[:, columns]
    y = 1 - cancer.target  # scikit-learn codes malignant as 0; here malignant is positive
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(X_train, y_train)
    return y_test, model.predict_proba(X_test)[:, 1]


def threshold_explorer(*, features=DEFAULT_FEATURES, thresholds=None, test_size: float = 0.3,
                       seed: int = 0) -> Explorer:
    """Move the decision threshold of a classifier and watch every metric respond.

    A logistic regression is trained on part of scikit-learn's breast-cancer data
    (malignant = positive class) and scores the held-out rest. For the threshold
    ``t`` (predict malignant when the score is at least ``t``) the widget shows the
    score histograms of both classes with ``t`` marked, the ROC curve with the current
    operating point, the confusion matrix, and accuracy, precision, recall,
    specificity and F1. A rate whose denominator is zero is shown as undefined.

    Parameters
    ----------
    features : sequence of str or None, default ("mean radius", "mean texture")
        The measurements the model may use; ``None`` uses all 30.
    thresholds : sequence of float, optional
        The slider's values in [0, 1], increasing; default 0, 0.05, ..., 1.
    test_size : float, default 0.3
        Fraction of the data held out for testing.
    seed : int, default 0
        Seed of the train/test split.

    Returns
    -------
    Explorer
        One slider, ``threshold``.
    """
    if thresholds is None:
        thresholds = np.round(np.linspace(0.0, 1.0, 21), 2)
    values = as_array(check_values(thresholds, "thresholds"), "thresholds", ndim=1)
    if values.min() < 0 or values.max() > 1 or np.any(np.diff(values) <= 0):
        raise ValueError(f"thresholds must increase strictly and lie in [0, 1], got "
                         f"{values.tolist()}.")
    _check_frames(len(values))
    test_size = in_range(test_size, "test_size", 0.1, 0.9)
    seed = integer(seed, "seed", minimum=0)

    y_test, scores = _breast_cancer_scores(features, test_size, seed)
    fpr_curve, tpr_curve, _ = roc_curve(y_test, scores)
    area = roc_auc(y_test, scores)
    n_features = 30 if features is None else len([features] if isinstance(features, str)
                                                  else features)
    model_name = ("all 30 measurements" if features is None else
                  ", ".join([features] if isinstance(features, str) else features))
    bins = np.linspace(0.0, 1.0, 21)
    counts = {label: np.histogram(scores[y_test == label], bins=bins)[0] for label in (0, 1)}
    peak = max(c.max() for c in counts.values())
    # everything a frame needs, computed once per threshold
    frames = {}
    for t in values.tolist():
        cm = confusion_matrix(y_test, (scores >= t).astype(int))
        frames[t] = (cm, classification_rates(cm))

    def draw(fig, threshold):
        cm, rates = frames[threshold]
        (ax_hist, ax_roc), (ax_cm, ax_rates) = fig.subplots(2, 2)

        for label, name, colour, hatch in ((0, "benign (0)", CLASS_COLORS[0], None),
                                           (1, "malignant (1)", CLASS_COLORS[1], "//")):
            ax_hist.stairs(counts[label], bins, fill=True, alpha=0.45, color=colour,
                           hatch=hatch, label=name)
            ax_hist.stairs(counts[label], bins, color=colour, linewidth=1.2)
        ax_hist.axvline(threshold, color=COLORS["black"], linestyle="--", linewidth=1.5,
                        label=f"threshold t = {threshold:.2f}")
        ax_hist.set_ylim(0, peak * 1.15)
        ax_hist.set_xlim(0, 1)
        ax_hist.set_title("Test-set scores by true class")
        ax_hist.set_xlabel("score: predicted probability of malignant")
        ax_hist.set_ylabel("number of tumours")
        ax_hist.legend(fontsize=8, loc="upper right")

        ax_roc.plot(fpr_curve, tpr_curve, color=COLORS["blue"], label=f"ROC (AUC = {area:.3f})")
        ax_roc.plot([0, 1], [0, 1], color=COLORS["black"], linestyle=":", linewidth=1,
                    label="chance")
        ax_roc.plot(rates["fpr"], rates["tpr"], marker="o", markersize=9, linestyle="none",
                    color=COLORS["vermillion"], label=f"t = {threshold:.2f}")
        ax_roc.set_xlim(-0.02, 1.02)
        ax_roc.set_ylim(-0.02, 1.02)
        ax_roc.set_aspect("equal")
        ax_roc.set_title("ROC curve and operating point")
        ax_roc.set_xlabel("false-positive rate (1 − specificity)")
        ax_roc.set_ylabel("true-positive rate (recall)")
        ax_roc.legend(fontsize=8, loc="lower right")

        ax_cm.imshow(cm, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=len(y_test))
        names = (("TN", "FP"), ("FN", "TP"))
        for i in range(2):
            for j in range(2):
                dark = cm[i, j] < 0.6 * len(y_test)
                ax_cm.text(j, i, f"{names[i][j]}\n{cm[i, j]}", ha="center", va="center",
                           fontsize=11, color="white" if dark else "black")
        ax_cm.set_xticks([0, 1], ["benign (0)", "malignant (1)"])
        ax_cm.set_yticks([0, 1], ["benign (0)", "malignant (1)"])
        ax_cm.grid(False)
        ax_cm.set_title("Confusion matrix")
        ax_cm.set_xlabel("predicted class")
        ax_cm.set_ylabel("true class")

        shown = [("accuracy", rates["accuracy"]), ("precision", rates["precision"]),
                 ("recall (TPR)", rates["tpr"]), ("specificity (TNR)", rates["tnr"]),
                 ("F1", rates["f1"])]
        positions = np.arange(len(shown))[::-1]
        for pos, (name, value) in zip(positions, shown):
            if np.isnan(value):
                ax_rates.text(0.02, pos, "undefined (0/0)", va="center", fontsize=9,
                              color=COLORS["vermillion"])
            else:
                ax_rates.barh(pos, value, color=COLORS["sky"], height=0.6)
                ax_rates.text(value + 0.02, pos, f"{value:.3f}", va="center", fontsize=9)
        ax_rates.set_yticks(positions, [name for name, _ in shown])
        ax_rates.set_xlim(0, 1.2)
        ax_rates.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax_rates.set_title(f"Metrics at t = {threshold:.2f}")
        ax_rates.set_xlabel("value")
        ax_rates.set_ylabel("metric")

    slider = Slider("threshold", values.tolist(), label="Threshold t",
                    default=0.5 if 0.5 in values.tolist() else values.tolist()[len(values) // 2],
                    fmt="{:.2f}")
    alt = (f"Threshold explorer for a logistic regression on {model_name} "
           f"({n_features} breast-cancer measurement{'s' if n_features > 1 else ''}). "
           "Top left: histograms of the test-set scores of benign and malignant tumours with "
           "the threshold marked. Top right: the ROC curve with the current operating point. "
           "Bottom left: the confusion matrix. Bottom right: accuracy, precision, recall, "
           "specificity and F1 at this threshold.")

    def frame_alt(threshold):
        cm, rates = frames[threshold]
        shown = ", ".join(f"{name} {'undefined (0/0)' if np.isnan(rates[key]) else f'{rates[key]:.3f}'}"
                          for name, key in (("recall", "tpr"), ("precision", "precision"),
                                            ("specificity", "tnr"), ("F1", "f1")))
        return (f"At threshold t = {threshold:.2f}: {cm[1, 1]} of {cm[1].sum()} malignant "
                f"tumours found, {cm[0, 1]} of {cm[0].sum()} benign ones flagged; {shown}. "
                + alt)

    return Explorer(draw, [slider], title="Decision-threshold explorer", alt=frame_alt,
                    figsize=(9.0, 7.0))
