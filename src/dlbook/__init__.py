"""dlbook: the helper package of the interactive deep-learning book.

Every notebook of the book starts with::

    import dlbook
    dlbook.setup()

which quietens TensorFlow's start-up messages, seeds the random number
generators and sets the plotting style. ``import dlbook`` is fast: it does not
import TensorFlow, Keras or scikit-learn. The submodules are loaded on first
use, e.g. ``dlbook.data.load_mnist_subset()``.

Submodules
----------
data      data sets, loaded without the network and checked against checksums
plots     the book's colours and plotting helpers
widgets   interactive figures that work live in Jupyter and as flipbooks in the HTML book
"""

from __future__ import annotations

import importlib
import os
import random

__version__ = "0.1.0"

#: The submodules that ``dlbook.<name>`` loads on first use.
_SUBMODULES = ("data", "plots", "widgets", "calculus", "information", "metrics",
               "model_selection", "linear", "optim", "activations", "perceptron", "nn",
               "autodiff", "approximation", "report", "conv", "conv_variants", "filters",
               "penalties", "augmentation", "early_stopping", "ensembles", "adversarial")

__all__ = ["setup", "seed", "__version__", *_SUBMODULES]

# TensorFlow prints start-up messages at unpredictable moments; the first two variables
# are needed to silence them. The thread pools are pinned because TensorFlow splits its
# sums among as many threads as the machine has cores, and another split changes the last
# digits of every trained weight: with the same count everywhere, a laptop with eight cores
# trains the same model as the book's two-core build machine. All must be set before
# TensorFlow is first imported.
_TF_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "TF_NUM_INTRAOP_THREADS": "2",
    "TF_NUM_INTEROP_THREADS": "2",
}


def seed(value: int = 0) -> None:
    """Seed Python's, NumPy's and (if it is already imported) Keras's random generators.

    Notebooks that train Keras models call ``keras.utils.set_random_seed(value)``
    right before building each model, so that a cell gives the same numbers however
    often it is run; this function does the same for the libraries already loaded.
    """
    from ._checks import integer

    value = integer(value, "seed", minimum=0, maximum=2**32 - 1)
    import sys

    import numpy as np

    random.seed(value)
    np.random.seed(value)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(value)


def setup(seed_value: int = 0, *, style: bool = True) -> None:
    """Prepare a notebook: quiet TensorFlow, seed the generators, set the print and plot style.

    The function prints nothing and does not import TensorFlow. It pins TensorFlow's
    thread pools to two threads each (the variables ``TF_NUM_INTRAOP_THREADS`` and
    ``TF_NUM_INTEROP_THREADS``), so that the number of cores does not change the
    results of training. Variables you have already set in the environment are left
    alone.

    Parameters
    ----------
    seed_value:
        Seed for Python's and NumPy's generators (and Keras's, if imported).
    style:
        Apply the book's matplotlib style (colour-blind-safe colours, readable fonts).
    """
    if not isinstance(style, bool):
        raise TypeError(f"style must be True or False, got {style!r}.")
    for name, value in _TF_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    seed(seed_value)
    import numpy as np

    # Four significant decimals: enough to read, and stable across machines and BLAS builds.
    np.set_printoptions(precision=4, suppress=True)
    if style:
        from . import plots

        plots.use_book_style()
    _prepare_colab_widgets()


def _prepare_colab_widgets() -> None:
    """On Colab, make sure its front end can show the explorers' live widgets.

    Colab's own widget manager renders the core widgets of ipywidgets 7, the version Colab
    ships, so nothing needs doing there. ipywidgets 8 (if a reader installed it) needs the
    custom widget manager that Colab documents, switched on with
    ``google.colab.output.enable_custom_widget_manager()``.
    """
    import sys

    colab = sys.modules.get("google.colab")
    if colab is None:
        return
    from importlib import metadata

    try:
        major = int(metadata.version("ipywidgets").split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return
    if major >= 8:
        from google.colab import output

        output.enable_custom_widget_manager()


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'dlbook' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
