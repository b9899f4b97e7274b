"""Report results so that they read the same on every computer.

Two computers (or one computer with another number of threads, or another
Keras backend) agree on a computed number only up to floating-point roundoff:
an error of ``1e-10`` on one machine is ``3e-10`` on the next. The book therefore
never prints a roundoff-level number. It states the claim with its bound and
checks it::

    error = np.abs(ours - reference).max()
    print(f"ours and scikit-learn's agree to {report.below(error, 1e-8)}")
    # hidden cell:  assert error < 1e-8

Results of training (an accuracy, a loss) are printed rounded; the notebook
tests compare them within the book's declared tolerance, and the headline ones
are checked against an honest band with :func:`headline`, which also records
them for the book's status page.

:func:`show_source` displays the code of one of the book's helpers, without its
docstring: the prose around a listing explains it, and a docstring's markup for the
API reference would only be noise there.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import numbers
import os
import textwrap

__all__ = ["below", "headline", "band", "show_source", "source_without_docstrings",
           "RESULTS_VARIABLE"]

#: The environment variable naming the file where :func:`headline` records results
#: (set by ``make execute``; unset, nothing is written).
RESULTS_VARIABLE = "DLBOOK_RESULTS"


def _real(value, name: str) -> float:
    problem = isinstance(value, (bool, str, bytes))
    if not problem and not isinstance(value, numbers.Real):
        try:  # NumPy and backend scalars, 0-d arrays
            value = float(value)
        except (TypeError, ValueError):
            problem = True
    if problem:
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} "
                        f"{value!r}; pass e.g. float(x).")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} is NaN; check the computation that produced it.")
    return value


def below(error, bound: float) -> str:
    """Describe a small ``error`` by the bound it stays under, e.g. ``"better than 1e-08"``.

    If ``error`` is not below ``bound`` the text says so with the error itself
    (then it is no longer roundoff, and its digits matter).

    >>> below(3.2e-12, 1e-8)
    'better than 1e-08'
    >>> below(0.5, 1e-8)
    '5.0e-01, NOT better than 1e-08'
    """
    bound = _real(bound, "bound")
    if not bound > 0:
        raise ValueError(f"bound must be a positive number such as 1e-8, got {bound!r}.")
    error = abs(_real(error, "error"))
    if error < bound:
        return f"better than {bound:.0e}"
    return f"{error:.1e}, NOT better than {bound:.0e}"


def headline(label: str, value, *, at_least=None, at_most=None, fmt: str = ".3f"):
    """Check a headline result against its band and record it for the status page.

    Raises ``AssertionError`` when ``value`` lies outside the band. Returns
    nothing, so that a hidden cell ending with it shows no output. When the
    environment variable ``DLBOOK_RESULTS`` names a file (``make execute`` sets
    it), the result and its band are appended there.

    Parameters
    ----------
    label:
        What the number is, e.g. ``"test accuracy"``.
    value:
        The result (a Python, NumPy or backend scalar).
    at_least, at_most:
        The band the result is checked against; give one or both.
    fmt:
        Format specification used for the value on the status page.
    """
    if not isinstance(label, str) or not label.strip():
        raise TypeError(f"label must be a non-empty string such as 'test accuracy', "
                        f"got {label!r}.")
    if at_least is None and at_most is None:
        raise ValueError("give the band: at_least=..., at_most=... or both.")
    low = None if at_least is None else _real(at_least, "at_least")
    high = None if at_most is None else _real(at_most, "at_most")
    if low is not None and high is not None and low > high:
        raise ValueError(f"at_least ({low:g}) must not exceed at_most ({high:g}).")
    try:
        format(0.0, fmt)
    except (TypeError, ValueError):
        raise ValueError(f"fmt must be a format specification such as '.3f' or '.2e', "
                         f"got {fmt!r}.") from None
    number = _real(value, label)
    inside = (low is None or number >= low) and (high is None or number <= high)
    assert inside, f"{label} = {format(number, fmt)} is outside its band ({band(low, high)})"
    path = os.environ.get(RESULTS_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"label": label, "value": format(number, fmt),
                                     "at_least": low, "at_most": high},
                                    ensure_ascii=False) + "\n")


def band(at_least=None, at_most=None) -> str:
    """A band in words: ``"≥ 0.95"``, ``"≤ 0.02"``, ``"in [0.97, 0.98]"`` or ``"= 21"``.

    >>> band(0.97, 0.98)
    'in [0.97, 0.98]'
    """
    if at_least is not None and at_most is not None:
        if at_least == at_most:
            return f"= {at_least:g}"
        return f"in [{at_least:g}, {at_most:g}]"
    if at_least is not None:
        return f"≥ {at_least:g}"
    if at_most is not None:
        return f"≤ {at_most:g}"
    raise ValueError("give the band: at_least=..., at_most=... or both.")


def source_without_docstrings(obj) -> str:
    """The source code of a function, class or method, with its docstrings removed.

    For a class, the docstrings of its methods go too. Comments stay.
    """
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function, class or method, got "
                        f"{type(obj).__name__}.")
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError) as err:
        raise ValueError(f"the source of {obj.__qualname__} is not available ({err}).") from None
    lines = source.splitlines()
    drop: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                if len(node.body) == 1:  # keep a body: a docstring-only body becomes `...`
                    indent = lines[first.lineno - 1][:first.col_offset]
                    lines[first.lineno - 1] = indent + "..."
                    drop.update(range(first.lineno, first.end_lineno))
                else:
                    drop.update(range(first.lineno - 1, first.end_lineno))
                    if first.end_lineno < len(lines) and not lines[first.end_lineno].strip():
                        drop.add(first.end_lineno)  # and the blank line that followed it
    return "\n".join(line for i, line in enumerate(lines) if i not in drop) + "\n"


def show_source(obj):
    """Display the code of ``obj`` (a function, class or method) without its docstrings.

    Returns an :class:`IPython.display.Code` object, which notebooks render with
    syntax highlighting; its text form is the plain code.
    """
    from IPython.display import Code

    return Code(source_without_docstrings(obj), language="python")
