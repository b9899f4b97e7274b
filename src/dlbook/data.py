"""Data sets of the book, loaded without the network and checked against checksums.

Three kinds of data appear in the book:

* small real data sets stored in the repository's ``data/`` folder: the Credit and
  Default data of *An Introduction to Statistical Learning* (:func:`load_credit`,
  :func:`load_default`), 5,000 real MNIST digits (:func:`load_mnist_subset`) and the
  generated MNIST-1D signals (:func:`load_mnist1d`);
* data that ship with scikit-learn (:func:`load_digits`, the photographs of
  :func:`load_photo`);
* small generated data sets (:func:`make_sine_regression`, :func:`make_blobs_2d`,
  :func:`make_moons_2d`).

Every file in ``data/`` is listed in ``data/manifest.json`` with its SHA-256
checksum, size, source, licence and citation (:func:`manifest`). The loaders
check the checksum before reading a file (:func:`verify`), so a damaged or
half-downloaded file fails loudly, with instructions to restore it, instead of
giving wrong results. The only function that uses the network is
:func:`load_mnist_full`, an explicit option that the book itself never calls.

Where the files are found, first match wins:

1. the folder named by the environment variable ``DLBOOK_DATA``, if it is set;
2. ``dlbook/_data/`` inside the installed package (a wheel carries the files there);
3. ``data/`` in the repository that holds ``src/dlbook`` (an editable install,
   ``pip install -e .``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from ._checks import MAX_ELEMENTS, as_array, integer, non_negative, positive

__all__ = [
    "DataChecksumError",
    "data_dir",
    "manifest",
    "verify",
    "data_path",
    "load_credit",
    "load_default",
    "load_mnist_subset",
    "load_mnist_full",
    "load_digits",
    "load_mnist1d",
    "load_photo",
    "make_sine_regression",
    "make_blobs_2d",
    "make_moons_2d",
]

#: The environment variable that, when set, names the folder holding the data files.
ENV_VAR = "DLBOOK_DATA"

_MANIFEST = "manifest.json"
_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"
_MAX_SEED = 2**32 - 1


class DataChecksumError(RuntimeError):
    """A data file's SHA-256 checksum differs from the one in the manifest."""


# --------------------------------------------------------------------------- #
# Locating and verifying files
# --------------------------------------------------------------------------- #

