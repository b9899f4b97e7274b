"""Valid calls of dlbook.conv_variants for tests/test_bad_inputs.py."""

import numpy as np

_RNG = np.random.default_rng(0)
_V = _RNG.normal(size=(2, 6, 5))
_K = _RNG.normal(size=(3, 2, 3, 3))

MODULES = ("conv_variants",)
CASES = {
    "conv_variants.strided_correlate": ((_V, _K), {"stride": 2}, {}),
    "conv_variants.downsample": ((_V,), {"stride": 2}, {}),
    "conv_variants.locally_connected2d": ((_V, _RNG.normal(size=(3, 4, 3, 2, 3, 3))), {}, {}),
    "conv_variants.tiled_conv2d": ((_V, _RNG.normal(size=(3, 2, 3, 3, 2, 2)), 2), {}, {}),
    # the shapes are tuples of integers, not arrays
    "conv_variants.multiply_adds": (((2, 6, 5), (3, 2, 3, 3)), {"stride": 1},
                                    {"input_shape": {"NaN", "complex"},
                                     "kernel_shape": {"NaN", "complex"}}),
    "conv_variants.conv2d_params": ((3, 2, 4), {"bias": True}, {}),
    "conv_variants.tiled_conv2d_params": ((3, 2, 4, 2), {"bias": True}, {}),
    "conv_variants.locally_connected2d_params": ((3, 2, 4, 5, 5), {"bias": True}, {}),
    "conv_variants.dense_params": ((10, 3), {"bias": True}, {}),
    "conv_variants.depthwise_params": ((3, 4), {"depth_multiplier": 1, "bias": True}, {}),
    "conv_variants.depthwise_separable_params": ((3, 4, 8), {"depthwise_bias": False,
                                                             "bias": True}, {}),
    "conv_variants.transposed_output_size": ((7, 3), {"stride": 2, "padding": "valid"}, {}),
}
EXEMPT = {}
