"""Input validation shared by every public function of :mod:`dlbook`.

Each check raises an exception whose message names the argument, says what was
expected, what was received, and how to fix it. The helpers return the
validated (and, for arrays, converted) value so that a function can write::

    X = as_array(X, "X", ndim=2)
    eta = positive(eta, "eta")
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

__all__ = [
    "as_array",
    "same_length",
    "positive",
    "non_negative",
    "in_range",
    "integer",
    "one_of",
    "probabilities",
    "binary_labels",
    "flag",
    "number_returned",
    "MAX_ELEMENTS",
]

#: The most elements an array or a requested size may have (10^8, 0.8 GB of float64):
#: beyond it a helper refuses with a clear message instead of running out of memory.
MAX_ELEMENTS = 100_000_000


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_array(value, name: str, *, ndim: int | Sequence[int] | None = None,
             shape: tuple | None = None, dtype=float, finite: bool = True,
             min_rows: int = 0) -> np.ndarray:
    """Convert ``value`` to a NumPy array and check its dimensions.

    ``shape`` may contain ``None`` for an axis of any length. ``min_rows``
    asks for at least that many entries along the first axis.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be array-like (a list or NumPy array of numbers), "
                        f"got {_describe(value)}.")
    _refuse_complex(value, name)
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be array-like of numbers, got {_describe(value)} "
                        f"which cannot be converted ({err}).") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            hint = ""
            if 2 in allowed and arr.ndim == 1:
                hint = " Reshape a single feature with x.reshape(-1, 1)."
            raise ValueError(f"{name} must be {want}, got shape {arr.shape}.{hint}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == a for s, a in zip(shape, arr.shape))
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}.")
    if min_rows and (arr.ndim == 0 or arr.shape[0] < min_rows):
        raise ValueError(f"{name} needs at least {min_rows} rows, got "
                         f"{0 if arr.ndim == 0 else arr.shape[0]}.")
    if finite and np.issubdtype(arr.dtype, np.number) and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; remove or impute them first.")
    return arr


def _refuse_complex(value, name: str) -> None:
    """Complex input would lose its imaginary part in a real conversion: refuse it."""
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is None and isinstance(value, (list, tuple)):
        try:
            kind = np.asarray(value).dtype.kind
        except (TypeError, ValueError):
            return  # ragged or mixed: the conversion that follows reports it
    if kind in ("U", "S") or (kind == "O" and any(isinstance(v, (str, bytes))
                                                 for v in np.ravel(np.asarray(value)))):
        raise TypeError(f"{name} must contain numbers, got text ({_describe(value)}); "
                        f"convert it first, e.g. with np.asarray(x, dtype=float).")
    if kind == "c" or isinstance(value, complex):
        raise TypeError(f"{name} must contain real numbers, got complex values "
                        f"({_describe(value)}); pass the real part (x.real) if that is meant.")
    if kind == "O":
        if any(isinstance(v, (complex, np.complexfloating)) for v in np.ravel(np.asarray(value))):
            raise TypeError(f"{name} must contain real numbers, got complex values.")


def same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Check that two arrays have the same number of rows (examples)."""
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same number of rows "
                         f"(one per example), got {len(a)} and {len(b)}.")


def _real(value, name: str) -> float:
    if (isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"):
        value = value.item()  # a 0-d array holding one real number
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    return value


def positive(value, name: str) -> float:
    """A finite real number greater than zero."""
    value = _real(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value}.")
    return value


def non_negative(value, name: str) -> float:
    """A finite real number greater than or equal to zero."""
    value = _real(value, name)
    if value < 0:
        raise ValueError(f"{name} must be 0 or greater, got {value}.")
    return value


def in_range(value, name: str, low: float, high: float, *, inclusive: bool = True) -> float:
    """A finite real number in ``[low, high]`` (or ``(low, high)``)."""
    value = _real(value, name)
    ok = low <= value <= high if inclusive else low < value < high
    if not ok:
        brackets = "[{}, {}]" if inclusive else "({}, {})"
        raise ValueError(f"{name} must lie in {brackets.format(low, high)}, got {value}.")
    return value


def integer(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer (Python or NumPy) within optional bounds."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}.")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}.")
    return value


def one_of(value, name: str, choices: Sequence) -> object:
    """One of a fixed set of choices."""
    try:
        ok = isinstance(value, (str, numbers.Number, type(None))) and value in choices
    except TypeError:
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}.")
    return value


def probabilities(value, name: str, *, ndim: int | Sequence[int] | None = None) -> np.ndarray:
    """An array whose entries lie in [0, 1]."""
    arr = as_array(value, name, ndim=ndim)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise ValueError(f"{name} must contain probabilities in [0, 1], got values from "
                         f"{arr.min():.4g} to {arr.max():.4g}.")
    return arr


def binary_labels(value, name: str) -> np.ndarray:
    """A 1-D array of 0/1 labels, returned as integers."""
    arr = as_array(value, name, ndim=1)
    bad = ~np.isin(arr, (0, 1))
    if bad.any():
        raise ValueError(f"{name} must contain only the labels 0 and 1, got "
                         f"{np.unique(arr[bad])[:5].tolist()}; encode the positive class as 1.")
    return arr.astype(int)


def flag(value, name: str) -> bool:
    """``True`` or ``False`` (a Python or NumPy bool): strings such as ``"no"`` are refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}.")
    return bool(value)


def number_returned(value, name: str) -> float:
    """The value returned by a user's function ``name``, as a finite real number.

    ``None`` (a function without ``return``), strings, complex numbers and arrays of more
    than one element are refused with a message naming the function.
    """
    if value is None:
        raise TypeError(f"{name} returned None; it must return a real number "
                        f"(is a `return` statement missing?).")
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(()).item()
    elif hasattr(value, "__array__") and not isinstance(value, np.ndarray):
        arr = np.asarray(value)  # a tensor of another library
        if arr.size == 1 and arr.dtype.kind in "iuf":
            value = arr.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must return a real number, got {_describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} returned {value}; it must return a finite number.")
    return value
