"""The wheel that Colab installs (`pip install git+...`) carries the package and its data."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from notebooks import ROOT


def test_wheel_contains_package_and_data(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    wheel = next(tmp_path.glob("dlbook-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "dlbook/__init__.py" in names and "dlbook/widgets/core.py" in names
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text())
    listed = list(manifest["files"])
    assert listed, "the manifest lists the data files"
    for name in ["manifest.json", *listed]:
        assert f"dlbook/_data/{name}" in names, f"the wheel lacks data file {name}"
    assert not any(n.startswith("dlbook/_data/") and n.endswith(".py") for n in names), \
        "only data, not the script that makes it, goes into the wheel"
