"""`make gpu-check` runs notebooks without Jupyter and fails on the first failing cell."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import gpu_check
from notebooks import ROOT, book_order


def _notebook(tmp_path, *sources, tags=()):
    cells = [{"cell_type": "code", "id": f"c{k}", "execution_count": None, "outputs": [],
              "metadata": {"tags": list(tags) if k == len(sources) - 1 else []},
              "source": source} for k, source in enumerate(sources)]
    path = tmp_path / "check.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": cells}))
    return path


def _one(path):
    return subprocess.run([sys.executable, gpu_check.__file__, "one", str(path)],
                          capture_output=True, text=True, timeout=120).returncode


@pytest.mark.parametrize("last, tags, code", [
    ("assert total == 3", (), 0),
    ("assert total == 4, 'a hidden check fails'", (), 1),
    ("raise ValueError('shown on purpose')", ("raises-exception",), 0),
    ("%time doubled = 2 * total\nassert doubled == 6", (), 0),  # IPython syntax works
])
def test_every_cell_runs_and_a_failing_check_fails(tmp_path, last, tags, code):
    path = _notebook(tmp_path, "import sys\ntotal = 1 + 2", last, tags=tags)
    assert _one(path) == code


def test_tensorflow_notebooks_are_recognised():
    flags = {name: gpu_check.uses_tensorflow(ROOT / "book" / name) for name in book_order()}
    assert flags["01-math/01-linear-algebra.ipynb"] is False
    assert any(flags.values()) and not all(flags.values())


def test_the_wheels_cover_what_the_gpu_machine_lacks():
    assert {"keras", "ipython", "ipywidgets", "optree"} <= set(gpu_check.PACKAGES)
