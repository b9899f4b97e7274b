"""Interactive figures of the book.

Every widget here is an :class:`~dlbook.widgets.core.Explorer`: live ipywidgets
controls in Jupyter and Colab, a flipbook that still responds in the static HTML
book, and a still image elsewhere. The widgets are grouped by chapter:

* :mod:`dlbook.widgets.foundations`: Chapter 1, mathematical foundations;
* :mod:`dlbook.widgets.learning`: Chapter 2, capacity, over-fitting and metrics;
* :mod:`dlbook.widgets.regression`: Chapter 2, regression and gradient descent;
* :mod:`dlbook.widgets.neurons`: Chapter 3, neurons, perceptrons and XOR;
* :mod:`dlbook.widgets.feedforward`: Chapter 3, activations and universal approximation;
* :mod:`dlbook.widgets.backprop`: Chapter 4, computational graphs and their gradients;
* :mod:`dlbook.widgets.gradients`: Chapter 4, gradient flow, saturation and depth.

Each is importable from here, e.g. ``dlbook.widgets.learning_rate_explorer()``.
"""

from __future__ import annotations

import importlib

from .core import Explorer, Slider

#: The chapter modules whose ``__all__`` names are exported from this package.
_CHAPTER_MODULES = ("foundations", "learning", "regression", "neurons", "feedforward",
                    "backprop", "gradients")

__all__ = ["Explorer", "Slider"]


def _exports() -> dict[str, str]:
    found = {}
    for module_name in _CHAPTER_MODULES:
        try:
            module = importlib.import_module(f".{module_name}", __name__)
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{module_name}":
                raise
            continue
        for name in getattr(module, "__all__", ()):
            found[name] = module_name
    return found


def __getattr__(name: str):
    module_name = _exports().get(name)
    if module_name is None:
        raise AttributeError(f"dlbook.widgets has no widget {name!r}; available: "
                             f"{', '.join(sorted(_exports()))}.")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_exports()))
