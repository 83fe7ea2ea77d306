"""The Windows build workflow (.github/workflows/windows.yml) is valid and does the release steps in order.

It can only run on a Windows runner, so here its structure is checked: one
job on ``windows-latest`` with Python 3.11, the app installed with the
``build`` extra, PyInstaller on build.spec, the smoke test on the bundle
build.spec names, makensis on packaging/installer.nsi with warnings as
errors, and the installer uploaded under the name installer.nsi gives it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


@pytest.fixture(scope="module")
def job() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers and "push" in triggers
    (only,) = workflow["jobs"].values()
    return only


def step_index(steps: list[dict], pattern: str) -> int:
    """Index of the single step whose `run` or `uses` matches the regular expression."""
    found = [i for i, step in enumerate(steps) if re.search(pattern, step.get("run", "") + step.get("uses", ""), re.S)]
    assert len(found) == 1, f"{len(found)} steps match {pattern!r}"
    return found[0]


def test_runs_on_windows_with_python_311(job):
    assert job["runs-on"] == "windows-latest"
    setup = job["steps"][step_index(job["steps"], r"^actions/setup-python@")]
    assert str(setup["with"]["python-version"]) == "3.11"


def test_builds_smoke_tests_and_packages_in_order(job):
    steps = job["steps"]
    order = [
        step_index(steps, r"^actions/checkout@"),
        step_index(steps, r"pip install -e \"?\.\[build\]"),
        step_index(steps, r"pyinstaller .*build\.spec"),
        step_index(steps, r"New-NetFirewallRule .*-Action Block"),
        step_index(steps, r"packaging/smoke\.py"),
        step_index(steps, r"makensis -WX .*packaging\\installer\.nsi"),
        step_index(steps, r"^actions/upload-artifact@"),
    ]
    assert order == sorted(order)


def test_smoke_test_runs_on_the_bundle_build_spec_makes(job):
    app_name = re.search(r'^APP_NAME = "([^"]+)"', (ROOT / "build.spec").read_text(), re.M).group(1)
    smoke = job["steps"][step_index(job["steps"], r"packaging/smoke\.py")]["run"]
    assert f'"dist/{app_name}"' in smoke


def test_uploads_the_installer_makensis_writes(job):
    nsi = (ROOT / "packaging" / "installer.nsi").read_text()
    outfile = re.search(r'!define OUTFILE "\$\{__FILEDIR__\}\\\.\.\\(.+)"', nsi).group(1).replace("\\", "/")
    upload = job["steps"][step_index(job["steps"], r"^actions/upload-artifact@")]["with"]
    assert upload["if-no-files-found"] == "error"
    assert outfile.replace("${VERSION}", "*") in upload["path"].split()
