"""The parts of `make colab-check` (tests/colab_check.py) that run without Colab's environment."""

from __future__ import annotations

import json

import pytest

import colab_check
from notebooks import ROOT, notebooks


def test_pins_name_their_source_and_pin_what_the_notebooks_need():
    text = colab_check.PINS.read_text()
    assert "github.com/googlecolab/backend-info" in text and "read on 20" in text
    pins = colab_check.pins()
    assert all(version and version[0].isdigit() for version in pins.values())
    for name in colab_check.BASE + colab_check.PACKAGES:
        assert colab_check.normalise(name) in pins, f"{name} has no Colab version in the pins"
    # the versions Colab's runtime is documented to have
    assert pins["ipywidgets"] == "7.7.1" and pins["ipython"] == "7.34.0"
    assert pins["tensorflow"] == "2.20.0" and pins["keras"] == "3.13.2"
    assert pins["numpy"] == "2.0.2"


def test_dlbook_requirements_admit_colab_versions():
    import tomllib

    from packaging.requirements import Requirement

    pins = colab_check.pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for text in project["dependencies"]:
        requirement = Requirement(text)
        version = pins[colab_check.normalise(requirement.name)]
        assert requirement.specifier.contains(version), \
            f"dlbook requires {requirement}, Colab ships {requirement.name} {version}"


def test_copy_installs_the_local_wheel_in_the_standard_set_up_cell(tmp_path):
    path = notebooks()[0]
    wheel = tmp_path / "dlbook-0.1.0-py3-none-any.whl"
    copy = colab_check.colab_copy(path, wheel, tmp_path / "book")
    original = json.loads(path.read_text())
    changed = json.loads(copy.read_text())
    setup = next(c for c in changed["cells"] if c["cell_type"] == "code")
    assert f'"dlbook @ {wheel.as_uri()}"' in "".join(setup["source"])
    assert "git+" not in "".join(setup["source"])
    assert [c["source"] for c in changed["cells"][2:]] == \
        [c["source"] for c in original["cells"][2:]], "only the set-up cell changes"


def test_copy_refuses_a_set_up_cell_that_is_not_the_standard_one(tmp_path):
    path = notebooks()[0]
    nb = json.loads(path.read_text())
    setup = next(c for c in nb["cells"] if c["cell_type"] == "code")
    setup["source"] = "import dlbook\ndlbook.setup()\n"
    broken = tmp_path / "broken.ipynb"
    broken.write_text(json.dumps(nb))
    with pytest.raises(SystemExit, match="not the standard one"):
        colab_check.colab_copy(broken, tmp_path / "w.whl", tmp_path / "book")


def test_only_adding_dlbook_passes():
    before = {"numpy": "2.0.2", "ipywidgets": "7.7.1"}
    added, changed, problems = colab_check.differences(before, {**before, "dlbook": "file:///w"})
    assert added == {"dlbook": "file:///w"} and not changed and not problems
    _, _, problems = colab_check.differences(before, {**before, "dlbook": "x", "jedi": "0.20.1"})
    assert problems and "jedi" in problems[0]
    _, changed, problems = colab_check.differences(
        before, {"numpy": "2.0.2", "ipywidgets": "8.1.9", "dlbook": "x"})
    assert changed == {"ipywidgets": ("7.7.1", "8.1.9")} and "7.7.1 -> 8.1.9" in problems[0]
    _, _, problems = colab_check.differences(before, {"numpy": "2.0.2", "dlbook": "x"})
    assert "ipywidgets 7.7.1 -> removed" in problems[0]
    _, _, problems = colab_check.differences(before, dict(before))
    assert "added nothing" in problems[0]


@pytest.mark.parametrize("version, switched_on", [("7.7.1", False), ("8.1.9", True)])
def test_setup_asks_colab_for_its_widget_manager_only_for_ipywidgets_8(monkeypatch, version,
                                                                         switched_on):
    import sys
    import types
    from importlib import metadata

    import dlbook

    calls = []
    output = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append("on")
    colab = types.ModuleType("google.colab")
    colab.output = output
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.output", output)
    real = metadata.version
    monkeypatch.setattr(metadata, "version",
                        lambda name: version if name == "ipywidgets" else real(name))
    dlbook.setup()
    assert calls == (["on"] if switched_on else [])


def test_setup_leaves_other_front_ends_alone(monkeypatch):
    import sys

    import dlbook

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    dlbook.setup()  # no google.colab: nothing to switch on, and no error
    assert "google.colab" not in sys.modules
