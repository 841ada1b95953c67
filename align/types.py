"""Plain data passed between pipeline stages: Document → [Sentence] → embeddings → [Bead]."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ZH = "zh"
FR = "fr"


@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # 0-based position in the document's sentence list
    paragraph: int  # 0-based index of the cleaned paragraph it comes from


@dataclass
class Document:
    """One monolingual document after reading and cleaning."""

    path: Path
    lang: str  # ZH or FR
    encoding: str  # what the bytes were decoded as ("utf-8", "gb18030", "big5", …; "docx" for Word files)
    paragraphs: list[str]  # cleaned paragraphs, in order
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, reason) removed by cleaning
    script: str = ""  # for Chinese: "simplified" or "traditional"
    presplit: bool = False  # one sentence per line, taken as is


@dataclass
class Bead:
    """An alignment unit: some Chinese sentences ↔ some French sentences (either side may be empty)."""

    zh_ids: tuple[int, ...]
    fr_ids: tuple[int, ...]
    zh: str
    fr: str
    score: float  # confidence in [0, 1]
    flag: str = ""  # "" when confident; otherwise a short reason for review ("weak", "insertion", …)
    mode: str = "parallel"  # "parallel" or "comparable"
    margin: float | None = None  # margin score (comparable mining)

    @property
    def kind(self) -> str:
        """Bead type such as "1-1", "2-1", "0-1"."""
        return f"{len(self.zh_ids)}-{len(self.fr_ids)}"
