"""The status page says what was measured, where, and stays current with the notebooks."""

from __future__ import annotations

import json

import pytest

import status
from notebooks import ROOT, book_order, notebooks, toc_pages

NAMES = book_order()
STATUS = status.load()


def test_the_status_page_is_in_the_book():
    assert "book/appendix/status" in toc_pages()


def test_every_notebook_has_an_entry_and_no_other():
    found = {str(p.relative_to(ROOT / "book")) for p in notebooks()}
    assert set(NAMES) == found
    recorded = set(STATUS["notebooks"])
    assert not found - recorded, f"not executed with `make execute`: {sorted(found - recorded)}"
    assert not recorded - found, f"status.json lists notebooks that are gone: {recorded - found}"


@pytest.mark.parametrize("name", NAMES)
def test_the_entry_is_from_the_notebook_as_it_is(name):
    entry = STATUS["notebooks"][name]
    assert entry["source"] == status.source_hash(ROOT / "book" / name), \
        f"{name} changed since it was executed: run `make execute NB=book/{name}`"
    assert entry["title"] == status.title(ROOT / "book" / name)
    assert entry["seconds"] > 0 and entry["machine"] and entry["backend"]


@pytest.mark.parametrize("name", NAMES)
def test_every_notebook_checks_headline_results(name):
    nb = json.loads((ROOT / "book" / name).read_text(encoding="utf-8"))
    calls = sum("".join(c["source"]).count("report.headline(") for c in nb["cells"]
                if c["cell_type"] == "code")
    headlines = STATUS["notebooks"][name]["headlines"]
    assert calls >= 1, f"{name} checks no headline result with report.headline"
    assert len(headlines) >= calls, f"{name}: {calls} headline checks but {len(headlines)} recorded"
    for h in headlines:
        assert h["label"] and h["value"], h
        assert h["at_least"] is not None or h["at_most"] is not None, h


def test_the_page_is_rendered_from_the_data():
    gpu = json.loads(status.GPU_JSON.read_text()) if status.GPU_JSON.exists() else None
    assert status.STATUS_PAGE.read_text(encoding="utf-8") == status.render(STATUS, gpu, NAMES), \
        "book/appendix/status.md is out of date: run `python tests/notebooks.py status`"


def test_a_gpu_table_names_only_notebooks_of_the_book():
    if not status.GPU_JSON.exists():
        pytest.skip("no GPU run recorded (make gpu-check writes book/appendix/gpu-check.json)")
    gpu = json.loads(status.GPU_JSON.read_text())
    for row in gpu["notebooks"]:
        assert row["notebook"] in NAMES and row["result"] in ("pass", "fail")


def _entry(title, seconds, machine, headlines):
    return {"title": title, "source": "0" * 16, "seconds": seconds, "headlines": headlines,
            "machine": machine, "backend": "tensorflow",
            "versions": {"python": "3.11.7", "tensorflow": "2.21.0", "keras": "3.15.1",
                         "jax": "0.10.2", "numpy": "2.4.6"}}


def test_render_lists_machines_totals_bands_and_the_gpu_table():
    data = {"notebooks": {
        "a/01-x.ipynb": _entry("X", 10.0, "CPU A, 2 cores",
                               [{"label": "test accuracy", "value": "0.966", "at_least": 0.95,
                                 "at_most": None},
                                {"label": "P(a | b)", "value": "0.5", "at_least": 0.4,
                                 "at_most": 0.6}]),
        "a/02-y.ipynb": _entry("Y", 20.0, "CPU B, 8 cores", []),
    }}
    gpu = {"machine": "a GPU machine", "device": "cuda:0 H200", "versions": "JAX 0.11",
           "notebooks": [{"notebook": "a/01-x.ipynb", "seconds": 3.0, "device": "gpu",
                          "result": "pass"}],
           "tensorflow_only": ["a/02-y.ipynb"]}
    page = status.render(data, gpu, ["a/01-x.ipynb", "a/02-y.ipynb"])
    assert "test accuracy: 0.966 (checked ≥ 0.95)" in page
    assert "P(a \\| b): 0.5 (checked in [0.4, 0.6])" in page
    assert "1. CPU A, 2 cores" in page and "2. CPU B, 8 cores" in page
    assert "execution time of all notebooks, one after the other: 30 s" in page
    assert "| a/01-x.ipynb | 3.0 | gpu | pass |" in page and "`a/02-y.ipynb`" in page
    assert "No GPU run" in status.render(data, None, ["a/01-x.ipynb"])
