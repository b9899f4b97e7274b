"""The shared explorer machinery: named choices and per-frame alternative text."""

import re

import pytest

from dlbook.widgets import Choice, Explorer, Slider


def _draw(fig, act, k):
    fig.subplots().set_title(f"{act} {k}")


def _explorer(**kwargs):
    choice = Choice("act", [("ReLU", "relu"), ("leaky ReLU", "leaky_relu")], label="activation",
                    default="leaky_relu")
    return Explorer(_draw, [choice, Slider("k", [1, 2])], title="Test", **kwargs)


def test_choice_shows_its_texts_and_passes_its_values():
    choice = Choice("act", [("ReLU", "relu"), "tanh"])
    assert choice.values == ("relu", "tanh") and choice.text("relu") == "ReLU"
    assert choice.text("tanh") == "tanh" and choice.default == "tanh"


def test_choice_is_a_select_in_the_flipbook_and_a_dropdown_live(monkeypatch):
    monkeypatch.setenv("DLBOOK_BOOK_OUTPUTS", "1")
    explorer = _explorer(alt="A figure.")
    page = explorer.to_html()
    select = re.search(r"<select hidden=\"hidden\"[^>]*>(.*?)</select>", page).group(1)
    assert select == ('<option value="0">ReLU</option>'
                      '<option value="1" selected>leaky ReLU</option>')
    assert "activation = leaky ReLU; k = 2" in page
    assert type(explorer.widget().children[1]).__name__ == "Dropdown"


def test_alt_may_state_each_frames_outcome():
    explorer = _explorer(alt=lambda act, k: f"{act} drawn {k} times")
    page = explorer.to_html()
    assert 'alt="leaky_relu drawn 2 times. Current setting: activation = leaky ReLU; k = 2."' in page
    alts = re.search(r'"alts": (\[.*?\])', page).group(1)
    assert "relu drawn 1 times." in alts


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(values=[("", 1), ("a", 2)]), ValueError, "non-empty text"),
    (dict(values=[("a", 1), ("a", 2)]), ValueError, "must be distinct"),
    (dict(values="ab"), TypeError, "values must be a list"),
    (dict(values=[("a", 1)]), ValueError, "at least 2 values"),
    (dict(values=["a", "b"], default="c"), ValueError, "default 'c' is not one of"),
])
def test_bad_choices_are_refused(kwargs, error, words):
    with pytest.raises(error, match=words):
        Choice("x", **kwargs)


def test_alt_must_be_text_or_a_function_returning_text():
    with pytest.raises(ValueError, match="alt must be a non-empty string or a function"):
        _explorer(alt=3)
    with pytest.raises(ValueError, match=r"alt\(\*\*params\) must return a non-empty string"):
        _explorer(alt=lambda **params: None).to_html()
