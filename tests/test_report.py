"""dlbook.report: roundoff stated by its bound, headline results checked and recorded."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dlbook import report


def test_below_states_the_bound_not_the_digits():
    assert report.below(1.7e-10, 1e-8) == "better than 1e-08"
    assert report.below(np.float32(-3.7e-10), 1e-8) == "better than 1e-08"
    assert report.below(0.0, 1e-12) == "better than 1e-12"


def test_below_says_when_the_bound_is_broken():
    assert report.below(0.5, 1e-8) == "5.0e-01, NOT better than 1e-08"
    assert report.below(1e-8, 1e-8).endswith("NOT better than 1e-08")


@pytest.mark.parametrize("error, bound, kind, words", [
    (1e-9, 0.0, ValueError, "bound must be a positive"),
    (1e-9, -1e-8, ValueError, "bound must be a positive"),
    (float("nan"), 1e-8, ValueError, "error is NaN"),
    ("small", 1e-8, TypeError, "error must be a real number"),
    (1e-9, None, TypeError, "bound must be a real number"),
    (True, 1e-8, TypeError, "error must be a real number"),
])
def test_below_rejects_bad_input(error, bound, kind, words):
    with pytest.raises(kind, match=words):
        report.below(error, bound)


def test_headline_checks_the_band_and_prints_nothing(capsys, monkeypatch):
    monkeypatch.delenv(report.RESULTS_VARIABLE, raising=False)
    assert report.headline("test accuracy", 0.966, at_least=0.95) is None
    report.headline("loss", np.float32(0.02), at_most=0.05)
    report.headline("slope", 0.1651, at_least=0.1650, at_most=0.1652)
    with pytest.raises(AssertionError, match=r"test accuracy = 0.900 is outside its band \(≥ 0.95\)"):
        report.headline("test accuracy", 0.9, at_least=0.95)
    with pytest.raises(AssertionError, match="≤ 0.05"):
        report.headline("loss", 0.2, at_most=0.05)
    assert capsys.readouterr().out == ""


def test_headline_records_for_the_status_page(tmp_path, monkeypatch):
    results = tmp_path / "headlines.jsonl"
    monkeypatch.setenv(report.RESULTS_VARIABLE, str(results))
    report.headline("test accuracy", 0.96612, at_least=0.95)
    report.headline("excess cost", 1.46e-5, at_most=1e-4, fmt=".2e")
    report.headline("slope", 0.1651, at_least=0.165, at_most=0.1652, fmt=".4f")
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert rows == [{"label": "test accuracy", "value": "0.966", "at_least": 0.95, "at_most": None},
                    {"label": "excess cost", "value": "1.46e-05", "at_least": None, "at_most": 1e-4},
                    {"label": "slope", "value": "0.1651", "at_least": 0.165, "at_most": 0.1652}]


def test_band_in_words():
    assert report.band(0.95) == "≥ 0.95"
    assert report.band(at_most=0.02) == "≤ 0.02"
    assert report.band(0.97, 0.98) == "in [0.97, 0.98]"
    assert report.band(21, 21) == "= 21"
    with pytest.raises(ValueError, match="give the band"):
        report.band()


def test_a_failed_headline_is_not_recorded(tmp_path, monkeypatch):
    results = tmp_path / "headlines.jsonl"
    monkeypatch.setenv(report.RESULTS_VARIABLE, str(results))
    with pytest.raises(AssertionError):
        report.headline("test accuracy", 0.5, at_least=0.95)
    assert not results.exists()


@pytest.mark.parametrize("kwargs, kind, words", [
    ({"label": "", "value": 1.0, "at_least": 0}, TypeError, "label must be a non-empty"),
    ({"label": 3, "value": 1.0, "at_least": 0}, TypeError, "label must be a non-empty"),
    ({"label": "acc", "value": 1.0}, ValueError, "give the band"),
    ({"label": "acc", "value": 1.0, "at_least": 2, "at_most": 1}, ValueError, "must not exceed"),
    ({"label": "acc", "value": float("nan"), "at_least": 0}, ValueError, "acc is NaN"),
    ({"label": "acc", "value": "high", "at_least": 0}, TypeError, "acc must be a real number"),
    ({"label": "acc", "value": 1.0, "at_least": 0, "fmt": "%d"}, ValueError, "fmt must be"),
    ({"label": "acc", "value": 1.0, "at_least": "0.9"}, TypeError, "at_least must be a real"),
])
def test_headline_rejects_bad_input(kwargs, kind, words):
    with pytest.raises(kind, match=words):
        report.headline(**kwargs)


def _documented(x):
    """Add one, as :math:`x + 1`.

    Written over several lines.
    """
    # a comment stays
    return x + 1


class _Documented:
    """A class."""

    def method(self):
        """A method."""
        return 1

    def only_a_docstring(self):
        """Nothing else."""


def test_show_source_drops_docstrings_and_keeps_the_code():
    from dlbook.report import show_source, source_without_docstrings

    text = source_without_docstrings(_documented)
    assert text == "def _documented(x):\n    # a comment stays\n    return x + 1\n"
    assert show_source(_documented).data == text
    cls = source_without_docstrings(_Documented)
    assert '"""' not in cls and "return 1" in cls
    assert "def only_a_docstring(self):\n        ...\n" in cls
    with pytest.raises(TypeError, match="obj must be a function, class or method"):
        source_without_docstrings(3)
