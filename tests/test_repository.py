"""`make repository URL=...` names another repository everywhere at once."""

from __future__ import annotations

import json
import shutil

import pytest

import repository
import status
from notebooks import ROOT

NEW = "https://github.com/someone/dl-course"


@pytest.fixture()
def copy(tmp_path):
    """The configuration, the set-up page and two notebooks, copied."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "book" / "appendix").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "appendix" / "setup.md", tmp_path / "book" / "appendix")
    for name in ("01-math/01-linear-algebra.ipynb", "04-backprop/02-autodiff.ipynb"):
        (tmp_path / "book" / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / "book" / name, tmp_path / "book" / name)
    return tmp_path


def test_publish_rewrites_config_setup_cells_and_setup_page(copy):
    old = repository.current(copy)
    before = {p: status.source_hash(p) for p in copy.rglob("*.ipynb")}
    changed = repository.publish(NEW, copy)
    assert len(changed) == 4
    assert repository.current(copy) == NEW
    for path in copy.rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        setup = "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])
        assert f'"dlbook @ git+{NEW}"' in setup and old not in setup
        assert status.source_hash(path) == before[path], "publishing changes no output"
        original = json.loads((ROOT / path.relative_to(copy)).read_text())
        k = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
        assert nb["cells"][:k] + nb["cells"][k + 1:] == \
            original["cells"][:k] + original["cells"][k + 1:], "only the set-up cell changes"
        assert path.read_text() == (ROOT / path.relative_to(copy)).read_text().replace(old, NEW)
    page = (copy / "book" / "appendix" / "setup.md").read_text()
    assert f"git clone {NEW}\ncd dl-course\n" in page and old not in page
    config = (copy / "_config.yml").read_text()
    assert config.count(NEW) == 1 and old not in config
    assert repository.publish(NEW, copy) == []  # again: nothing to do


@pytest.mark.parametrize("url", ["", "github.com/you/book", "http://github.com/you/book",
                                 "https://gitlab.com/you/book", "https://github.com/you",
                                 "https://github.com/you/book; rm -rf /", None])
def test_only_a_github_repository_is_accepted(copy, url):
    with pytest.raises(ValueError, match="URL must be a GitHub repository"):
        repository.publish(url, copy)
    assert repository.current(copy) == repository.current(ROOT)


def test_the_command_explains_itself(capsys):
    assert repository.main([]) == 2
    assert "make repository URL=" in capsys.readouterr().err
    assert repository.main(["not a url"]) == 2
