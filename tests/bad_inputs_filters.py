"""Valid calls of dlbook.filters and dlbook.widgets.filters for tests/test_bad_inputs.py."""

import numpy as np

_RNG = np.random.default_rng(0)
_IMAGES = _RNG.random((6, 12, 12))

MODULES = ("filters",)
WIDGET_MODULES = ("filters",)
CASES = {
    "filters.kernel": (("box",), {"size": 3, "amount": 1.0}, {}),
    "filters.apply_kernel": ((_IMAGES[0], np.ones((3, 3)) / 9), {"boundary": "reflect"}, {}),
    "filters.kirsch_edges": ((_IMAGES[0],), {"boundary": "reflect"}, {}),
    "filters.random_patches": ((_IMAGES,), {"size": 3, "n_patches": 20, "seed": 0}, {}),
    "filters.normalize_patches": ((_IMAGES[:, :3, :3],), {"eps": 0.01}, {}),
    "filters.kmeans_kernels": ((_IMAGES,), {"k": 2, "size": 3, "n_patches": 50, "min_std": 0.1,
                                            "seed": 0}, {}),
    "widgets.kernel_gallery": ((), {"photo": "china.jpg", "size": 40, "crop": (0, 0, 20, 20),
                                    "box_sizes": (3, 5), "amounts": (0.0, 2.0)}, {}),
    "widgets.gallery_settings": ((), {"box_sizes": (3, 5), "amounts": (0.0, 2.0)}, {}),
    "widgets.tiling_explorer": ((), {"output_size": 4, "F": 3, "C_in": 1, "C_out": 1}, {}),
}
EXEMPT = {"filters.kirsch_masks": "takes no arguments"}
