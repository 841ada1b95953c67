"""Finding what to align in a folder (`glossalign run DIR`): which files are Chinese, which French, how to pair them.

Languages come from the text, never from the file names; names only pair documents once their
languages are known. One Chinese and one French document make one pair; several of each are
paired by name stem when the stems match one to one (one Chinese and one French document left over make a pair
too); otherwise each side is read as one corpus.
Bilingual files (.xlsx .csv .tsv .tmx) are already aligned and are listed apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import InputError
from .language import FR, LANGUAGE_NAMES, ZH
from .types import Document

if TYPE_CHECKING:
    from .read import BilingualTable


# A language tag at the end (or start) of a file stem: "report.zh", "report-fr", "report_zh-CN", "zh_report".
_TAG = (r"(?:zh(?:[-_](?:cn|tw|hk|hans|hant|sg))?|cn|cmn|chs|cht|fr(?:[-_](?:fr|be|ch|ca))?|fra|fre"
        r"|chinese|french|chinois|fran[cç]ais|中文|法语|法文)")
_TRAILING_TAG = re.compile(rf"[._\-\s]+{_TAG}$", re.IGNORECASE)
_CODE = r"(?:zh(?:[-_](?:cn|tw|hk|hans|hant|sg))?|cn|fr(?:[-_](?:fr|be|ch|ca))?)"
_LEADING_TAG = re.compile(rf"^{_CODE}[._\-\s]+", re.IGNORECASE)  # codes only: "french-revolution" keeps its name


def name_stem(path: str | Path) -> str:
    """The file name without extension and language tags: "chengdu-lawyers-2023.fr.txt" → "chengdu-lawyers-2023"."""
    stem = Path(path).name
    for suffix in Path(path).suffixes[-1:]:
        stem = stem[: -len(suffix)]
    previous = None
    while previous != stem:
        previous = stem
        stem = _TRAILING_TAG.sub("", stem)
        stem = _LEADING_TAG.sub("", stem) or stem
    return stem.lower()


@dataclass
class InputPair:
    """One Chinese document to align with one French document (either may be several files joined)."""

    zh: Document
    fr: Document
    zh_files: list[Path]
    fr_files: list[Path]

    def __iter__(self):
        """Unpacks as `zh_doc, fr_doc = pair`."""
        return iter((self.zh, self.fr))


@dataclass
class Inputs:
    """What a folder holds and how it will be aligned."""

    folder: Path
    pairs: list[InputPair]
    bilingual: list[Path]  # files of already aligned pairs (.xlsx .csv .tsv .tmx), checked readable
    mode: str  # "one pair", "paired by name", "one corpus per language", "bilingual files only"
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # files not used, with the reason
    documents: list[Document] = field(default_factory=list)  # every Chinese or French document read, by name
    tables: list[BilingualTable] = field(default_factory=list)  # the bilingual files' pairs, same order

    def source_names(self) -> list[str]:
        """Names of the files that will be used: both sides of every pair, then the bilingual files."""
        names = [path.name for pair in self.pairs for path in pair.zh_files + pair.fr_files]
        return names + [path.name for path in self.bilingual]

    def describe(self) -> list[str]:
        """Lines for people: what was found and what will be aligned with what."""
        lines: list[str] = []
        if self.mode == "one pair":
            pair = self.pairs[0]
            lines.append(f"aligning {pair.zh_files[0].name} ({_doc_language(pair.zh)}) with "
                         f"{pair.fr_files[0].name} (French)")
        elif self.mode == "paired by name":
            lines.append(f"{len(self.pairs)} Chinese–French pairs matched by file name:")
            lines.extend(f"  {pair.zh_files[0].name} ↔ {pair.fr_files[0].name}"
                         + ("" if name_stem(pair.zh_files[0]) == name_stem(pair.fr_files[0]) else
                            " (the two left over)") for pair in self.pairs)
        elif self.mode == "one corpus per language":
            pair = self.pairs[0]
            lines.append("file names do not pair the documents one to one, so each language is read as one corpus "
                         "(files joined in name order):")
            lines.append(f"  Chinese: {', '.join(path.name for path in pair.zh_files)}")
            lines.append(f"  French: {', '.join(path.name for path in pair.fr_files)}")
        for table in self.tables:
            lines.append(f"bilingual file {table.path.name}: {_count(table.pairs, 'aligned pair')} ({table.found})")
        for path, reason in self.skipped:
            lines.append(f"skipped {path.name}: {reason}")
        return lines


def _doc_language(doc: Document) -> str:
    name = LANGUAGE_NAMES.get(doc.lang, doc.lang)
    return f"{name}, {doc.script}" if doc.script else name


def candidate_files(folder: Path) -> list[Path]:
    """Files of the folder in name order, without hidden files, Office lock files and subfolders (so not `exports/`)."""
    return sorted((path for path in folder.iterdir()
                   if path.is_file() and not path.name.startswith((".", "~$"))),
                  key=lambda path: path.name.lower())


def combine_documents(docs: list[Document], folder: Path) -> Document:
    """Several documents of one language as one corpus: paragraphs joined in order, boundaries kept."""
    if len(docs) == 1:
        return docs[0]
    encodings = sorted({doc.encoding for doc in docs})
    scripts = [doc.script for doc in docs if doc.script]
    return Document(
        path=folder,
        lang=docs[0].lang,
        encoding=encodings[0] if len(encodings) == 1 else "mixed (" + ", ".join(encodings) + ")",
        paragraphs=[paragraph for doc in docs for paragraph in doc.paragraphs],
        dropped=[item for doc in docs for item in doc.dropped],
        script=max(set(scripts), key=scripts.count) if scripts else "",
        presplit=docs[0].presplit,
    )


def _pair_by_stem(zh_docs: list[Document], fr_docs: list[Document]) -> list[tuple[Document, Document]] | None:
    """Pairs by name stem; one Chinese and one French document left unmatched make a pair too."""
    if len(zh_docs) != len(fr_docs):
        return None
    zh_by_stem = {name_stem(doc.path): doc for doc in zh_docs}
    fr_by_stem = {name_stem(doc.path): doc for doc in fr_docs}
    if len(zh_by_stem) != len(zh_docs) or len(fr_by_stem) != len(fr_docs):
        return None
    matched = sorted(zh_by_stem.keys() & fr_by_stem.keys())
    pairs = [(zh_by_stem[stem], fr_by_stem[stem]) for stem in matched]
    zh_left = [doc for stem, doc in zh_by_stem.items() if stem not in fr_by_stem]
    fr_left = [doc for stem, doc in fr_by_stem.items() if stem not in zh_by_stem]
    if len(zh_left) > 1 or not matched:  # names say nothing about who goes with whom
        return None
    return pairs + list(zip(zh_left, fr_left))


_GLOSSARY_FIRST_LINES = (b"# glossalign glossary", b"zh-CN,fr-FR,pos,description", b"zh-CN\tfr-FR\tpos\tdescription")


def _glossary_file(path: Path) -> bool:
    """True for a glossary glossalign exported (workbook, CSV/TSV, OmegaT): terms, not aligned text."""
    import zipfile

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as package:
                return b'name="_stamps"' in package.read("xl/workbook.xml")
        if suffix in (".txt", ".csv", ".tsv"):
            with open(path, "rb") as handle:
                return handle.read(64).removeprefix(b"\xef\xbb\xbf").startswith(_GLOSSARY_FIRST_LINES)
    except (zipfile.BadZipFile, KeyError, OSError):
        pass  # the reader says what is wrong with it
    return False


def find_inputs(folder: str | Path, *, clean: bool = True, presplit: bool = False,
                skip: Iterable[str | Path] = ()) -> Inputs:
    """Read every supported file in `folder` (not recursive), detect languages and decide the pairs to align.

    `skip`: files left out (an earlier run's outputs when they are written into the folder itself).
    """
    from .read import SUPPORTED_SUFFIXES, is_bilingual, read_bilingual_table, read_document

    folder = Path(folder)
    if not folder.exists():
        raise InputError(folder, "does not exist")
    if not folder.is_dir():
        raise InputError(folder, "is not a folder")
    docs: dict[str, list[Document]] = {ZH: [], FR: []}
    read_in_order: list[Document] = []
    tables = []
    skipped: list[tuple[Path, str]] = []
    supported_seen = 0
    skipped_paths = {Path(path).resolve() for path in skip}
    for path in candidate_files(folder):
        if path.resolve() in skipped_paths:
            continue
        supported_seen += path.suffix.lower() in SUPPORTED_SUFFIXES
        if _glossary_file(path):
            skipped.append((path, "is a glossary exported by glossalign, not aligned text (bring it in with "
                                  "`glossalign import`, or a review with `glossalign review import`)"))
            continue
        try:
            if is_bilingual(path):
                tables.append(read_bilingual_table(path))
            else:  # unsupported types are refused here too, with the reason
                doc = read_document(path, clean=clean, presplit=presplit)
                docs[doc.lang].append(doc)
                read_in_order.append(doc)
        except InputError as error:
            skipped.append((path, error.problem))
    if supported_seen == 0:
        found = f" (found {', '.join(path.name for path, _ in skipped)})" if skipped else ""
        raise InputError(folder, f"has no supported files{found}; supported: {', '.join(SUPPORTED_SUFFIXES)}")

    zh_docs, fr_docs = docs[ZH], docs[FR]
    if not (zh_docs and fr_docs) and not tables:
        raise InputError(folder, _what_is_missing(zh_docs, fr_docs, skipped))
    if (zh_docs or fr_docs) and not (zh_docs and fr_docs):  # bilingual files carry the run alone
        for doc in zh_docs + fr_docs:
            other = "French" if doc.lang == ZH else "Chinese"
            skipped.append((doc.path, f"no {other} document to align it with"))
        zh_docs, fr_docs = [], []

    pairs: list[InputPair] = []
    if not zh_docs:
        mode = "bilingual files only"
    elif len(zh_docs) == 1 and len(fr_docs) == 1:
        mode = "one pair"
        pairs.append(InputPair(zh_docs[0], fr_docs[0], [zh_docs[0].path], [fr_docs[0].path]))
    else:
        matched = _pair_by_stem(zh_docs, fr_docs)
        if matched is not None:
            mode = "paired by name"
            pairs = [InputPair(zh, fr, [zh.path], [fr.path]) for zh, fr in matched]
        else:
            mode = "one corpus per language"
            pairs.append(InputPair(combine_documents(zh_docs, folder), combine_documents(fr_docs, folder),
                                   [doc.path for doc in zh_docs], [doc.path for doc in fr_docs]))
    return Inputs(folder=folder, pairs=pairs, bilingual=[table.path for table in tables], mode=mode,
                  skipped=skipped, documents=read_in_order, tables=tables)


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"


def _what_is_missing(zh_docs: list[Document], fr_docs: list[Document], skipped: list[tuple[Path, str]]) -> str:
    def listing(docs: list[Document]) -> str:
        return ", ".join(doc.path.name for doc in docs)

    if zh_docs:
        found = f"found {_count(zh_docs, 'Chinese document')} ({listing(zh_docs)}) and no French one"
    elif fr_docs:
        found = f"found {_count(fr_docs, 'French document')} ({listing(fr_docs)}) and no Chinese one"
    else:
        found = "found no Chinese or French document"
    if skipped:
        found += "; not used: " + "; ".join(f"{path.name} {reason}" for path, reason in skipped)
    return found
