import json
import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def cli():
    """Runs the built `credcheck` tool; returns (exit code, stdout, stderr)."""
    path = os.environ.get("CREDCHECK_CLI")
    if not path or not Path(path).exists():
        pytest.fail("CREDCHECK_CLI must name the built credcheck tool (ctest sets it)")

    def run(*args, input=None):
        done = subprocess.run([path, *args], capture_output=True, text=True, input=input, timeout=120)
        return done.returncode, done.stdout, done.stderr

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    def run(*args):
        code, out, err = cli(*args, "--json")
        return code, json.loads(out)

    return run
