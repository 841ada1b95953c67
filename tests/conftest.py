"""Shared fixtures. The embedding cache goes to a temporary folder so tests never touch ~/.cache."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    os.environ["GLOSSALIGN_CACHE_DIR"] = str(tmp_path_factory.mktemp("embedding-cache"))
    yield


@pytest.fixture(scope="session")
def embedder():
    """The real default model (use-m3), loaded once for the whole session."""
    from align.embed import Embedder

    return Embedder(progress=False)