def data_dir() -> Path:
    """The folder that holds the book's data files and their manifest.

    Returns
    -------
    pathlib.Path
        The first of these folders that contains ``manifest.json``: the folder in
        the environment variable ``DLBOOK_DATA`` (if set), ``dlbook/_data/`` in the
        installed package, ``data/`` in the repository checkout.

    Raises
    ------
    FileNotFoundError
        If ``DLBOOK_DATA`` names a folder without ``manifest.json``, or if no
        folder is found; the message says how to fix it.
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        folder = Path(env).expanduser()
        if not (folder / _MANIFEST).is_file():
            raise FileNotFoundError(
                f"The environment variable {ENV_VAR} is set to {env!r}, but that folder has no "
                f"{_MANIFEST}. Point {ENV_VAR} at the data/ folder of the book's repository, "
                f"or unset it to use the files that come with dlbook.")
        return folder
    for folder in (_PACKAGE_DATA, _CHECKOUT_DATA):
        if (folder / _MANIFEST).is_file():
            return folder
    raise FileNotFoundError(
        f"Cannot find the book's data files: neither {_PACKAGE_DATA} nor {_CHECKOUT_DATA} "
        f"holds {_MANIFEST}. Clone the book's repository and install the package from it "
        f"with `pip install -e .`, or set the environment variable {ENV_VAR} to a folder "
        f"that holds the data files and {_MANIFEST}.")


def manifest() -> dict:
    """The manifest of the data files: checksums, sizes, shapes, sources, licences.

    Returns
    -------
    dict
        The parsed ``manifest.json``. Its ``"files"`` entry maps each file name
        (e.g. ``"credit.csv"``) to a dictionary with the keys ``name``, ``sha256``,
        ``size`` (bytes), ``rows`` or ``shape``, ``description``, ``source``,
        ``licence``, ``citation`` and ``regenerate``.

    Examples
    --------
    >>> entry = manifest()["files"]["mnist_5k.npz"]
    >>> entry["shape"]["images"], entry["licence"]["spdx"]
    ([5000, 28, 28], 'CC-BY-SA-3.0')
    """
    with open(data_dir() / _MANIFEST, encoding="utf-8") as handle:
        return json.load(handle)


def _entry(name: str) -> tuple[dict, Path]:
    if not isinstance(name, str):
        raise TypeError(f"name must be a file name (a string such as 'credit.csv'), "
                        f"got {type(name).__name__} {name!r}.")
    folder = data_dir()
    files = manifest()["files"]
    if name not in files:
        listed = ", ".join(repr(n) for n in files)
        raise ValueError(f"name must be one of the data files in the manifest ({listed}); "
                         f"got {name!r}.")
    return files[name], folder / name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _restore_hint(name: str) -> str:
    return (f"Restore it with `git checkout data/{name}` in the book's repository, or rebuild "
            f"every data file with `make data`; if dlbook was installed from a wheel, "
            f"reinstall it.")


def verify(name: str) -> Path:
    """Check a data file against the SHA-256 checksum in the manifest.

    Parameters
    ----------
    name : str
        A file listed in the manifest, e.g. ``"credit.csv"``.

    Returns
    -------
    pathlib.Path
        The path of the file, which is intact.

    Raises
    ------
    FileNotFoundError
        If the file is missing.
    DataChecksumError
        If its checksum differs from the manifest's. The message names the file,
        the expected and the found checksums, and how to restore the file.
    """
    entry, path = _entry(name)
    if not path.is_file():
        raise FileNotFoundError(f"The data file {name} is missing from {path.parent}. "
                                + _restore_hint(name))
    found = _sha256(path)
    if found != entry["sha256"]:
        raise DataChecksumError(
            f"The data file {name} ({path}) is damaged or out of date: its SHA-256 checksum "
            f"is {found}, but the manifest expects {entry['sha256']}. " + _restore_hint(name))
    return path


def data_path(name: str) -> Path:
    """The path of a data file, after checking its checksum with :func:`verify`.

    Parameters
    ----------
    name : str
        A file listed in the manifest, e.g. ``"mnist_5k.npz"``.

    Returns
    -------
    pathlib.Path
        The path of the verified file.
    """
    return verify(name)


# --------------------------------------------------------------------------- #
# Tabular data from An Introduction to Statistical Learning
# --------------------------------------------------------------------------- #

def load_credit():
    """The Credit data: card balances of 400 customers (ISLR's ``Credit``).

    A simulated data set from James, Witten, Hastie, Tibshirani and Taylor,
    *An Introduction to Statistical Learning*, used there for linear regression
    with quantitative and qualitative predictors.

    Returns
    -------
    pandas.DataFrame
        400 rows and the columns ``Income`` (thousands of dollars, float),
        ``Limit`` (credit limit), ``Rating`` (credit rating), ``Cards`` (number of
        cards), ``Age`` (years), ``Education`` (years), ``Balance`` (average
        balance in dollars), all integers, and the strings ``Gender``
        (``"Male"``/``"Female"``), ``Student`` and ``Married`` (``"Yes"``/``"No"``)
        and ``Ethnicity`` (``"African American"``, ``"Asian"``, ``"Caucasian"``).

    Examples
    --------
    >>> credit = load_credit()
    >>> credit.shape
    (400, 11)
    >>> X = credit[["Income", "Limit"]].to_numpy()
    >>> y = credit["Balance"].to_numpy(dtype=float)
    >>> X.shape, y.shape
    ((400, 2), (400,))
    """
    import pandas as pd

    path = verify("credit.csv")
    text = {"Gender": str, "Student": str, "Married": str, "Ethnicity": str}
    # round_trip: the numbers come out exactly as written in the file.
    return pd.read_csv(path, dtype=text, float_precision="round_trip")


def load_default():
    """The Default data: which of 10,000 customers defaulted (ISLR's ``Default``).

    A simulated data set from James, Witten, Hastie, Tibshirani and Taylor,
    *An Introduction to Statistical Learning*, used there for logistic
    regression. Only 333 of the 10,000 customers defaulted: the classes are
    strongly imbalanced.

    Returns
    -------
    pandas.DataFrame
        10,000 rows and the columns ``default`` and ``student`` (the strings
        ``"Yes"``/``"No"``), ``balance`` (average balance on the credit card after
        the monthly payment, dollars) and ``income`` (annual income, dollars).

    Examples
    --------
    Encode the answers ``"Yes"``/``"No"`` as 1/0 to get NumPy arrays for a model:

    >>> df = load_default()
    >>> y = (df["default"] == "Yes").to_numpy().astype(int)
    >>> X = np.column_stack([df["balance"], df["income"] / 1000,
    ...                      (df["student"] == "Yes").astype(float)])
    >>> X.shape, int(y.sum())
    ((10000, 3), 333)
    """
    import pandas as pd

    path = verify("default.csv.gz")
    text = {"default": str, "student": str}
    return pd.read_csv(path, compression="gzip", dtype=text, float_precision="round_trip")


# --------------------------------------------------------------------------- #
# Images of digits
# --------------------------------------------------------------------------- #

def _flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}.")
    return bool(value)


def _prepare(images: np.ndarray, *, flatten: bool, normalize: bool, scale: float) -> np.ndarray:
    if normalize:
        images = (images / np.float32(scale)).astype(np.float32)
    if flatten:
        images = images.reshape(len(images), -1)
    return images


def load_mnist_subset(test_size: int = 1000, seed: int = 0, flatten: bool = False,
                      normalize: bool = False):
    """5,000 real MNIST digits, split into a training and a test set.

    The digits are a subset of MNIST (LeCun, Cortes and Burges), 500 images of
    each digit 0-9, stored in ``data/mnist_5k.npz``. The split is stratified:
    each digit gets ``test_size // 10`` test images (the remainder, if any, goes
    to randomly chosen digits), and both sets are shuffled. The result has the
    same form as ``keras.datasets.mnist.load_data()``.

    Parameters
    ----------
    test_size : int, default 1000
        Number of test images, from 10 to 4990. With a multiple of 10, every
        digit appears equally often in the test set (and in the training set).
    seed : int, default 0
        Seed of the random generator that draws the split; the same seed gives
        the same split.
    flatten : bool, default False
        Return each image as a vector of 784 pixels instead of a 28x28 array.
    normalize : bool, default False
        Return ``float32`` pixels in [0, 1] instead of ``uint8`` pixels in 0-255.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of numpy.ndarray
        Images of shape ``(n, 28, 28)`` (or ``(n, 784)`` with ``flatten=True``)
        and ``uint8`` labels of shape ``(n,)``, with ``n = 5000 - test_size`` for
        the training set and ``n = test_size`` for the test set.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist_subset()
    >>> x_train.shape, x_test.shape, x_train.dtype
    ((4000, 28, 28), (1000, 28, 28), dtype('uint8'))
    >>> np.bincount(y_test).tolist()
    [100, 100, 100, 100, 100, 100, 100, 100, 100, 100]
    """
    test_size = integer(test_size, "test_size", minimum=10, maximum=4990)
    seed = integer(seed, "seed", minimum=0, maximum=_MAX_SEED)
    flatten = _flag(flatten, "flatten")
    normalize = _flag(normalize, "normalize")

    with np.load(verify("mnist_5k.npz"), allow_pickle=False) as archive:
        images, labels = archive["images"], archive["labels"]

    rng = np.random.default_rng(seed)
    per_digit = np.full(10, test_size // 10)
    extra = test_size % 10
    if extra:
        per_digit[rng.choice(10, size=extra, replace=False)] += 1
    train, test = [], []
    for digit in range(10):
        index = rng.permutation(np.flatnonzero(labels == digit))
        test.append(index[:per_digit[digit]])
        train.append(index[per_digit[digit]:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))

    def part(index):
        return (_prepare(images[index], flatten=flatten, normalize=normalize, scale=255),
                labels[index])

    return part(train), part(test)


def load_mnist_full(flatten: bool = False, normalize: bool = False):
    """All 70,000 MNIST digits, downloaded through Keras (needs the network).

    An explicit option for readers who want the full data set: it calls
    ``keras.datasets.mnist.load_data()``, which downloads about 11 MB on first
    use and caches it in ``~/.keras/datasets``. Keras is imported only when this
    function is called. The book's notebooks use :func:`load_mnist_subset`,
    which works offline.

    Parameters
    ----------
    flatten : bool, default False
        Return each image as a vector of 784 pixels instead of a 28x28 array.
    normalize : bool, default False
        Return ``float32`` pixels in [0, 1] instead of ``uint8`` pixels in 0-255.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of numpy.ndarray
        60,000 training and 10,000 test images with ``uint8`` labels, the
        official split.

    Raises
    ------
    ImportError
        If Keras is not installed.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist_full()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((60000, 28, 28), (10000, 28, 28))
    """
    flatten = _flag(flatten, "flatten")
    normalize = _flag(normalize, "normalize")
    try:
        import keras
    except ImportError as err:
        raise ImportError("load_mnist_full needs Keras: install it with "
                          "`pip install keras tensorflow`, or use load_mnist_subset(), "
                          "which needs neither Keras nor the network.") from err
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return ((_prepare(x_train, flatten=flatten, normalize=normalize, scale=255), y_train),
            (_prepare(x_test, flatten=flatten, normalize=normalize, scale=255), y_test))


def load_digits(flatten: bool = False, normalize: bool = False):
    """scikit-learn's 1,797 hand-written digits of 8x8 pixels (no network needed).

    The data ship with scikit-learn (``sklearn.datasets.load_digits``); they come
    from the UCI "Optical Recognition of Handwritten Digits" data set. Each pixel
    counts the inked cells of a 4x4 block, from 0 to 16.

    Parameters
    ----------
    flatten : bool, default False
        Return each image as a vector of 64 pixels instead of an 8x8 array.
    normalize : bool, default False
        Return ``float32`` pixels in [0, 1] (divided by 16) instead of ``float64``
        pixels from 0 to 16.

    Returns
    -------
    images : numpy.ndarray
        Shape ``(1797, 8, 8)``, or ``(1797, 64)`` with ``flatten=True``.
    labels : numpy.ndarray
        Integer digits 0-9, shape ``(1797,)``.

    Examples
    --------
    >>> images, labels = load_digits()
    >>> images.shape, labels.shape, float(images.max())
    ((1797, 8, 8), (1797,), 16.0)
    """
    flatten = _flag(flatten, "flatten")
    normalize = _flag(normalize, "normalize")
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    images = _prepare(bunch.images, flatten=flatten, normalize=normalize, scale=16)
    return images, bunch.target


def load_mnist1d():
    """The standard MNIST-1D data set: 4,000 training and 1,000 test signals of length 40.

    MNIST-1D (Greydanus and Kobak, ICML 2024) draws each signal from one of ten hand-made
    1-D templates of the digits 0-9, then pads, shears, shifts, scales and adds noise,
    so that a model must find a pattern wherever it sits along the signal. It is a
    generated data set, not a measured one. ``data/mnist1d.npz`` holds the standard set,
    made by the ``mnist1d`` package's own generator with its standard arguments
    (``data/make_data.py``; values rounded to four decimals).

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of numpy.ndarray
        ``float32`` signals of shape ``(4000, 40)`` and ``(1000, 40)`` (standardised
        over the whole set) and integer labels 0-9 (``int64``).
    """
    with np.load(verify("mnist1d.npz")) as stored:
        x_train, x_test = stored["x_train"], stored["x_test"]
        y_train = stored["y_train"].astype(np.int64)
        y_test = stored["y_test"].astype(np.int64)
    return (x_train, y_train), (x_test, y_test)


_PHOTOS = ("china.jpg", "flower.jpg")


def load_photo(name: str = "china.jpg", gray: bool = True, size: int | None = 160):
    """A photograph that ships with scikit-learn, as a float array in [0, 1].

    scikit-learn ships two colour photographs of 427 x 640 pixels (``china.jpg``, a
    temple in China, and ``flower.jpg``, a flower; both licensed CC BY 2.0 by their
    authors, see ``sklearn.datasets.load_sample_image``). The book filters them with
    hand-designed kernels.

    Parameters
    ----------
    name : {"china.jpg", "flower.jpg"}
        Which photograph.
    gray : bool, default True
        Convert to grey levels with the ITU-R BT.601 weights (0.299, 0.587, 0.114).
    size : int or None, default 160
        Shrink the photograph by block averaging so that its height is at most ``size``
        pixels (it keeps its aspect ratio); ``None`` keeps all 427 x 640 pixels.

    Returns
    -------
    numpy.ndarray
        ``float64`` pixels in [0, 1], of shape ``(height, width)`` (grey) or
        ``(height, width, 3)`` (colour).
    """
    from ._checks import one_of

    name = one_of(name, "name", _PHOTOS)
    gray = _flag(gray, "gray")
    if size is not None:
        size = integer(size, "size", minimum=8, maximum=427)
    from sklearn.datasets import load_sample_image

    image = load_sample_image(name).astype(np.float64) / 255.0
    if gray:
        image = image @ np.array([0.299, 0.587, 0.114])
    if size is not None and size < image.shape[0]:
        factor = -(-image.shape[0] // size)
        height = image.shape[0] // factor * factor
        width = image.shape[1] // factor * factor
        image = image[:height, :width]
        shape = (height // factor, factor, width // factor, factor) + image.shape[2:]
        image = image.reshape(shape).mean(axis=(1, 3))
    return image


# --------------------------------------------------------------------------- #
# Generated data
# --------------------------------------------------------------------------- #

def _seed(seed) -> int:
    return integer(seed, "seed", minimum=0, maximum=_MAX_SEED)


def make_sine_regression(n: int = 30, noise: float = 0.3, seed: int = 0,
                         x_range: tuple[float, float] = (0, 1)):
    r"""Noisy samples of a sine wave, the classic toy problem for polynomial fitting.

    Draws ``n`` inputs uniformly from ``x_range`` and returns them sorted, with
    targets :math:`y = \sin(2\pi x) + \varepsilon`, where
    :math:`\varepsilon \sim \mathcal{N}(0, \mathrm{noise}^2)`. The noise-free curve
    is ``np.sin(2 * np.pi * x)``.

    Parameters
    ----------
    n : int, default 30
        Number of samples, at least 1.
    noise : float, default 0.3
        Standard deviation of the Gaussian noise, 0 or more.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same data.
    x_range : tuple of two floats, default (0, 1)
        The interval ``(low, high)`` the inputs are drawn from, with ``low < high``.

    Returns
    -------
    x : numpy.ndarray
        Inputs in increasing order, shape ``(n,)``.
    y : numpy.ndarray
        Noisy targets, shape ``(n,)``.

    Examples
    --------
    >>> x, y = make_sine_regression(n=10, noise=0.0)
    >>> bool(np.allclose(y, np.sin(2 * np.pi * x))), bool(np.all(np.diff(x) >= 0))
    (True, True)
    """
    n = integer(n, "n", minimum=1, maximum=MAX_ELEMENTS)
    noise = non_negative(noise, "noise")
    seed = _seed(seed)
    low, high = _interval(x_range, "x_range")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, size=n))
    y = np.sin(2 * np.pi * x) + noise * rng.standard_normal(n)
    return x, y


def _interval(value, name: str) -> tuple[float, float]:
    arr = as_array(value, name, shape=(2,))
    low, high = float(arr[0]), float(arr[1])
    if not low < high:
        raise ValueError(f"{name} must be an interval (low, high) with low < high, "
                         f"got ({low}, {high}).")
    return low, high


def make_blobs_2d(n_per_class: int = 100, centers=((-1.0, -1.0), (1.0, 1.0)),
                  spread=1.0, seed: int = 0):
    """Points in the plane from one round Gaussian cloud per class.

    Class ``k`` has ``n_per_class`` points drawn from a normal distribution
    centred at ``centers[k]`` with standard deviation ``spread`` (or
    ``spread[k]``) in each direction. With the defaults the two classes overlap
    a little, so no straight line separates them perfectly.

    Parameters
    ----------
    n_per_class : int, default 100
        Number of points in each class, at least 1.
    centers : array-like of shape (n_classes, 2), default ((-1, -1), (1, 1))
        The centre of each class.
    spread : float or array-like of shape (n_classes,), default 1.0
        Standard deviation of each coordinate, one for all classes or one per
        class; greater than 0.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same data.

    Returns
    -------
    X : numpy.ndarray
        Points, shape ``(n_classes * n_per_class, 2)``, in random order.
    y : numpy.ndarray
        Integer class labels 0, 1, ..., shape ``(n_classes * n_per_class,)``.

    Examples
    --------
    >>> X, y = make_blobs_2d(n_per_class=50, centers=[[0, 0], [3, 0], [0, 3]])
    >>> X.shape, np.bincount(y).tolist()
    ((150, 2), [50, 50, 50])
    """
    n_per_class = integer(n_per_class, "n_per_class", minimum=1, maximum=MAX_ELEMENTS // 2)
    centers = as_array(centers, "centers", shape=(None, 2), min_rows=1)
    n_classes = len(centers)
    if np.ndim(spread) == 0:
        spread = np.full(n_classes, positive(spread, "spread"))
    else:
        spread = as_array(spread, "spread", shape=(n_classes,))
        if np.any(spread <= 0):
            raise ValueError(f"spread must contain numbers greater than 0 (one per class), "
                             f"got {spread.tolist()}.")
    seed = _seed(seed)
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), n_per_class)
    X = centers[y] + spread[y, None] * rng.standard_normal((len(y), 2))
    order = rng.permutation(len(y))
    return X[order], y[order]


def make_moons_2d(n: int = 200, noise: float = 0.2, seed: int = 0):
    """Two interleaving half circles, a classic data set that no straight line separates.

    A thin wrapper around ``sklearn.datasets.make_moons``, with the book's
    argument checks and a fixed seed by default.

    Parameters
    ----------
    n : int, default 200
        Number of points in total, at least 2 (half in each class, the odd one
        in class 1).
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to the points, 0 or more.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same data.

    Returns
    -------
    X : numpy.ndarray
        Points, shape ``(n, 2)``, in random order.
    y : numpy.ndarray
        Integer class labels 0 and 1, shape ``(n,)``.

    Examples
    --------
    >>> X, y = make_moons_2d(n=100)
    >>> X.shape, np.bincount(y).tolist()
    ((100, 2), [50, 50])
    """
    n = integer(n, "n", minimum=2, maximum=MAX_ELEMENTS)
    noise = non_negative(noise, "noise")
    seed = _seed(seed)
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=seed, shuffle=True)
    return X, y.astype(np.int64)
