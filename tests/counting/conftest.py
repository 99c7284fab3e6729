"""Shared fixtures of the counting tests: where the samples are, and the `jipiao` command."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def jipiao() -> str:
    """The installed `jipiao` console script; the CLI tests skip only without `ballots.strokes`."""
    pytest.importorskip("ballots.strokes", reason="ballots.strokes (姓氏笔画) is not there yet")
    exe = shutil.which("jipiao", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("the jipiao console script is not installed in this environment")
    return exe
