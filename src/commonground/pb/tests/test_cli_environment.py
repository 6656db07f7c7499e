"""`commonground pb …` starts NumPy with one OpenBLAS thread unless the caller chose: OpenBLAS
starting a thread per core is a third of a short run's CPU, and the engine never calls BLAS."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import pabulib_dir

pytestmark = pytest.mark.engine

PROBE = (
    "import os, sys\n"
    "from commonground.cli import main\n"
    "assert 'numpy' not in sys.modules\n"
    "main(sys.argv[1:])\n"
    "print(os.environ.get('OPENBLAS_NUM_THREADS'), file=sys.stderr)\n"
)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True
    )


def _smallest_file() -> str:
    return str(min(pabulib_dir().glob("*.pb"), key=lambda p: p.stat().st_size))


def test_one_blas_thread_unless_the_caller_chose():
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = _run(env, "pb", "compute", _smallest_file(), "--rule", "greedy", "--json")
    assert done.stderr.strip().splitlines()[-1] == "1"
    assert json.loads(done.stdout)["selected"] is not None

    chosen = _run(
        env | {"OPENBLAS_NUM_THREADS": "2"},
        "pb",
        "compute",
        _smallest_file(),
        "--rule",
        "greedy",
        "--json",
    )
    assert chosen.stderr.strip().splitlines()[-1] == "2"
