r"""Early stopping, written out, and its kinship with an L2 penalty (Section 6.4).

:func:`early_stopping` is the algorithm of Goodfellow, Bengio & Courville (2016, Algorithm
7.1) for any training procedure: it calls ``step()`` to train, ``evaluate(params)`` every
``every`` steps, keeps a copy of the best parameters seen, stops after ``patience``
evaluations without improvement and returns the best copy.

:func:`gd_quadratic_factors` and :func:`l2_factors` give, per eigendirection of the Hessian
of a quadratic cost, the fraction of the way from :math:`w = 0` to the minimum that
gradient descent covers in :math:`\tau` steps, :math:`1 - (1 - \epsilon\lambda_i)^\tau`, and
that the L2-penalised minimum covers, :math:`\lambda_i / (\lambda_i + \alpha)`.
:func:`gd_path` and :func:`l2_path` give the corresponding points for a given Hessian.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ._checks import as_array, integer, non_negative, number_returned, positive

__all__ = ["EarlyStoppingResult", "early_stopping", "gd_quadratic_factors", "l2_factors",
           "gd_path", "l2_path"]


@dataclass
class EarlyStoppingResult:
    """What :func:`early_stopping` returns.

    Attributes
    ----------
    params:
        A copy of the parameters at the best evaluation.
    best_step:
        The step count at the best evaluation.
    best_loss:
        The validation loss there.
    stopped_step:
        The step count when training stopped.
    steps:
        The step count of every evaluation.
    losses:
        The validation loss of every evaluation.
    """

    params: Any
    best_step: int
    best_loss: float
    stopped_step: int
    steps: list = field(default_factory=list)
    losses: list = field(default_factory=list)


def _check_early_stopping(step, evaluate, max_steps, patience, every):
    for f, name in ((step, "step"), (evaluate, "evaluate")):
        if not callable(f):
            raise TypeError(f"{name} must be a function, got {type(f).__name__}.")
    return (integer(max_steps, "max_steps", minimum=1, maximum=10**9),
            integer(patience, "patience", minimum=1, maximum=10**9),
            integer(every, "every", minimum=1, maximum=10**9))


def early_stopping(step: Callable, evaluate: Callable, max_steps: int, patience: int,
                   every: int = 1) -> EarlyStoppingResult:
    """Train with ``step()`` and return the parameters with the lowest validation loss.

    Parameters
    ----------
    step : callable
        ``step()`` performs one step of training (one update, or one epoch: the unit is the
        caller's) and returns the current parameters.
    evaluate : callable
        ``evaluate(params)`` returns the validation loss of ``params`` (a real number).
    max_steps : int
        The most steps to take.
    patience : int
        Stop after this many evaluations in a row without a strictly lower loss.
    every : int, default 1
        Evaluate after every ``every`` steps.

    Returns
    -------
    EarlyStoppingResult
        The best parameters (a deep copy), their step and loss, the step at which training
        stopped, and the record of all evaluations.
    """
    max_steps, patience, every = _check_early_stopping(step, evaluate, max_steps, patience,
                                                       every)
    best = EarlyStoppingResult(params=None, best_step=0, best_loss=math.inf, stopped_step=0)
    waited = 0
    for t in range(1, max_steps + 1):
        params = _returned(step(), "step")
        if t % every:
            continue
        loss = number_returned(evaluate(params), "evaluate")
        best.steps.append(t)
        best.losses.append(loss)
        if loss < best.best_loss:  # an improvement: remember these parameters
            best.params, best.best_step, best.best_loss = copy.deepcopy(params), t, loss
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    best.stopped_step = t
    return best


def _returned(params, name):
    if params is None:
        raise TypeError(f"{name} returned None; it must return the current parameters "
                        "(is a `return` statement missing?).")
    return params


def _check_quadratic(eigenvalues, learning_rate):
    lam = as_array(eigenvalues, "eigenvalues", ndim=(0, 1))
    if lam.size > 10**7:
        raise ValueError(f"eigenvalues has {lam.size} entries; at most 10,000,000 are allowed.")
    if np.any(lam < 0):
        raise ValueError("eigenvalues must be 0 or greater (the Hessian of a convex quadratic "
                         f"is positive semi-definite), got a smallest value of {lam.min():.3g}.")
    if learning_rate is not None:
        eps = positive(learning_rate, "learning_rate")
        if np.any(eps * lam >= 2):
            raise ValueError(f"learning_rate times every eigenvalue must be below 2 for gradient "
                             f"descent to converge; learning_rate = {eps:g} and the largest "
                             f"eigenvalue {lam.max():g} give {eps * lam.max():.3g}.")
    return lam


def _check_steps(steps):
    return integer(steps, "steps", minimum=0, maximum=10**9)


def gd_quadratic_factors(eigenvalues, learning_rate: float, steps: int) -> np.ndarray:
    r"""The fraction :math:`1 - (1 - \epsilon\lambda_i)^\tau` of the way to the minimum.

    Gradient descent from :math:`w = 0` on :math:`\tfrac12 (w - w^*)^\top H (w - w^*)`
    reaches :math:`w_\tau = Q\,[I - (I - \epsilon\Lambda)^\tau]\,Q^\top w^*` after
    :math:`\tau` steps, for :math:`H = Q\Lambda Q^\top`.

    Parameters
    ----------
    eigenvalues : float or array-like of shape (d,)
        The eigenvalues :math:`\lambda_i \ge 0` of the Hessian, with
        :math:`\epsilon\lambda_i < 2`.
    learning_rate : float
        :math:`\epsilon > 0`.
    steps : int
        :math:`\tau \ge 0`.

    Returns
    -------
    numpy.ndarray
        One factor per eigenvalue.
    """
    lam, tau = _check_quadratic(eigenvalues, positive(learning_rate, "learning_rate")), \
        _check_steps(steps)
    return 1.0 - (1.0 - learning_rate * lam) ** tau


def l2_factors(eigenvalues, alpha: float) -> np.ndarray:
    r"""The fraction :math:`\lambda_i / (\lambda_i + \alpha)` of the way to the minimum.

    Adding :math:`\tfrac{\alpha}{2}\|w\|^2` to the quadratic moves its minimum to
    :math:`\tilde w = Q\,\Lambda(\Lambda + \alpha I)^{-1} Q^\top w^*`.

    Parameters
    ----------
    eigenvalues : float or array-like of shape (d,)
        The eigenvalues :math:`\lambda_i \ge 0` of the Hessian.
    alpha : float
        The penalty's weight :math:`\alpha > 0`.

    Returns
    -------
    numpy.ndarray
        One factor per eigenvalue.
    """
    lam, alpha = _check_quadratic(eigenvalues, None), positive(alpha, "alpha")
    return lam / (lam + alpha)


def _check_hessian(hessian, w_star):
    H = as_array(hessian, "hessian", ndim=2)
    if H.shape[0] != H.shape[1] or not np.allclose(H, H.T):
        raise ValueError(f"hessian must be a symmetric square matrix, got shape {H.shape}.")
    if H.shape[0] > 1000:
        raise ValueError(f"hessian has {H.shape[0]} rows; at most 1,000 are allowed.")
    w = as_array(w_star, "w_star", shape=(H.shape[0],))
    lam = np.linalg.eigvalsh(H)
    if lam.min() < -1e-10 * max(abs(lam.max()), 1.0):
        raise ValueError("hessian must be positive semi-definite, got a smallest eigenvalue "
                         f"of {lam.min():.3g}.")
    return H, w


def gd_path(hessian, w_star, learning_rate: float, steps: int) -> np.ndarray:
    r"""The iterates of gradient descent from :math:`w = 0` on the quadratic.

    Parameters
    ----------
    hessian : array-like of shape (d, d)
        :math:`H`, symmetric positive semi-definite.
    w_star : array-like of shape (d,)
        The unpenalised minimum :math:`w^*`.
    learning_rate : float
        :math:`\epsilon > 0`.
    steps : int
        The number of steps :math:`\tau`.

    Returns
    -------
    numpy.ndarray of shape (steps + 1, d)
        :math:`w_0 = 0, w_1, \dots, w_\tau`, with :math:`w_{t+1} = w_t - \epsilon H(w_t - w^*)`.
    """
    H, w_star = _check_hessian(hessian, w_star)
    eps = positive(learning_rate, "learning_rate")
    tau = integer(steps, "steps", minimum=0, maximum=10**6)
    path = [np.zeros_like(w_star)]
    for _ in range(tau):
        w = path[-1]
        path.append(w - eps * H @ (w - w_star))
    return np.array(path)


def l2_path(hessian, w_star, alphas) -> np.ndarray:
    r"""The minima :math:`(H + \alpha I)^{-1} H w^*` of the L2-penalised quadratic.

    Parameters
    ----------
    hessian : array-like of shape (d, d)
        :math:`H`, symmetric positive semi-definite.
    w_star : array-like of shape (d,)
        The unpenalised minimum :math:`w^*`.
    alphas : float or array-like of shape (k,)
        Penalty weights :math:`\alpha > 0`.

    Returns
    -------
    numpy.ndarray of shape (k, d)
        One penalised minimum per :math:`\alpha`.
    """
    H, w_star = _check_hessian(hessian, w_star)
    alphas = np.atleast_1d(as_array(alphas, "alphas", ndim=(0, 1)))
    if np.any(alphas <= 0) or alphas.size > 10**6:
        raise ValueError("alphas must be greater than 0 (at most 1,000,000 of them).")
    eye = np.eye(len(w_star))
    return np.array([np.linalg.solve(H + a * eye, H @ w_star) for a in alphas])
