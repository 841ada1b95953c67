"""The embedding contract on the real default model, its cache, and model-loading errors."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from align.cache import EmbeddingCache
from align.embed import Embedder, load_model
from align.errors import InputError

ZH = ["律师协会召开会议。", "市司法局党组书记主持会议。", "今天天气很好。"]
FR = ["L’association des avocats a tenu une réunion.", "Le secrétaire du groupe du Parti du bureau municipal de la justice a présidé la réunion.", "Il fait beau aujourd’hui."]


def test_translations_are_nearest_neighbours(embedder):
    zh, fr = embedder.encode(ZH), embedder.encode(FR)
    assert zh.shape == (3, 512) and zh.dtype == np.float32
    assert np.allclose(np.linalg.norm(zh, axis=1), 1, atol=1e-4)
    similarity = zh @ fr.T
    assert list(similarity.argmax(axis=1)) == [0, 1, 2]


def test_duplicates_and_order_are_kept(embedder):
    out = embedder.encode([FR[1], FR[0], FR[1]])
    assert np.allclose(out[0], out[2]) and not np.allclose(out[0], out[1])


def test_encode_matches_plain_sentence_transformers(embedder):
    direct = load_model().encode(ZH, normalize_embeddings=True)
    assert np.allclose(embedder.encode(ZH), direct, atol=1e-5)


def test_features_head_reproduce_embeddings(embedder):
    sums, lens = embedder.features(FR)
    assert np.allclose(embedder.head(sums, lens), embedder.encode(FR), atol=1e-4)


def test_second_run_embeds_nothing(tmp_path, monkeypatch):
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = Embedder(cache=cache, progress=False)
    vectors = first.encode(ZH + FR)
    second = Embedder(cache=EmbeddingCache(tmp_path / "cache.sqlite"), progress=False)
    monkeypatch.setattr(second, "_encode_new", lambda texts: pytest.fail(f"re-embedded {texts}"))
    assert np.allclose(second.encode(FR + ZH), np.concatenate([vectors[3:], vectors[:3]]))


def test_saved_default_model_loads_from_its_folder(tmp_path, embedder):
    folder = tmp_path / "use-m3-saved"
    load_model().save(str(folder))
    other = Embedder(str(folder), cache=False, progress=False)
    assert np.allclose(other.encode(ZH), embedder.encode(ZH), atol=1e-5)


def test_unknown_model_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InputError, match="use-m3"):
        load_model("no-such-org/no-such-model-xyz")


def test_help_answers_without_loading_models():
    code = ("import sys, glossary.cli as c; c._register_commands(); "
            "heavy = [m for m in ('torch', 'sentence_transformers', 'spacy', 'jieba') if m in sys.modules]; "
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
