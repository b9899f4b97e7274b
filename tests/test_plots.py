"""The book's plotting conventions: one colour per class, checked figure sizes."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from dlbook import plots  # noqa: E402


def test_one_colour_per_class():
    assert plots.class_color(0) == plots.COLORS["blue"]
    assert plots.class_color(1) == plots.COLORS["orange"]
    assert plots.CLASS_COLORS[2] == plots.COLORS["green"]
    assert len(set(plots.CLASS_COLORS)) == len(plots.CLASS_COLORS)
    for bad, error in ((-1, ValueError), (len(plots.CLASS_COLORS), ValueError), (0.5, TypeError),
                       ("0", TypeError)):
        with pytest.raises(error, match="label"):
            plots.class_color(bad)


def test_new_axes_checks_its_size():
    import matplotlib.pyplot as plt

    ax = plots.new_axes(figsize=(3, 2))
    assert tuple(ax.figure.get_size_inches()) == (3.0, 2.0)
    assert plots.new_axes(ax) is ax
    plt.close("all")
    for bad, error, words in (((3, -2), ValueError, "figsize"), ("big", TypeError, "figsize"),
                              ((3, 2, 1), ValueError, "figsize"), ((1e6, 2), ValueError, "inches")):
        with pytest.raises(error, match=words):
            plots.new_axes(figsize=bad)
    with pytest.raises(ValueError, match="either ax .* or figsize"):
        plots.new_axes(ax, figsize=(3, 2))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plots.new_axes("axes")
