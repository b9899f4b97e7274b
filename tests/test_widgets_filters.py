"""dlbook.widgets.filters: the kernel gallery and the tiling explorer."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

import dlbook.widgets  # noqa: E402
from dlbook.widgets import filters as wf  # noqa: E402
from widget_checks import render_quietly  # noqa: E402


@pytest.fixture(scope="module")
def gallery():
    return wf.kernel_gallery()


@pytest.fixture(scope="module")
def tiling():
    return wf.tiling_explorer()


def test_exported_from_widgets_package():
    assert dlbook.widgets.kernel_gallery is wf.kernel_gallery
    assert dlbook.widgets.tiling_explorer is wf.tiling_explorer


def test_gallery_offers_every_kernel(gallery):
    settings = [value for value in gallery.sliders[0].values]
    names = [s[0] for s in settings]
    assert len(settings) == len(gallery.combinations()) == 23
    assert names.count("box") == 4 and names.count("sharpen") == 4
    assert {f"kirsch_{r}" for r in range(1, 9)} <= set(names)
    assert {"sobel_x", "sobel_y", "prewitt_x", "prewitt_y", "simple_x", "simple_y"} <= set(names)
    assert gallery.defaults["kernel"][0] == "sobel_x"


def test_every_gallery_frame_states_its_outcome(gallery):
    alts = [gallery._alt_for(p) for p in gallery.combinations()]
    assert len(set(alts)) == len(alts)
    by_name = dict(zip([p["kernel"] for p in gallery.combinations()], alts))
    assert "identity" in by_name[("sharpen", 3, 0.0)]
    assert "outside [0, 1]" in by_name[("sharpen", 3, 8.0)]
    assert "vertical edges" in by_name[("sobel_x", 3, 0.0)]
    assert "mean of 81 pixels" in by_name[("box", 9, 0.0)]


@pytest.mark.parametrize("setting", [("box", 9, 0.0), ("sharpen", 3, 8.0), ("sharpen", 3, 0.0),
                                     ("kirsch_max", 3, 0.0), ("kirsch_8", 3, 0.0)])
def test_extreme_gallery_frames_render(gallery, setting):
    svg = render_quietly(gallery, kernel=setting)
    assert "china.jpg" in svg


def test_gallery_frames_stay_small(gallery):
    size = sum(len(frame) for frame in gallery._compressed_frames())
    assert size < 260_000, f"the flipbook holds {size:,} bytes of frames"


def test_tiling_frames(tiling):
    ts = list(tiling.sliders[0].values)
    assert ts == [1, 2, 3, 4, 5, 6]
    alts = {t: tiling._alt_for({"t": t}) for t in ts}
    assert "ordinary convolution" in alts[1] and "10 parameters" in alts[1]
    assert "locally connected" in alts[6] and "360 parameters" in alts[6]
    assert "40 parameters" in alts[2]
    for t in (1, 6):
        svg = render_quietly(tiling, t=t)
        assert f"t = {t}" in svg


@pytest.mark.parametrize("call, match", [
    (lambda: wf.kernel_gallery(crop=(0, 0, 200, 10)), "crop"),
    (lambda: wf.kernel_gallery(crop=(0, 0, 1.5, 10)), "crop"),
    (lambda: wf.gallery_settings(box_sizes=(4,)), "box_sizes"),
    (lambda: wf.gallery_settings(amounts=(-1.0,)), "amounts"),
    (lambda: wf.gallery_settings(box_sizes=tuple(range(1, 51, 2))), "frames"),
    (lambda: wf.tiling_explorer(output_size=1), "output_size"),
    (lambda: wf.kernel_gallery(photo="cat.jpg"), "photo"),
])
def test_bad_input(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
