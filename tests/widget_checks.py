"""Checks that the widget tests share."""

from __future__ import annotations

import warnings


def render_quietly(explorer, **params) -> str:
    """One SVG frame, failing on any warning (e.g. an empty contour or a division by zero)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = explorer.render("svg", **params)
    assert svg.startswith(b"<?xml") and b"NaN" not in svg
    return svg.decode()
