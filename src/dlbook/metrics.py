"""Performance measures for regression and binary classification, written from scratch.

Every function here is a few lines of NumPy that follow the definitions of
Chapter 2, and each is tested against :mod:`sklearn.metrics`.

Conventions
-----------
* Labels are 0 (negative) and 1 (positive); scores are any real numbers, larger
  meaning "more likely positive" (e.g. predicted probabilities).
* A score ``s`` is classified as positive at threshold ``t`` when ``s >= t``.
* The confusion matrix has the true class in the rows and the predicted class in
  the columns, in the order 0, 1 (the same layout as scikit-learn)::

                      predicted 0   predicted 1
        true 0 (neg)      TN            FP
        true 1 (pos)      FN            TP

* A rate whose denominator is zero (for example the precision of a classifier
  that never predicts the positive class) is undefined. It is returned as
  ``nan`` unless you ask for another value with ``zero_division``.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import as_array, binary_labels, same_length

__all__ = [
    "mean_squared_error",
    "accuracy",
    "confusion_matrix",
    "classification_rates",
    "precision",
    "recall",
    "f1_score",
    "roc_curve",
    "precision_recall_curve",
    "auc",
    "roc_auc",
    "average_precision",
]


# -- helpers ---------------------------------------------------------------------------
def _labels_pair(y_true, y_pred, name_pred: str = "y_pred") -> tuple[np.ndarray, np.ndarray]:
    y_true = binary_labels(y_true, "y_true")
    y_pred = binary_labels(y_pred, name_pred)
    same_length(y_true, y_pred, "y_true", name_pred)
    if len(y_true) == 0:
        raise ValueError("y_true is empty; a metric needs at least one example.")
    return y_true, y_pred


def _labels_scores(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    y_true = binary_labels(y_true, "y_true")
    scores = as_array(scores, "scores", ndim=1)
    same_length(y_true, scores, "y_true", "scores")
    n_pos = int(y_true.sum())
    if n_pos == 0 or n_pos == len(y_true):
        raise ValueError(f"y_true must contain both classes to trace a curve, got {n_pos} "
                         f"positives among {len(y_true)} examples; evaluate on a set that "
                         f"holds positives and negatives.")
    return y_true, scores


def _zero_division(value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"zero_division must be a number (nan, 0.0 or 1.0), got {value!r}.")
    value = float(value)
    if not (np.isnan(value) or value in (0.0, 1.0)):
        raise ValueError(f"zero_division must be nan, 0.0 or 1.0, got {value}.")
    return value


def _ratio(numerator: float, denominator: float, zero_division: float) -> float:
    """``numerator / denominator``, or ``zero_division`` when the denominator is 0."""
    return float(numerator) / float(denominator) if denominator else zero_division


# -- regression ------------------------------------------------------------------------
def mean_squared_error(y_true, y_pred) -> float:
    r"""The mean squared error :math:`\frac{1}{n}\sum_{i=1}^n (y_i - \hat y_i)^2`.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        Targets and predictions.

    Returns
    -------
    float
    """
    y_true = as_array(y_true, "y_true", ndim=1)
    y_pred = as_array(y_pred, "y_pred", ndim=1)
    same_length(y_true, y_pred, "y_true", "y_pred")
    if len(y_true) == 0:
        raise ValueError("y_true is empty; the mean squared error needs at least one example.")
    return float(np.mean((y_true - y_pred) ** 2))


# -- counts and rates --------------------------------------------------------------------
def accuracy(y_true, y_pred) -> float:
    """The fraction of examples whose predicted label equals the true label.

    One minus the accuracy is the error rate, the average 0–1 loss.
    """
    y_true, y_pred = _labels_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred) -> np.ndarray:
    """Count the four outcomes of a binary classifier.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        True and predicted labels, each 0 or 1.

    Returns
    -------
    numpy.ndarray of shape (2, 2), integer
        ``[[TN, FP], [FN, TP]]``: rows are the true class (0, 1), columns the predicted
        class (0, 1), as in :func:`sklearn.metrics.confusion_matrix`.
    """
    y_true, y_pred = _labels_pair(y_true, y_pred)
    counts = np.bincount(2 * y_true + y_pred, minlength=4)
    return counts.reshape(2, 2)


def _check_confusion(cm) -> np.ndarray:
    cm = as_array(cm, "confusion", shape=(2, 2))
    if np.any(cm < 0) or np.any(cm != np.round(cm)):
        raise ValueError(f"confusion must hold non-negative whole counts [[TN, FP], [FN, TP]], "
                         f"got {cm.tolist()}.")
    if cm.sum() == 0:
        raise ValueError("confusion holds no examples (all four counts are 0).")
    return cm


def classification_rates(confusion, *, zero_division: float = np.nan) -> dict[str, float]:
    """All the usual rates of a binary classifier, from its confusion matrix.

    Parameters
    ----------
    confusion : array-like of shape (2, 2)
        ``[[TN, FP], [FN, TP]]``, e.g. from :func:`confusion_matrix`.
    zero_division : float, default nan
        The value of a rate whose denominator is zero (nan, 0.0 or 1.0).

    Returns
    -------
    dict
        ``accuracy`` (TP + TN) / n; ``error_rate`` (FP + FN) / n;
        ``tpr`` TP / (TP + FN), also called recall or sensitivity;
        ``tnr`` TN / (TN + FP), the specificity; ``fpr`` FP / (FP + TN) = 1 - TNR;
        ``fnr`` FN / (FN + TP) = 1 - TPR; ``precision`` TP / (TP + FP), the
        positive predictive value; ``npv`` TN / (TN + FN), the negative predictive
        value; ``f1`` 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall.
    """
    cm, zd = _check_confusion(confusion), _zero_division(zero_division)
    (tn, fp), (fn, tp) = cm
    n = float(cm.sum())
    return {
        "accuracy": float(tp + tn) / n,
        "error_rate": float(fp + fn) / n,
        "tpr": _ratio(tp, tp + fn, zd),
        "tnr": _ratio(tn, tn + fp, zd),
        "fpr": _ratio(fp, fp + tn, zd),
        "fnr": _ratio(fn, fn + tp, zd),
        "precision": _ratio(tp, tp + fp, zd),
        "npv": _ratio(tn, tn + fn, zd),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn, zd),
    }


def precision(y_true, y_pred, *, zero_division: float = np.nan) -> float:
    """TP / (TP + FP): the fraction of predicted positives that are truly positive.

    Undefined (``zero_division``, by default nan) when nothing is predicted positive.
    """
    return classification_rates(confusion_matrix(y_true, y_pred),
                                zero_division=zero_division)["precision"]


def recall(y_true, y_pred, *, zero_division: float = np.nan) -> float:
    """TP / (TP + FN): the fraction of true positives that are found (the TPR).

    Undefined (``zero_division``, by default nan) when there are no positives.
    """
    return classification_rates(confusion_matrix(y_true, y_pred),
                                zero_division=zero_division)["tpr"]


def f1_score(y_true, y_pred, *, zero_division: float = np.nan) -> float:
    """The harmonic mean of precision and recall, 2 TP / (2 TP + FP + FN).

    This form is defined whenever there is at least one true or predicted positive;
    it is 0 when there are positives but none is found.
    """
    return classification_rates(confusion_matrix(y_true, y_pred),
                                zero_division=zero_division)["f1"]


# -- curves ------------------------------------------------------------------------------
def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The receiver operating characteristic: TPR against FPR as the threshold falls.

    The scores are sorted once, from high to low; at the threshold ``t`` every example
    with ``score >= t`` is predicted positive, so the cumulative counts of positives and
    negatives down the sorted list are the true- and false-positive counts. Tied scores
    enter together, which is why only the last position of each run of equal scores is
    kept (and why ties move the curve diagonally).

    Parameters
    ----------
    y_true : array-like of shape (n,)
        True labels, 0 or 1; both classes must occur.
    scores : array-like of shape (n,)
        Real-valued scores, larger meaning more likely positive.

    Returns
    -------
    fpr, tpr : numpy.ndarray
        False- and true-positive rates, starting at (0, 0) and ending at (1, 1).
    thresholds : numpy.ndarray
        ``thresholds[i]`` gives the point ``(fpr[i], tpr[i])`` under the rule
        "positive if score >= threshold". The first is ``inf`` (nothing is positive);
        the others are the distinct scores in decreasing order. This equals
        :func:`sklearn.metrics.roc_curve` with ``drop_intermediate=False``.
    """
    y, scores = _labels_scores(y_true, scores)
    order = np.argsort(-scores, kind="stable")  # highest score first
    s, y = scores[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # the last of each run of ties
    tp = np.cumsum(y)[last]  # positives with score >= s[last]
    fp = (last + 1) - tp  # negatives with score >= s[last]
    return np.r_[0, fp] / fp[-1], np.r_[0, tp] / tp[-1], np.r_[np.inf, s[last]]


def precision_recall_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall at every distinct score taken as the threshold.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        True labels, 0 or 1; both classes must occur.
    scores : array-like of shape (n,)
        Real-valued scores, larger meaning more likely positive.

    Returns
    -------
    precision, recall, thresholds : numpy.ndarray
        One entry per distinct score, thresholds in decreasing order (recall
        increases). Unlike :func:`sklearn.metrics.precision_recall_curve`, the
        arrays run from the highest threshold down and carry no extra end point
        ``(recall 0, precision 1)``.
    """
    y, scores = _labels_scores(y_true, scores)
    fpr, tpr, thresholds = roc_curve(y, scores)
    n_pos = int(y.sum())
    tp = np.round(tpr[1:] * n_pos)  # the counts behind the rates, exactly
    fp = np.round(fpr[1:] * (len(y) - n_pos))
    return tp / (tp + fp), tpr[1:], thresholds[1:]


def auc(x, y) -> float:
    """The area under a curve through the points ``(x[i], y[i])``, by the trapezoid rule.

    Parameters
    ----------
    x : array-like of shape (n,)
        Monotonic (increasing or decreasing) abscissae, e.g. false-positive rates.
    y : array-like of shape (n,)
        Ordinates, e.g. true-positive rates.

    Returns
    -------
    float
        The area; positive for either direction of ``x``.
    """
    x = as_array(x, "x", ndim=1)
    y = as_array(y, "y", ndim=1)
    same_length(x, y, "x", "y")
    if len(x) < 2:
        raise ValueError(f"x needs at least 2 points to enclose an area, got {len(x)}.")
    dx = np.diff(x)
    if np.all(dx >= 0):
        direction = 1.0
    elif np.all(dx <= 0):
        direction = -1.0
    else:
        raise ValueError("x must be monotonic (sorted increasing or decreasing), as the "
                         "false-positive rates of roc_curve are; sort the points by x first.")
    return direction * float(np.sum(dx * (y[1:] + y[:-1]) / 2))


def roc_auc(y_true, scores) -> float:
    """The area under the ROC curve.

    It equals the probability that a random positive example scores higher than a
    random negative one, counting ties as one half: 1 for a perfect ranking, 0.5 for
    scores that carry no information.
    """
    fpr, tpr, _ = roc_curve(y_true, scores)
    return auc(fpr, tpr)


def average_precision(y_true, scores) -> float:
    r"""Average precision, :math:`\sum_k (R_k - R_{k-1}) P_k`, a summary of the PR curve.

    The sum runs over the distinct thresholds from high to low, with :math:`R_0 = 0`.
    Equal to :func:`sklearn.metrics.average_precision_score`.
    """
    prec, rec, _ = precision_recall_curve(y_true, scores)
    return float(np.sum(np.diff(np.r_[0.0, rec]) * prec))
