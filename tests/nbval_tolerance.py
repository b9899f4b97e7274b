"""The book's numeric tolerance for nbval: printed numbers match within a declared band.

nbval compares each cell's new text output with the stored one character by
character. Results of training (a loss, an accuracy, a learned weight) differ in
their last digits between CPUs (AVX2 or AVX-512), TensorFlow's CPU kernels and
thread counts, so an exact comparison fails on every machine but the one that
executed the notebook. This plugin keeps nbval and changes one thing, the
comparison of two text outputs:

* the words, punctuation and layout must be the same (runs of whitespace count as
  one space, so that NumPy's column alignment may shift);
* integers (``42``, ``(65, 10)``, ``1,000``) must be the same;
* numbers with a decimal point or an exponent (``0.966``, ``1.2e-03``) agree when
  they differ by at most ``RELATIVE`` of the larger one, or by at most
  ``LAST_DIGITS`` units of the last digit printed, whichever is larger;
* a cell tagged ``exact-output`` (exact worked numbers) is compared exactly.

The tolerance lives here, in one place, and the appendix page "How this book is
made" explains it. pytest loads this module for every run (``pyproject.toml``);
it acts only when nbval runs, and then also sets ``DLBOOK_BOOK_OUTPUTS=1`` for the
kernels, as ``make execute`` does, so that explorers draw the flipbooks the stored
outputs hold.
"""

from __future__ import annotations

import math
import os
import re

#: Relative tolerance for printed non-integer numbers: 2 %.
RELATIVE = 0.02
#: ... or this many units of the last printed digit, whichever is larger.
LAST_DIGITS = 2
#: Cells with this tag are compared exactly, as plain nbval does.
EXACT_TAG = "exact-output"

# A number not glued to a word ("float32" and "x2" keep their digits as text), with
# an optional sign, a decimal part and an exponent.
NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def split(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into its text pieces (one more than the numbers) and its numbers."""
    pieces, numbers, start = [], [], 0
    for match in NUMBER.finditer(text):
        pieces.append(text[start:match.start()])
        numbers.append(match.group())
        start = match.end()
    pieces.append(text[start:])
    return pieces, numbers


def is_integer(token: str) -> bool:
    """True for a printed integer (no decimal point, no exponent)."""
    return not any(c in token for c in ".eE")


def last_digit_unit(token: str) -> float:
    """The value of one unit in the last printed digit: 0.001 for ``0.966``, 1e-5 for ``1.2e-04``."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(reference: str, test: str) -> bool:
    """Whether two printed numbers agree under the book's tolerance."""
    if is_integer(reference) or is_integer(test):
        return reference.lstrip("+") == test.lstrip("+")
    a, b = float(reference), float(test)
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b
    allowed = max(RELATIVE * max(abs(a), abs(b)),
                  LAST_DIGITS * max(last_digit_unit(reference), last_digit_unit(test)))
    return abs(a - b) <= allowed * (1 + 1e-9)


def _layout(piece: str) -> str:
    return " ".join(piece.split())


def disagreement(reference: str, test: str) -> str | None:
    """``None`` if the two outputs agree under the tolerance, else what differs first."""
    ref_pieces, ref_numbers = split(reference)
    test_pieces, test_numbers = split(test)
    if len(ref_numbers) != len(test_numbers):
        return (f"the stored output has {len(ref_numbers)} numbers, the new one "
                f"{len(test_numbers)}")
    for k, (r, t) in enumerate(zip(ref_pieces, test_pieces)):
        if _layout(r) != _layout(t):
            return f"text differs: {_layout(r)!r} became {_layout(t)!r}"
        if k < len(ref_numbers) and not numbers_agree(ref_numbers[k], test_numbers[k]):
            kind = ("integer" if is_integer(ref_numbers[k]) or is_integer(test_numbers[k])
                    else f"number (tolerance {RELATIVE:.0%} or {LAST_DIGITS} in the last digit)")
            return f"{kind} differs: {ref_numbers[k]} became {test_numbers[k]}"
    return None


def outputs_agree(reference: str, test: str, *, exact: bool = False) -> bool:
    """Whether a stored and a new text output agree (exactly, if ``exact``)."""
    if exact:
        return reference == test
    return disagreement(reference, test) is None


class ToleratedText(str):
    """A sanitized output string whose ``==`` and ``!=`` apply the book's tolerance.

    nbval compares the sanitized stored and new outputs with ``!=``; handing it this
    string type changes that comparison and nothing else.
    """

    exact = False

    def __new__(cls, value: str, exact: bool = False):
        text = super().__new__(cls, value)
        text.exact = exact
        return text

    def __eq__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        exact = self.exact or getattr(other, "exact", False)
        return outputs_agree(str(self), str(other), exact=exact)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__


def _install() -> None:
    from nbval.plugin import IPyNbCell

    if getattr(IPyNbCell.sanitize, "_book_tolerance", False):
        return
    original = IPyNbCell.sanitize

    def sanitize(self, s):
        s = original(self, s)
        if not isinstance(s, str):
            return s
        tags = self.cell.get("metadata", {}).get("tags", [])
        return ToleratedText(s, exact=EXACT_TAG in tags)

    sanitize._book_tolerance = True
    IPyNbCell.sanitize = sanitize


def pytest_configure(config):
    if config.pluginmanager.hasplugin("nbval"):
        _install()
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        # The notebooks' kernels make the book's outputs, as `make execute` does: explorers
        # draw their flipbooks (in a reader's kernel they show only the live widget).
        os.environ.setdefault("DLBOOK_BOOK_OUTPUTS", "1")
