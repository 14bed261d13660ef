"""A doctest that never returns fails within its limit (instead of stalling CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

HANGING = '''
def spin():
    """Never returns.

    >>> spin()
    """
    while True:
        pass
'''


@pytest.mark.timeout(60)
def test_hanging_doctest_fails_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "hangs.py").write_text(HANGING, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    cmd = [
        *(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "timeouts"),
        *("--doctest-modules", "--import-mode=importlib", "-o", "timeout=300"),
        *(f"--rootdir={tmp_path}", "hangs.py"),
    ]
    env = {
        "PYTHONPATH": str(ROOT / "tests"),
        "PATH": "/usr/bin:/bin",
        "HANDBOOK_EXAMPLE_TIMEOUT": "2",
    }
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=50, env=env)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "hangs.spin" in out and "Timeout" in out, out


def test_examples_get_the_short_limit() -> None:
    import timeouts

    assert timeouts.EXAMPLE_TIMEOUT < 300
