"""dlbook.ensembles: bootstrap, bagging, ensemble variance and dropout against Keras."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlbook import ensembles


def test_bootstrap_indices_draw_with_replacement():
    idx = ensembles.bootstrap_indices(1000, seed=3)
    assert idx.shape == (1000,) and idx.min() >= 0 and idx.max() < 1000
    assert len(np.unique(idx)) < 1000  # some repeats
    assert np.array_equal(idx, ensembles.bootstrap_indices(1000, seed=3))


def test_distinct_fraction_exact_and_limit():
    for n in (1, 2, 3, 10, 1000):
        assert math.isclose(ensembles.distinct_fraction(n), 1 - (1 - 1 / n) ** n, rel_tol=1e-12)
    assert ensembles.distinct_fraction(2) == 0.75
    assert abs(ensembles.distinct_fraction(10**8) - (1 - 1 / math.e)) < 1e-8
    # by brute force for n = 4: all 4**4 samples
    import itertools
    mean = np.mean([len(set(s)) / 4 for s in itertools.product(range(4), repeat=4)])
    assert math.isclose(mean, ensembles.distinct_fraction(4), rel_tol=1e-12)


def test_ensemble_variance_matches_simulation():
    rng = np.random.default_rng(0)
    v, c, k = 2.0, 0.5, 4
    cov = np.full((k, k), c) + (v - c) * np.eye(k)
    sims = rng.multivariate_normal(np.zeros(k), cov, size=400_000).mean(axis=1).var()
    assert abs(sims - ensembles.ensemble_variance(v, c, k)) < 0.01
    assert ensembles.ensemble_variance(1.0, 1.0, 7) == 1.0
    with pytest.raises(ValueError, match="c"):
        ensembles.ensemble_variance(1.0, 2.0, 3)


def test_bag_fits_each_member_on_its_bootstrap_sample():
    x = np.arange(10.0)
    y = 2 * x

    def fit(xs, ys):
        return float(np.mean(xs))

    def predict(model, x_new):
        return np.full(len(x_new), model)

    members = ensembles.bag(fit, predict, x, y, x[:3], k=4, seed=5)
    assert members.shape == (4, 3)
    for j in range(4):
        assert members[j, 0] == np.mean(x[ensembles.bootstrap_indices(10, 5 + j)])


def test_dropout_mask_keeps_the_right_fraction():
    mask = ensembles.dropout_mask((200, 500), 0.3, seed=1)
    assert set(np.unique(mask)) == {0.0, 1.0}
    assert abs(mask.mean() - 0.7) < 0.005
    assert ensembles.dropout_mask(5, 0.0).sum() == 5


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_inverted_dropout_agrees_with_keras(rate):
    keras = pytest.importorskip("keras")
    ones = np.ones((400, 250), dtype="float32")
    theirs = keras.ops.convert_to_numpy(keras.layers.Dropout(rate, seed=0)(ones, training=True))
    ours = ensembles.inverted_dropout(ones, rate, seed=0)
    for out in (theirs, ours):
        kept = out[out != 0]
        assert np.allclose(kept, 1 / (1 - rate), rtol=1e-7)
        assert abs(kept.size / ones.size - (1 - rate)) < 0.01
    identity = keras.ops.convert_to_numpy(keras.layers.Dropout(rate)(ones, training=False))
    assert np.array_equal(identity, ones)
    assert np.array_equal(ensembles.inverted_dropout(ones, rate, training=False), ones)


def test_inverted_dropout_is_unbiased():
    h = np.linspace(-1, 1, 50)
    mean = np.mean([ensembles.inverted_dropout(h, 0.5, seed=s) for s in range(4000)], axis=0)
    assert np.abs(mean - h).max() < 0.06


def test_all_masks_enumerates_every_subnetwork():
    masks = ensembles.all_masks(4)
    assert masks.shape == (16, 4)
    assert len({tuple(m) for m in masks}) == 16
    assert ensembles.all_masks(0).shape == (1, 0)


def test_weight_scaling_is_the_geometric_mean_of_a_softmax_layer():
    from scipy.special import log_softmax, softmax

    rng = np.random.default_rng(4)
    W, b, v = rng.normal(size=(6, 4)), rng.normal(size=4), rng.normal(size=6)
    masks = ensembles.all_masks(6)
    log_geo = log_softmax((masks * v) @ W + b, axis=1).mean(axis=0)
    assert np.allclose(softmax(log_geo), softmax(0.5 * v @ W + b), atol=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda: ensembles.dropout_mask(3, 1.0), "rate"),
    (lambda: ensembles.dropout_mask((10**5, 10**5), 0.5), "elements"),
    (lambda: ensembles.all_masks(30), "n"),
    (lambda: ensembles.bag(len, len, np.ones(3), np.ones(4), np.ones(2), 2), "same number"),
])
def test_bad_input_is_refused(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
