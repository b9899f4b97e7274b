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
* :mod:`dlbook.widgets.gradients`: Chapter 4, gradient flow, saturation and depth;
* :mod:`dlbook.widgets.cnn`: Chapter 5, convolution, layer shapes and pooling;
* :mod:`dlbook.widgets.filters`: Chapter 5, hand-designed kernels and convolution variants;
* :mod:`dlbook.widgets.penalties`: Chapter 6, L1 and L2 penalties;
* :mod:`dlbook.widgets.augmentation`: Chapter 6, data augmentation and label smoothing;
* :mod:`dlbook.widgets.ensembles`: Chapter 6, early stopping, bagging and dropout;
* :mod:`dlbook.widgets.adversarial`: Chapter 6, adversarial examples.

Each is importable from here, e.g. ``dlbook.widgets.learning_rate_explorer()``.
"""

from __future__ import annotations

import importlib

from .core import Choice, Explorer, Slider

#: The chapter modules whose ``__all__`` names are exported from this package.
_CHAPTER_MODULES = ("foundations", "learning", "regression", "neurons", "feedforward",
                    "backprop", "gradients", "cnn", "filters", "penalties", "augmentation",
                    "ensembles", "adversarial")

__all__ = ["Choice", "Explorer", "Slider"]


def _chapter_modules():
    """The chapter modules, imported one by one as the caller asks for the next."""
    for module_name in _CHAPTER_MODULES:
        try:
            yield module_name, importlib.import_module(f".{module_name}", __name__)
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{module_name}":
                raise


def _exports() -> dict[str, str]:
    return {name: module_name for module_name, module in _chapter_modules()
            for name in getattr(module, "__all__", ())}


def __getattr__(name: str):
    # Import the chapter modules only up to the one that has the widget: an explorer of an
    # early chapter does not wait for the later ones (Chapter 4's import SciPy).
    for _, module in _chapter_modules():
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(f"dlbook.widgets has no widget {name!r}; available: "
                         f"{', '.join(sorted(_exports()))}.")


def __dir__():
    return sorted(set(globals()) | set(_exports()))
