"""Valid calls of dlbook.conv and dlbook.widgets.cnn for tests/test_bad_inputs.py."""

from __future__ import annotations

import numpy as np

_RNG = np.random.default_rng(0)
_IMAGE = _RNG.normal(size=(6, 5))
_KERNEL = _RNG.normal(size=(3, 3))

MODULES = ("conv",)
WIDGET_MODULES = ("cnn",)

# name: (args, kwargs, {argument: classes of bad input to skip})
CASES = {
    "conv.convolve1d": ((_IMAGE[0], _KERNEL[0]), {}, {}),
    "conv.correlate1d": ((_IMAGE[0], _KERNEL[0]), {}, {}),
    "conv.convolve2d": ((_IMAGE, _KERNEL), {"padding": 1, "stride": 2}, {}),
    "conv.correlate2d": ((_IMAGE, _KERNEL), {"padding": 1, "stride": 2}, {}),
    "conv.conv_matrix_1d": ((_KERNEL[0], 6), {}, {}),
    "conv.conv_matrix_2d": ((_KERNEL, 6, 5), {}, {}),
    "conv.output_size": ((7, 3, 0, 1), {}, {}),
    "conv.same_output_size": ((7, 2), {}, {}),
    "conv.same_padding": ((8, 3, 2), {}, {}),
    "conv.conv_params": ((3, 3, 32), {"bias": True}, {}),
    "conv.multichannel_correlate": ((_RNG.normal(size=(2, 5, 5)), _RNG.normal(size=(3, 2, 2, 2))),
                                    {}, {}),
    "conv.receptive_field": (([(3, 1), (2, 2)],), {}, {}),
    "conv.pool1d": ((_IMAGE[0], 3), {"stride": 1, "kind": "max", "padding": "same"}, {}),
    "conv.pool2d": ((_IMAGE,), {"size": 2, "stride": 2, "kind": "average",
                                "padding": "valid"}, {}),
    "widgets.equivariance_explorer": ((), {"shifts": (0, 2), "kernels": ("sobel x", "blur")},
                                      {}),
    "widgets.layer_shape_explorer": ((), {"C_in": 3, "C_out": 32}, {}),
    "widgets.receptive_field_explorer": ((), {"max_depth": 3}, {}),
    "widgets.pooling_shift_explorer": ((), {"shifts": (0, 1), "kinds": ("max", "average"),
                                            "sizes": (2, 3)}, {}),
}

EXEMPT: dict[str, str] = {}
