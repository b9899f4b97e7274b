"""The shared input checks: complex input, flags, numbers returned by a user's function."""

import numpy as np
import pytest

from dlbook import _checks


@pytest.mark.parametrize("value", [[1 + 2j, 3], np.array([1j]), np.array([1, 2j], dtype=object),
                                   3j, np.complex64(1)])
def test_complex_input_is_refused_not_cast(value):
    with pytest.raises(TypeError, match="x must contain real numbers"):
        _checks.as_array(value, "x")


@pytest.mark.parametrize("value", [[[1, 2], [3]], "abc", None, {"a": 1}])
def test_arrays_that_are_not_numbers_are_refused(value):
    with pytest.raises(TypeError, match="x must be array-like"):
        _checks.as_array(value, "x")


def test_numpy_scalars_are_accepted_where_python_ones_are():
    assert _checks.integer(np.int64(3), "n") == 3
    assert _checks.integer(np.array(4), "n") == 4
    assert _checks.positive(np.float32(0.5), "eta") == 0.5
    assert _checks.positive(np.array(2.0), "eta") == 2.0
    assert _checks.flag(np.bool_(False), "keep") is False


@pytest.mark.parametrize("check", [_checks.integer, _checks.positive])
@pytest.mark.parametrize("value", [True, np.bool_(True), "3", 2j, None, [1]])
def test_numbers_refuse_other_types(check, value):
    with pytest.raises(TypeError, match="n must be"):
        check(value, "n")


@pytest.mark.parametrize("value", ["no", "False", 0, 1, None, np.array([True])])
def test_flags_accept_only_booleans(value):
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        _checks.flag(value, "shuffle")


def test_a_number_returned_by_a_function():
    assert _checks.number_returned(np.float64(2.5), "f") == 2.5
    assert _checks.number_returned(np.array([[1.5]]), "f") == 1.5
    with pytest.raises(TypeError, match="f returned None.*return"):
        _checks.number_returned(None, "f")
    for bad in ("1", 1j, np.ones(2), True, [1.0]):
        with pytest.raises(TypeError, match="f must return a real number"):
            _checks.number_returned(bad, "f")
    with pytest.raises(ValueError, match="f returned nan"):
        _checks.number_returned(float("nan"), "f")


def test_one_of_refuses_unhashable_and_foreign_values():
    for bad in (np.array(["relu"]), ["relu"], "bogus"):
        with pytest.raises(ValueError, match="activation must be one of 'relu'"):
            _checks.one_of(bad, "activation", ("relu", "tanh"))


@pytest.mark.parametrize("value", [["1", "2"], np.array(["1.5"]), np.array([1, "2"], dtype=object),
                                   [b"1"]])
def test_text_is_refused_not_parsed(value):
    with pytest.raises(TypeError, match="x must contain numbers, got text"):
        _checks.as_array(value, "x")
