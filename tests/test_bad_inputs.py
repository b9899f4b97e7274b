"""Every public helper refuses bad input clearly, by class of bad input.

For each helper a valid call is listed below. Each argument of it is then replaced, one
at a time, by values of the wrong type, dtype or kind for that argument:

* arrays: ``None``, a string, complex numbers, NaN;
* numbers: ``None``, a string, a complex number, NaN, a list;
* integers: a float, a string, a boolean, 10^12 (a size far beyond memory: a clear
  limit, not a ``MemoryError`` or an endless loop);
* flags (booleans): the string ``"no"``, the integer 1, ``None``;
* functions: a number, a function that returns ``None``;
* named choices: an unknown name, a number;
* random generators: a seed, a string;
* lists of names (an explorer's choices): an unknown name, a number, ``None``.

Each such call must raise ``TypeError`` or ``ValueError`` with a message that names the
argument: not pass silently, and not fail deep inside NumPy with a message about
something else. (Modules with more structure, such as :mod:`dlbook.autodiff`, test their
bad inputs in their own files as well.)
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import numpy as np
import pytest

RNG = np.random.default_rng(0)
X = RNG.normal(size=(20, 2))
Y01 = np.array([0, 1] * 10)
Y3 = np.array([0, 1, 2, 0] * 5)
SCORES = RNG.random(20)
P = np.array([0.5, 0.25, 0.25])
Q = np.array([0.2, 0.3, 0.5])


def _square(x):
    return float(np.sum(np.asarray(x) ** 2))


def _square_grad(x):
    return 2 * np.asarray(x, dtype=float)


def _identity_vector(x):
    return np.asarray(x, dtype=float)


def _fit(x, y):
    return np.polyfit(x, y, 1)


def _predict(coef, x):
    return np.polyval(coef, x)


def _batch_grad(theta, X_batch, y_batch):
    return X_batch.T @ (X_batch @ theta - y_batch) / len(y_batch)


# name: (args, kwargs, {argument: classes of bad input to skip})
CASES = {
    "information.entropy": ((P,), {"base": 2.0}, {}),
    "information.kl_divergence": ((P, Q), {"base": 2.0}, {}),
    "information.cross_entropy": ((P, Q), {"base": 2.0}, {}),
    "information.binary_cross_entropy": ((Y01, np.full(20, 0.3)), {"eps": 1e-7}, {}),
    # x may be an array of points (the derivative is taken at each)
    "calculus.numerical_derivative": ((np.sin, 0.5), {"h": 1e-5}, {"x": {"list"}}),
    "calculus.numerical_gradient": ((_square, np.ones(3)), {"h": 1e-5}, {}),
    "calculus.numerical_jacobian": ((_identity_vector, np.ones(3)), {"h": 1e-5}, {}),
    "calculus.gradient_check": ((_square, _square_grad, np.ones(3)), {"h": 1e-5}, {}),
    "model_selection.polynomial_features": ((X[:, 0], 3), {}, {}),
    "model_selection.fit_polynomial": ((X[:, 0], X[:, 1], 3), {}, {}),
    "model_selection.predict_polynomial": ((np.ones(3), X[:, 0]), {}, {}),
    "model_selection.k_fold_indices": ((20, 4), {"shuffle": True, "seed": 0}, {}),
    "model_selection.bias_variance_simulation": (([1, 3],), {"n_train": 20, "noise": 0.3,
                                                             "n_repeats": 5, "seed": 0}, {}),
    "model_selection.cross_validation_mse": ((X[:, 0], X[:, 1], 2),
                                             {"k": 5, "shuffle": True, "seed": 0}, {}),
    "model_selection.cross_validate": ((_fit, _predict, X[:, 0], X[:, 1]),
                                       {"k": 5, "shuffle": True, "seed": 0}, {}),
    "metrics.classification_rates": ((np.array([[5, 2], [1, 4]]),), {"zero_division": 0.0},
                                     {"zero_division": {"NaN"}}),  # NaN: "undefined" is allowed
    "metrics.mean_squared_error": ((X[:, 0], X[:, 1]), {}, {}),
    "metrics.accuracy": ((Y01, Y01[::-1]), {}, {}),
    "metrics.confusion_matrix": ((Y01, Y01[::-1]), {}, {}),
    "metrics.precision": ((Y01, Y01[::-1]), {}, {}),
    "metrics.recall": ((Y01, Y01[::-1]), {}, {}),
    "metrics.f1_score": ((Y01, Y01[::-1]), {}, {}),
    "metrics.roc_curve": ((Y01, SCORES), {}, {}),
    "metrics.precision_recall_curve": ((Y01, SCORES), {}, {}),
    "metrics.auc": ((np.linspace(0, 1, 5), np.linspace(0, 1, 5) ** 2), {}, {}),
    "metrics.roc_auc": ((Y01, SCORES), {}, {}),
    "metrics.average_precision": ((Y01, SCORES), {}, {}),
    "linear.add_intercept": ((X,), {}, {}),
    "linear.fit_least_squares": ((X, X[:, 0] + 1), {"intercept": True}, {}),
    "linear.regression_summary": ((X, X[:, 0] + RNG.normal(size=20)), {"intercept": True}, {}),
    "linear.sigmoid": ((X,), {}, {}),
    "linear.softmax": ((X,), {"axis": -1}, {}),
    "linear.one_hot": ((Y3,), {"n_classes": 3}, {}),
    "linear.logistic_loss_and_grad": ((np.zeros(2), X, Y01), {"l2": 0.1}, {}),
    "linear.fit_logistic_regression": ((X, Y01), {"learning_rate": 0.1, "n_steps": 5,
                                                  "intercept": True, "l2": 0.0}, {}),
    "linear.softmax_loss_and_grad": ((np.zeros((2, 3)), X, Y3), {"l2": 0.1}, {}),
    "linear.fit_softmax_regression": ((X, Y3), {"n_classes": 3, "learning_rate": 0.1,
                                                "n_steps": 5, "intercept": True, "l2": 0.0}, {}),
    "linear.predict_proba": ((np.zeros(3), X), {"intercept": True}, {}),
    "optim.gradient_descent": ((_square_grad, np.ones(2), 0.1, 5), {}, {}),
    "optim.minibatches": ((20, 5), {"rng": np.random.default_rng(0), "shuffle": True}, {}),
    "optim.minibatch_sgd": ((_batch_grad, X, X[:, 0], np.zeros(2), 0.1, 5, 2),
                            {"seed": 0, "shuffle": True}, {}),
    "perceptron.fit_perceptron": ((np.array([[0, 0], [0, 1], [1, 0], [1, 1]]),
                                   np.array([0, 0, 0, 1])),
                                  {"learning_rate": 0.25, "max_epochs": 20, "seed": 0,
                                   "shuffle": True}, {}),
    "perceptron.predict_perceptron": ((np.zeros(3), X), {}, {}),
    "perceptron.truth_table": (("and",), {}, {}),
    "activations.get": (("relu",), {}, {}),
    **{f"activations.{name}{suffix}": ((X,), {"alpha": 0.1} if name == "leaky_relu" else {}, {})
       for name in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "swish",
                    "gelu", "hard_tanh") for suffix in ("", "_derivative")},
    "approximation.sigmoid_bump": ((X[:, 0], -0.5, 0.5), {"steepness": 10.0}, {}),
    "approximation.staircase_network": ((np.sin, 4), {"sharpness": 10.0}, {}),
    "approximation.interpolating_network": ((np.sin, 4), {}, {}),
    "approximation.sawtooth_network": ((3,), {}, {}),
    "approximation.tent": ((X[:, 0],), {}, {}),
    "approximation.count_linear_pieces": ((np.linspace(0, 1, 9), np.abs(np.linspace(-1, 1, 9))),
                                          {"tol": 1e-7}, {}),
    "nn.MLP": (([2, 4, 1],), {"activation": "relu", "output": "sigmoid", "init": "he",
                              "seed": 0}, {}),
    "plots.color": (("blue",), {}, {}),
    "plots.class_color": ((1,), {}, {}),
    "report.below": ((1e-9, 1e-8), {}, {}),
    "data.make_sine_regression": ((), {"n": 30, "noise": 0.3, "seed": 0, "x_range": (0.0, 1.0)},
                                  {}),
    "data.make_blobs_2d": ((), {"n_per_class": 10, "spread": 1.0, "seed": 0}, {}),
    "data.load_digits": ((), {"flatten": True, "normalize": True}, {}),
    "data.load_mnist_subset": ((), {"test_size": 1000, "seed": 0, "flatten": True,
                                    "normalize": True}, {}),
    # explorers (small settings: a valid call builds the explorer, which draws nothing yet)
    "widgets.matrix_explorer": ((), {"t_values": (0.0, 1.0), "families": ("scale", "shear"),
                                     "limit": 4.5}, {}),
    "widgets.gaussian_explorer": ((), {"rhos": (0.0, 0.5), "sigma2s": (1.0, 2.0), "sigma1": 1.0,
                                       "n_samples": 50, "seed": 0}, {}),
    "widgets.bayes_explorer": ((), {"prevalences": (0.01, 0.1), "false_positive_rates": (0.01, 0.1),
                                    "sensitivity": 0.99, "population": 1000}, {}),
    "widgets.polynomial_degree_explorer": ((), {"max_degree": 3, "train_sizes": (15, 30),
                                                "noise": 0.3, "n_test": 100, "seed": 0}, {}),
    "widgets.bias_variance_explorer": ((), {"max_degree": 3, "n_train": 15, "noise": 0.3,
                                            "n_repeats": 10, "n_shown": 5, "design": "fixed",
                                            "seed": 0}, {}),
    "widgets.threshold_explorer": ((), {"features": ("mean radius", "mean texture"),
                                        "thresholds": (0.3, 0.5), "test_size": 0.3, "seed": 0},
                                   {"features": {"None"}, "thresholds": {"None"}}),  # defaults
    "widgets.learning_rate_explorer": ((), {"learning_rates": (0.1, 0.5), "n_steps": 10,
                                            "theta0": (-1.0, -0.5)},
                                       {"learning_rates": {"None"}}),  # None: the default rates
    "widgets.least_squares_problem": ((), {"n": 20, "seed": 0}, {}),
    "widgets.classify_learning_rate": ((0.1, np.array([[2.0, 0.5], [0.5, 1.0]])), {}, {}),
    "widgets.learning_rate_outcome": ((0.1,), {"n_steps": 10, "theta0": (-1.0, -0.5)}, {}),
    "widgets.logistic_curve_explorer": ((), {"intercepts": (-6.0, 0.0), "slopes": (1.0, 3.0)},
                                        {}),
    "widgets.stepper_data": ((), {"n": 16, "margin": 0.1, "seed": 2}, {}),
    "widgets.perceptron_stepper": ((), {"learning_rate": 0.5, "initial_weights": (0.5, -0.5, 1.0),
                                        "max_updates": 10}, {}),
    "widgets.xor_playground": ((), {"c2_values": (-1.0, 0.0), "w2_values": (-2.0, 0.0)}, {}),
    "widgets.softmax_temperature_explorer": ((), {"logits": (1.0, 0.5, -1.0),
                                                  "first_values": (0.0, 1.0),
                                                  "temperatures": (0.5, 1.0)}, {}),
    "widgets.activation_explorer": ((), {"activations": ("relu", "tanh"), "epochs": (2, 4),
                                         "hidden": (4,), "learning_rate": 0.3}, {}),
    "widgets.universal_approximation_explorer": ((), {"units": (1, 2), "targets": ("sine", "abs"),
                                                      "sharpness": 10.0}, {}),
    "widgets.folding_explorer": ((), {"depths": (1, 2)}, {}),
    "widgets.graph_explorer": (("xyz",), {}, {}),
    "widgets.example_graph": (("xyz",), {}, {}),
    "widgets.layer_gradient_norms": (("sigmoid", 3), {"init": "glorot", "width": 4, "n": 16,
                                                      "seed": 0}, {}),
    "widgets.gradient_flow_explorer": ((), {"depths": (2, 5), "width": 8}, {}),
    "widgets.saturation_explorer": ((), {"logits": (-2.0, 0.0, 2.0), "labels": (0, 1)}, {}),
    "data.make_moons_2d": ((), {"n": 20, "noise": 0.2, "seed": 0}, {}),
    "data.load_photo": (("china.jpg",), {"gray": True, "size": 40}, {}),
}


# Public names that are not in CASES, and why.
EXEMPT = {
    "data.DataChecksumError": "an exception class",
    "data.data_dir": "takes no arguments",
    "data.manifest": "takes no arguments",
    "data.load_credit": "takes no arguments",
    "data.load_default": "takes no arguments",
    "data.load_mnist1d": "takes no arguments",
    "data.verify": "tested in test_data.py (a file name)",
    "data.data_path": "tested in test_data.py (a file name)",
    "data.load_mnist_full": "loads 70,000 images; its flags are checked as load_mnist_subset's",
    "plots.use_book_style": "takes no arguments",
    "plots.new_axes": "tested in test_plots.py (matplotlib axes)",
    "plots.plot_function": "draws; tested in test_package.py",
    "report.headline": "tested in test_report.py (bands and recording)",
    "report.band": "tested in test_report.py",
    "report.show_source": "takes a function; tested in test_report.py",
    "report.source_without_docstrings": "takes a function; tested in test_report.py",
    "model_selection.BiasVariance": "a record of results (a dataclass)",
    "linear.RegressionSummary": "a record of results (a dataclass)",
    "perceptron.PerceptronFit": "a record of results (a dataclass)",
    "activations.Activation": "a record (a dataclass); activations.get validates names",
    "autodiff.Value": "a graph engine; tested by class of bad input in test_autodiff.py",
    "autodiff.maximum": "tested in test_autodiff.py",
    "autodiff.topological_order": "tested in test_autodiff.py",
    "autodiff.draw_graph": "tested in test_autodiff.py",
    "autodiff.Dual": "tested in test_autodiff.py",
    "widgets.pass_steps": "takes an autodiff graph; tested in test_widgets_backprop.py",
    "widgets.PassStep": "a record (a dataclass)",
}
WIDGET_MODULES = ("foundations", "learning", "regression", "neurons", "feedforward", "backprop",
                  "gradients")
MODULES = ("data", "plots", "report", "information", "calculus", "model_selection", "metrics",
           "linear", "optim", "perceptron", "activations", "approximation", "nn", "autodiff")

# From Chapter 5 on, each module lists its cases in a file of its own next to this one,
# tests/bad_inputs_<module>.py, with CASES, EXEMPT, MODULES and WIDGET_MODULES of the forms above.
for _path in sorted(Path(__file__).parent.glob("bad_inputs_*.py")):
    _more = importlib.import_module(_path.stem)
    assert not set(_more.CASES) & set(CASES), f"{_path.name} repeats a case"
    CASES.update(_more.CASES)
    EXEMPT.update(getattr(_more, "EXEMPT", {}))
    MODULES += tuple(getattr(_more, "MODULES", ()))
    WIDGET_MODULES += tuple(getattr(_more, "WIDGET_MODULES", ()))


def _returns_none(*args, **kwargs):
    return None


def _kind(value) -> str:
    if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        return "names"
    if isinstance(value, np.random.Generator):
        return "generator"
    if isinstance(value, (bool, np.bool_)):
        return "flag"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "number"
    if isinstance(value, str):
        return "choice"
    if callable(value):
        return "callable"
    if isinstance(value, list) and all(isinstance(v, (int, np.integer)) for v in value):
        return "sizes"
    return "array"


def _bad_values(value, kind):
    if kind == "array":
        arr = np.asarray(value, dtype=float)
        nan = arr.copy()
        nan.flat[0] = np.nan
        return {"None": None, "string": "abc", "complex": arr + 1j, "NaN": nan}
    if kind == "number":
        return {"None": None, "string": "1", "complex": 1j, "NaN": float("nan"), "list": [1.0]}
    if kind == "int":
        return {"float": 2.5, "string": "3", "bool": True, "huge": 10**12}
    if kind == "flag":
        return {"string": "no", "int": 1, "None": None}
    if kind == "callable":
        return {"number": 3, "returns None": _returns_none}
    if kind == "choice":
        return {"unknown": "bogus-name", "number": 3}
    if kind == "names":
        return {"unknown": ("bogus-name",) + value[1:], "number": (3,) + value[1:],
                "None": None}
    if kind == "generator":
        return {"seed": 0, "string": "rng"}
    if kind == "sizes":
        return {"float entry": [2, 4.5, 1], "string": "241"}
    raise AssertionError(kind)


def _calls():
    for name, (args, kwargs, skip) in CASES.items():
        module_name, func_name = name.split(".")
        func = getattr(importlib.import_module(f"dlbook.{module_name}"), func_name)
        params = list(inspect.signature(func).parameters)
        arguments = {**dict(zip(params, args)), **kwargs}
        for arg, value in arguments.items():
            kind = _kind(value)
            for label, bad in _bad_values(value, kind).items():
                if label in skip.get(arg, ()) or (arg == "seed" and label == "huge"):
                    continue  # (any non-negative integer seeds NumPy's generators)
                yield pytest.param(func, args, kwargs, params, arg, bad,
                                   id=f"{name}-{arg}-{label}")


@pytest.mark.parametrize("func, args, kwargs, params, arg, bad", list(_calls()))
def test_bad_input_is_refused_with_a_message_naming_the_argument(func, args, kwargs, params,
                                                                 arg, bad):
    args = list(args)
    kwargs = dict(kwargs)
    if arg in kwargs:
        kwargs[arg] = bad
    else:
        args[params.index(arg)] = bad
    with pytest.raises((TypeError, ValueError)) as caught:
        result = func(*args, **kwargs)
        if inspect.isgenerator(result):
            list(result)
    assert arg in str(caught.value), f"the message does not name {arg!r}: {caught.value}"


def test_every_public_helper_is_swept_or_exempt_with_a_reason():
    public = {f"{m}.{n}" for m in MODULES
              for n in importlib.import_module(f"dlbook.{m}").__all__
              if callable(getattr(importlib.import_module(f"dlbook.{m}"), n))}
    for m in WIDGET_MODULES:
        module = importlib.import_module(f"dlbook.widgets.{m}")
        public |= {f"widgets.{n}" for n in module.__all__ if callable(getattr(module, n))}
    missing = public - set(CASES) - {k for k, why in EXEMPT.items() if why}
    assert not missing, f"add a valid call to CASES (or a reason to EXEMPT) for {sorted(missing)}"
    assert not (set(CASES) | set(EXEMPT)) - public, "CASES or EXEMPT name a helper that is gone"


def test_every_valid_call_works():
    for name, (args, kwargs, _) in CASES.items():
        module_name, func_name = name.split(".")
        result = getattr(importlib.import_module(f"dlbook.{module_name}"), func_name)(*args,
                                                                                     **kwargs)
        if inspect.isgenerator(result):
            list(result)
