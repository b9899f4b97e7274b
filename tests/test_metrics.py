"""dlbook.metrics, checked against scikit-learn's implementations."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics as skm

from dlbook import metrics as m


@pytest.fixture
def labels():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 2, 200)
    y_pred = np.where(rng.random(200) < 0.8, y_true, 1 - y_true)
    return y_true, y_pred


@pytest.fixture
def tied_scores():
    """Scores with many ties, within and across the two classes."""
    rng = np.random.default_rng(4)
    y_true = rng.integers(0, 2, 300)
    scores = np.round(0.3 * y_true + rng.random(300), 1)  # only ~14 distinct values
    return y_true, scores


# -- regression ------------------------------------------------------------------------------
def test_mean_squared_error_matches_sklearn():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert np.isclose(m.mean_squared_error(a, b), skm.mean_squared_error(a, b))
    assert m.mean_squared_error([1, 2], [1, 4]) == 2.0


def test_mean_squared_error_rejects_bad_input():
    with pytest.raises(ValueError, match="same number of rows"):
        m.mean_squared_error([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="empty"):
        m.mean_squared_error([], [])
    with pytest.raises(ValueError, match="y_pred must be 1-D"):
        m.mean_squared_error([1, 2], [[1, 2]])
    with pytest.raises(ValueError, match="NaN"):
        m.mean_squared_error([1, np.nan], [1, 2])


# -- counts and rates ------------------------------------------------------------------------
def test_confusion_matrix_layout_and_sklearn(labels):
    y_true, y_pred = labels
    cm = m.confusion_matrix(y_true, y_pred)
    assert np.array_equal(cm, skm.confusion_matrix(y_true, y_pred, labels=[0, 1]))
    # rows are the true class, columns the prediction: [[TN, FP], [FN, TP]]
    assert np.array_equal(m.confusion_matrix([0, 0, 1, 1, 1], [0, 1, 0, 1, 1]), [[1, 1], [1, 2]])
    # one class missing still gives a 2 x 2 matrix
    assert np.array_equal(m.confusion_matrix([1, 1], [1, 1]), [[0, 0], [0, 2]])


def test_rates_match_sklearn(labels):
    y_true, y_pred = labels
    r = m.classification_rates(m.confusion_matrix(y_true, y_pred))
    assert np.isclose(r["accuracy"], skm.accuracy_score(y_true, y_pred))
    assert np.isclose(r["error_rate"], 1 - skm.accuracy_score(y_true, y_pred))
    assert np.isclose(r["tpr"], skm.recall_score(y_true, y_pred))
    assert np.isclose(r["tnr"], skm.recall_score(y_true, y_pred, pos_label=0))
    assert np.isclose(r["precision"], skm.precision_score(y_true, y_pred))
    assert np.isclose(r["npv"], skm.precision_score(y_true, y_pred, pos_label=0))
    assert np.isclose(r["f1"], skm.f1_score(y_true, y_pred))
    assert np.isclose(r["fpr"], 1 - r["tnr"]) and np.isclose(r["fnr"], 1 - r["tpr"])
    assert np.isclose(m.accuracy(y_true, y_pred), r["accuracy"])
    assert np.isclose(m.precision(y_true, y_pred), r["precision"])
    assert np.isclose(m.recall(y_true, y_pred), r["tpr"])
    assert np.isclose(m.f1_score(y_true, y_pred), r["f1"])


def test_worked_confusion_matrix():
    r = m.classification_rates([[810, 90], [20, 80]])
    assert r["accuracy"] == 0.89 and r["tpr"] == 0.8 and r["tnr"] == 0.9
    assert np.isclose(r["precision"], 80 / 170) and np.isclose(r["npv"], 810 / 830)
    p, rec = r["precision"], r["tpr"]
    assert np.isclose(r["f1"], 2 * p * rec / (p + rec))


def test_undefined_rates_are_nan_or_chosen_value():
    y_true, y_pred = [1, 1, 0], [0, 0, 0]  # nothing predicted positive
    assert np.isnan(m.precision(y_true, y_pred))
    assert m.precision(y_true, y_pred, zero_division=0.0) == 0.0
    assert m.f1_score(y_true, y_pred) == 0.0  # there are positives, none found
    assert np.isnan(m.f1_score([0, 0], [0, 0]))
    assert np.isnan(m.recall([0, 0], [0, 1]))
    for zd in (0.0, 1.0):
        assert m.precision(y_true, y_pred, zero_division=zd) == \
            skm.precision_score(y_true, y_pred, zero_division=zd)
    assert np.isnan(skm.precision_score(y_true, y_pred, zero_division=np.nan))


@pytest.mark.parametrize("call, error, message", [
    (lambda: m.confusion_matrix([0, 1, 2], [0, 1, 1]), ValueError, "only the labels 0 and 1"),
    (lambda: m.confusion_matrix([0, 1], [0, 1, 1]), ValueError, "same number of rows"),
    (lambda: m.confusion_matrix([], []), ValueError, "empty"),
    (lambda: m.accuracy([0, 1], [0, 0.5]), ValueError, "only the labels 0 and 1"),
    (lambda: m.classification_rates([[1, 2, 3]]), ValueError, r"shape \(2, 2\)"),
    (lambda: m.classification_rates([[1, -2], [3, 4]]), ValueError, "non-negative whole counts"),
    (lambda: m.classification_rates([[1, 2.5], [3, 4]]), ValueError, "non-negative whole counts"),
    (lambda: m.classification_rates([[0, 0], [0, 0]]), ValueError, "no examples"),
    (lambda: m.classification_rates([[1, 2], [3, 4]], zero_division=0.5), ValueError,
     "zero_division"),
    (lambda: m.precision([0, 1], [0, 1], zero_division="warn"), TypeError, "zero_division"),
    (lambda: m.recall("01", [0, 1]), TypeError, "y_true must be array-like"),
    (lambda: m.f1_score([0, 1], [[0, 1]]), ValueError, "y_pred must be 1-D"),
])
def test_counting_metrics_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- curves --------------------------------------------------------------------------------------
def test_roc_curve_matches_sklearn_with_ties(tied_scores):
    y_true, scores = tied_scores
    fpr, tpr, thr = m.roc_curve(y_true, scores)
    sk_fpr, sk_tpr, sk_thr = skm.roc_curve(y_true, scores, drop_intermediate=False)
    assert np.allclose(fpr, sk_fpr) and np.allclose(tpr, sk_tpr)
    assert np.array_equal(thr, sk_thr)
    assert len(thr) == len(np.unique(scores)) + 1


def test_roc_curve_small_example_by_hand():
    fpr, tpr, thr = m.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])
    assert np.allclose(fpr, [0, 0, 0.5, 1]) and np.allclose(tpr, [0, 0.5, 1, 1])
    assert np.array_equal(thr, [np.inf, 0.8, 0.4, 0.1])


def test_roc_auc_matches_sklearn_and_pair_counting(tied_scores):
    y_true, scores = tied_scores
    assert np.isclose(m.roc_auc(y_true, scores), skm.roc_auc_score(y_true, scores))
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    diff = pos[:, None] - neg[None, :]
    pairs = np.mean(diff > 0) + 0.5 * np.mean(diff == 0)
    assert np.isclose(m.roc_auc(y_true, scores), pairs)


def test_roc_auc_extremes():
    assert m.roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert m.roc_auc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]) == 0.0
    assert m.roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_precision_recall_curve_matches_sklearn(tied_scores):
    y_true, scores = tied_scores
    prec, rec, thr = m.precision_recall_curve(y_true, scores)
    sk_prec, sk_rec, sk_thr = skm.precision_recall_curve(y_true, scores)
    # scikit-learn runs from low to high thresholds and appends the point (recall 0, precision 1)
    assert np.allclose(prec, sk_prec[:-1][::-1]) and np.allclose(rec, sk_rec[:-1][::-1])
    assert np.array_equal(thr, sk_thr[::-1])
    assert np.isclose(m.average_precision(y_true, scores),
                      skm.average_precision_score(y_true, scores))


def test_auc_trapezoid():
    x = np.linspace(0, 1, 101)
    assert np.isclose(m.auc(x, x**2), 1 / 3, atol=1e-4)
    assert np.isclose(m.auc(x[::-1], (x**2)[::-1]), m.auc(x, x**2))
    assert np.isclose(m.auc([0, 1], [0, 1]), 0.5)
    assert np.isclose(m.auc(x, 2 * x), skm.auc(x, 2 * x))


@pytest.mark.parametrize("call, error, message", [
    (lambda: m.roc_curve([1, 1, 1], [0.1, 0.2, 0.3]), ValueError, "both classes"),
    (lambda: m.roc_curve([0, 0], [0.1, 0.2]), ValueError, "both classes"),
    (lambda: m.roc_curve([0, 1], [0.1]), ValueError, "same number of rows"),
    (lambda: m.roc_curve([0, 1], [0.1, np.inf]), ValueError, "NaN or infinite"),
    (lambda: m.roc_auc([0, 2], [0.1, 0.2]), ValueError, "only the labels 0 and 1"),
    (lambda: m.precision_recall_curve([0, 1], [[0.1, 0.2]]), ValueError, "scores must be 1-D"),
    (lambda: m.average_precision([1, 1], [0.1, 0.2]), ValueError, "both classes"),
    (lambda: m.auc([0, 1, 0.5], [0, 1, 1]), ValueError, "monotonic"),
    (lambda: m.auc([0], [0]), ValueError, "at least 2 points"),
    (lambda: m.auc([0, 1], [0, 1, 2]), ValueError, "same number of rows"),
])
def test_curves_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- bad input, by class ------------------------------------------------------------------------
def test_numpy_numbers_are_accepted_for_zero_division():
    cm = np.array([[5, 0], [3, 0]])
    assert m.classification_rates(cm, zero_division=np.int64(0))["precision"] == 0.0
    assert m.classification_rates(cm, zero_division=np.float32(1.0))["precision"] == 1.0
    with pytest.raises(TypeError, match="zero_division"):
        m.classification_rates(cm, zero_division=np.bool_(True))


@pytest.mark.parametrize("scores", [np.ones(4) * 1j, "abcd", None, [0.1, np.nan, 0.2, 0.3]])
def test_scores_are_checked(scores):
    with pytest.raises((TypeError, ValueError), match="scores"):
        m.roc_curve([0, 1, 0, 1], scores)


def test_precision_recall_follows_from_the_roc_counts(tied_scores):
    y, s = tied_scores
    fpr, tpr, thr = m.roc_curve(y, s)
    prec, rec, thr_pr = m.precision_recall_curve(y, s)
    assert np.array_equal(thr_pr, thr[1:]) and np.array_equal(rec, tpr[1:])
    tp = tpr[1:] * np.sum(y)
    fp = fpr[1:] * (len(y) - np.sum(y))
    assert np.allclose(prec, tp / (tp + fp))
