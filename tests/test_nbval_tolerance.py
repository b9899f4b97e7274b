"""The numeric tolerance that nbval applies to the notebooks' printed outputs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nbval_tolerance import (EXACT_TAG, LAST_DIGITS, RELATIVE, ToleratedText, disagreement,
                             last_digit_unit, numbers_agree, outputs_agree, split)
from notebooks import ROOT


def test_the_declared_tolerance():
    assert RELATIVE == 0.02 and LAST_DIGITS == 2


def test_split_keeps_digits_of_words_as_text():
    pieces, numbers = split("float32 layer x2: loss 0.25, shape (65, 10), 1e-08.")
    assert numbers == ["0.25", "65", "10", "1e-08"]
    assert pieces[0] == "float32 layer x2: loss " and pieces[-1] == "."


@pytest.mark.parametrize("token, unit", [("0.966", 1e-3), ("12.5", 0.1), ("3.", 1.0),
                                         ("1.2e-04", 1e-5), ("2e+06", 1e6), (".5", 0.1)])
def test_last_digit_unit(token, unit):
    assert last_digit_unit(token) == pytest.approx(unit)


@pytest.mark.parametrize("reference, test", [
    ("0.966", "0.962"),        # a Keras metric on another CPU: 0.4 %
    ("0.707", "0.718"),        # a NumPy training result: 1.6 %
    ("0.0012", "0.0014"),      # two units in the last digit
    ("-0.0001", "0.0001"),     # a sign flip at the printed precision
    ("1.72e-03", "1.74e-03"),
    ("100.0", "101.9"),
    ("0.5", "0.5"),
])
def test_numbers_within_tolerance_agree(reference, test):
    assert numbers_agree(reference, test) and numbers_agree(test, reference)


@pytest.mark.parametrize("reference, test", [
    ("0.966", "0.900"),        # 7 %: a real change
    ("0.50", "0.53"),          # 6 % and three units
    ("1.72e-03", "1.72e-02"),  # another exponent
    ("42", "43"),              # integers are exact
    ("1000", "1001"),
    ("3", "3.0"),              # an integer is not a float
])
def test_numbers_outside_tolerance_disagree(reference, test):
    assert not numbers_agree(reference, test)


def test_text_must_match_exactly_but_for_whitespace_runs():
    assert outputs_agree("test accuracy 0.966\n", "test accuracy 0.963\n")
    assert outputs_agree("[ 0.0477 -0.002 ]", "[-0.0477  -0.002 ]") is False  # 0.0477 -> -0.0477
    assert outputs_agree("[ 0.0001 -0.002 ]", "[-0.0001 -0.002 ]")            # alignment only
    assert not outputs_agree("test accuracy 0.966", "test accuracz 0.966")
    assert not outputs_agree("loss 0.25", "loss  0.25 (diverged)")
    assert "text differs" in disagreement("train 0.9", "test 0.9")


def test_a_changed_word_an_integer_a_shape_or_a_far_number_fails():
    stored = "epoch 20: loss 0.1234, shape (1000, 784), 34 layers, training accuracy 0.9712"
    assert outputs_agree(stored, stored.replace("0.9712", "0.9690"))
    for changed in (stored.replace("loss", "lost"),
                    stored.replace("34 layers", "35 layers"),
                    stored.replace("(1000, 784)", "(1000, 785)"),
                    stored.replace("(1000, 784)", "(1000, 784, 1)"),
                    stored.replace("0.9712", "0.9000")):
        assert not outputs_agree(stored, changed), changed
    assert "integer differs" in disagreement(stored, stored.replace("34", "35"))
    assert "numbers" in disagreement("a 1.0", "a 1.0 2.0")


def test_exact_cells_compare_exactly():
    assert outputs_agree("0.966", "0.963")
    assert not outputs_agree("0.966", "0.963", exact=True)
    assert outputs_agree("0.966", "0.966", exact=True)


def test_tolerated_text_is_what_nbval_compares():
    a, b = ToleratedText("acc 0.966"), ToleratedText("acc 0.965")
    assert a == b and not (a != b)
    assert ToleratedText("acc 0.966", exact=True) != b
    assert ToleratedText("acc 1") != ToleratedText("acc 2")
    assert (a == 3) is False


def _notebook(stored: str, source: str, tags=()) -> dict:
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "cells": [{"cell_type": "code", "id": "c1", "execution_count": 1,
                   "metadata": {"tags": list(tags)}, "source": source,
                   "outputs": [{"output_type": "stream", "name": "stdout",
                                "text": stored + "\n"}]}],
    }


@pytest.mark.parametrize("stored, source, tags, passes", [
    ("test accuracy 0.966", "print('test accuracy 0.963')", (), True),
    ("test accuracy 0.966", "print('test accuracy 0.900')", (), False),
    ("test accuracy 0.966", "print('test accuracy 0.963')", (EXACT_TAG,), False),
    ("34 errors", "print('35 errors')", (), False),
    ("shape (100, 10)", "print('shape (100, 1)')", (), False),
    ("test accuracy 0.966", "print('test accuracy 0.966 (best)')", (), False),
    ("test accuracy 0.966", "pass", (), False),  # a missing output
    ("test accuracy 0.966", "print('test accuracy 0.966'); 1.5", (), False),  # an extra output
], ids=["within", "outside", "exact-tag", "integer", "shape", "word", "missing", "extra"])
def test_nbval_uses_the_tolerance(tmp_path, stored, source, tags, passes):
    """Run nbval itself on a one-cell notebook whose stored output differs from what it prints."""
    path = tmp_path / "tolerance.ipynb"
    path.write_text(json.dumps(_notebook(stored, source, tags)))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
         "-p", "no:cacheprovider", "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
         str(path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (result.returncode == 0) == passes, result.stdout[-2000:]
