"""Reading input files: monolingual documents (.txt .md .docx .html) and bilingual tables (.xlsx .csv .tsv .tmx).

Paragraphs are the unit everything downstream keeps: in a .txt file every non-empty line is a
paragraph (that is how the seeds and most copied web pages come); in Markdown a block of wrapped
lines is one paragraph; in .docx every Word paragraph and table cell; in HTML every block element.
Bad input raises InputError with a sentence a user can act on. Parsers (bs4, lxml, python-docx,
openpyxl, charset-normalizer) are imported inside the functions that need them.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .language import FR, ZH, detect_language, require_language
from .safety import MAX_PACKAGE_BYTES, MAX_TEXT_BYTES, check_zip, nfc
from .safety import human_size as _human_size
from .types import Document

MONOLINGUAL_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")
BILINGUAL_SUFFIXES = (".xlsx", ".csv", ".tsv", ".tmx")
SUPPORTED_SUFFIXES = MONOLINGUAL_SUFFIXES + BILINGUAL_SUFFIXES
_PACKAGES = (".docx", ".xlsx")

_UNSUPPORTED = {
    ".pdf": "PDF is not supported yet: convert it to .docx or .txt",
    ".doc": "old Word .doc files are not supported: save it as .docx",
    ".xls": "old Excel .xls files are not supported: save it as .xlsx",
    ".odt": "OpenDocument text is not supported: save it as .docx",
    ".ods": "OpenDocument spreadsheets are not supported: save it as .xlsx",
    ".rtf": "RTF is not supported: save it as .docx",
}
_SAMPLE = 200_000  # characters enough to judge an encoding; long files are judged on their start
_CJK_PUNCTUATION = set("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·　")


# ---------------------------------------------------------------------------------------------
# Checks shared by every reader


def supported_hint() -> str:
    """The list of supported extensions, for messages."""
    return ", ".join(SUPPORTED_SUFFIXES)


def check_file(path: str | Path) -> Path:
    """`path` as a Path if it is an existing, non-empty, not too large file of a supported type; else InputError."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        raise InputError(path, "is a folder, expected a file (use `glossalign run` for a folder)")
    if not path.is_file():
        raise InputError(path, "is not a regular file")
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(path, _UNSUPPORTED[suffix])
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"{suffix} files are" if suffix else "files without an extension are"
        raise InputError(path, f"{kind} not supported (supported: {supported_hint()})")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "is empty")
    limit = MAX_PACKAGE_BYTES if suffix in _PACKAGES else MAX_TEXT_BYTES
    if size > limit:
        raise InputError(path, f"is {_human_size(size)}, above the {_human_size(limit)} limit for one "
                               f"{suffix} file: split it into smaller files")
    if suffix in _PACKAGES:
        check_zip(path)
    return path


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    if data.startswith(b"%PDF-"):
        raise InputError(path, "is a PDF file despite its name: PDF is not supported yet: convert it to .docx or .txt")
    return data


# ---------------------------------------------------------------------------------------------
# Encodings


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """Frequent Chinese characters: GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional)."""
    chars = set()
    for codec, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                 ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:  # unassigned cells at the end of a block
                    pass
    return frozenset(chars)


def chinese_quality(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters or CJK punctuation (mis-decodings score low)."""
    common = _common_han()
    non_ascii = good = 0
    for char in text:
        if ord(char) < 0x80:
            continue
        non_ascii += 1
        if char in common or char in _CJK_PUNCTUATION:
            good += 1
    return good / non_ascii if non_ascii else 0.0


def _decode_chinese(data: bytes) -> tuple[str, str, float] | None:
    """The better of GB18030 and Big5 for `data` as (text, encoding, quality), or None if neither looks Chinese."""
    best = None
    # cp950 is Microsoft's Big5 (a superset of plain Big5); GB18030 covers GB2312 and GBK.
    # Chinese in UTF-16 without a BOM has no NUL bytes either, so it competes here too.
    codecs_to_try = [("gb18030", "gb18030"), ("cp950", "big5")]
    if len(data) % 2 == 0:
        codecs_to_try += [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")]
    for codec, name in codecs_to_try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = data.decode(codec, errors="replace")  # U+FFFD is not common: it lowers the quality
        quality = chinese_quality(text[:_SAMPLE])
        if best is None or quality > best[2]:
            best = (text, name, quality)
    if best is None or best[2] < 0.7 or sum(1 for char in best[0][:_SAMPLE] if ord(char) > 0x2E80) < 2:
        return None
    return best


_FRENCH_NON_ASCII = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»‘’“”–—…°€\u00a0\u202f]")


def _decode_western(data: bytes) -> str | None:
    """`data` as Windows-1252 (a superset of Latin-1) when it reads as French: a few accented letters."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE]
    non_ascii = [char for char in sample if ord(char) >= 0x80]
    french_like = sum(1 for char in non_ascii if _FRENCH_NON_ASCII.match(char))
    letters = sum(1 for char in sample if char.isalpha())
    # In French, accented letters are a few percent of all letters; a Cyrillic or Greek single-byte
    # text read as cp1252 is almost all accented letters.
    plausible = (non_ascii and french_like >= 0.95 * len(non_ascii)
                 and (len(non_ascii) <= 0.3 * letters or letters < 20))
    return text if plausible else None


def _plausible_share(text: str) -> float:
    """Share of characters a real document is made of: ASCII, Latin letters, common Chinese, CJK punctuation."""
    if not text:
        return 0.0
    common = _common_han()
    good = sum(1 for char in text
               if (" " <= char <= "~") or char in "\t\n\r" or char in common or char in _CJK_PUNCTUATION
               or ("\u00a0" <= char <= "\u024f") or ("\u2000" <= char <= "\u206f"))
    return good / len(text)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when NUL-bearing bytes read as UTF-16 LE or BE without a BOM; None for binary data."""
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text[:_SAMPLE])
        if share >= 0.9 and (best is None or share > best[0]):
            best = (share, text, codec)
    return (best[1], best[2]) if best else None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a cut-off copy, one bad character), decoded with U+FFFD in their place."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    multibyte = sum(1 for char in text if "\u0080" <= char != "\ufffd")
    # A Latin-1 or GB file has no valid multi-byte sequences, or far fewer than invalid bytes.
    return text if damaged and multibyte >= 20 * damaged and damaged <= max(3, len(data) // 1000) else None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Declared legacy charsets, read with their supersets (pages labelled gb2312 use GBK characters).
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950",
                      "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def _declared_html_charset(data: bytes) -> tuple[str, str] | None:
    """(text, charset) when an HTML page declares a charset in a <meta> tag and its bytes decode with it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    declared = match.group(1).decode("ascii").lower()
    codec = _CHARSET_SUPERSETS.get(declared, declared)
    try:
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return text, {"cp950": "big5"}.get(codec, codec)


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 200)


def decode_bytes(data: bytes, path: str | Path | None = None, *, html: bool = False) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes.

    In order: a BOM (UTF-8, UTF-16, UTF-32); UTF-16 without BOM; strict UTF-8; for HTML the charset
    its <meta> declares; GB18030 vs Big5 judged on common characters (statistical detectors confuse
    them on short texts); French Windows-1252; UTF-8 with a few damaged bytes; charset-normalizer.
    GBK and GB2312 files are reported as "gb18030" (their superset).
    """
    decoded = _decode(data, path, html)
    if decoded is None:
        raise InputError(path, "is a binary file or in an unknown text encoding "
                               "(tried UTF-8, UTF-16, GB18030, Big5 and others)")
    text, encoding = decoded
    if _looks_binary(text):
        raise InputError(path, "is a binary file, not text (it is full of control characters)")
    return text, encoding.replace("_", "-")


def _decode(data: bytes, path: str | Path | None, html: bool) -> tuple[str, str] | None:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name.removesuffix("-sig")), name
            except UnicodeDecodeError:
                raise InputError(path, f"starts with a {name} byte-order mark but is not valid {name}") from None
    if b"\x00" in data:  # text in 8-bit encodings never holds NUL bytes
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(path, "is a binary file, not text (it contains NUL bytes)")
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html and (declared := _declared_html_charset(data)) is not None:
        return declared
    if (chinese := _decode_chinese(data)) is not None:
        return chinese[0], chinese[1]
    if (western := _decode_western(data)) is not None:
        return western, "cp1252"
    if (damaged := _mostly_utf8(data)) is not None:
        return damaged, "utf-8 (damaged bytes replaced)"
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    return (str(match), match.encoding) if match is not None else None


# ---------------------------------------------------------------------------------------------
# Paragraph extraction per format

_HAN_OR_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A line wrap next to a CJK character, with a CJK character or punctuation on the other side, is no space.
_WRAP_BETWEEN_CJK = re.compile(rf"(?:(?<={_HAN_OR_CJK})[ \t\r\n\f\v]*\n[ \t\r\n\f\v]*(?={_HAN_OR_CJK}|[^\w\s])"
                               rf"|(?<=[^\w\s])[ \t\r\n\f\v]*\n[ \t\r\n\f\v]*(?={_HAN_OR_CJK}))")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: French typography needs it


def _tidy(text: str) -> str:
    """Collapse source whitespace like a browser; a line wrap between two CJK characters disappears."""
    return _SPACE_RUN.sub(" ", _WRAP_BETWEEN_CJK.sub("", text)).strip()


def text_paragraphs(text: str) -> list[str]:
    """Plain text: every non-empty line is a paragraph (stripped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


_MD_FENCE = re.compile(r"^(```|~~~)")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$|^=+$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_MD_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s+\S+")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),
)


def _md_inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return _tidy(text)


def markdown_paragraphs(text: str) -> list[str]:
    """Markdown: markup stripped; wrapped lines of a block joined; headings, list items and table cells apart."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":  # YAML front matter
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                lines = lines[end + 1:]
                break
    blocks: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            blocks.append("\n".join(block))  # _tidy joins the wrap: no space between CJK, one otherwise
            block.clear()

    in_fence = False
    for line in lines:
        stripped = line.strip()
        if _MD_FENCE.match(stripped):  # code is not prose to align
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        stripped = _MD_QUOTE.sub("", stripped).strip()
        if not stripped or _MD_RULE.match(stripped) or _MD_TABLE_RULE.match(stripped):
            flush()
            continue
        if _MD_LINK_DEFINITION.match(stripped):
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            flush()
            blocks.append(heading.group(1))
            continue
        if stripped.startswith("|") or (stripped.count("|") >= 2 and stripped.endswith("|")):
            flush()
            blocks.extend(cell for cell in stripped.strip("|").split("|"))
            continue
        item = _MD_ITEM.match(stripped)
        if item:
            flush()
            stripped = stripped[item.end():]
        block.append(stripped)
    flush()
    return [paragraph for paragraph in (_md_inline(block) for block in blocks) if paragraph]


_HTML_DROPPED = ["script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head",
                 "svg", "iframe", "object", "canvas", "button", "select", "textarea", "input", "menu"]
_HTML_BLOCKS = frozenset("""
    address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure
    form h1 h2 h3 h4 h5 h6 hgroup hr html li main ol p pre section summary table tbody td tfoot th thead
    tr ul
""".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def html_paragraphs(markup: str) -> list[str]:
    """HTML: the visible text, one paragraph per block element or <br>; scripts, styles and page chrome dropped."""
    from bs4 import BeautifulSoup, Tag
    from bs4.element import NavigableString

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(_HTML_DROPPED):
        # An <article>'s own <header> holds its title and byline: page chrome is outside articles.
        if tag.decomposed or (tag.name in ("header", "footer") and tag.find_parent("article")):
            continue
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if (tag.has_attr("hidden") or tag.get("aria-hidden") == "true"
                or _HIDDEN_STYLE.search(str(tag.get("style", "")))):
            tag.decompose()

    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraph = _tidy("".join(current))
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    # Iterative walk (deeply nested pages would overflow recursion); None marks the end of a block.
    stack: list = [soup]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
        elif isinstance(node, Tag):
            if node.name == "br":
                flush()
            elif node.name == "pre":  # preformatted: its lines are the paragraphs
                flush()
                paragraphs.extend(_tidy(line) for line in node.get_text().splitlines() if line.strip())
            else:
                if node.name in _HTML_BLOCKS:
                    flush()
                    stack.append(None)
                stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:  # comments, doctypes and CDATA are subclasses: skipped
            current.append(str(node))
    flush()
    return paragraphs


def docx_paragraphs(path: Path) -> list[str]:
    """Word: every paragraph and every table cell in document order (headers and footers are page furniture)."""
    try:
        import docx
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as error:  # noqa: BLE001 — python-docx raises many types for a bad package
        raise InputError(path, f"is not a valid .docx file (corrupt, or not a Word document: "
                               f"{type(error).__name__})") from None
    paragraphs: list[str] = []

    def visit(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                paragraphs.extend(line.strip() for line in item.text.splitlines() if line.strip())
            else:
                seen = set()  # a merged cell is returned once per grid column it spans
                for row in item.rows:
                    for cell in row.cells:
                        if cell._tc not in seen:
                            seen.add(cell._tc)
                            visit(cell)

    try:
        visit(document)
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001
        raise InputError(path, f"is a damaged .docx file ({type(error).__name__}: {error})") from None
    return paragraphs


def read_paragraphs(path: str | Path, *, presplit: bool = False) -> tuple[list[str], str]:
    """(raw paragraphs before cleaning, encoding) of a monolingual file; with `presplit`, the non-empty lines."""
    path = check_file(path)
    suffix = path.suffix.lower()
    if suffix in BILINGUAL_SUFFIXES:
        raise InputError(path, "is a bilingual file (Chinese and French together): it is read as aligned pairs, "
                               "not as one document")
    if suffix == ".docx":
        return [nfc(p) for p in docx_paragraphs(path)], "docx"
    text, encoding = decode_bytes(_read_bytes(path), path, html=suffix in (".html", ".htm"))
    text = nfc(text)
    if presplit and suffix in (".txt", ".md"):
        return text_paragraphs(text), encoding
    if suffix == ".md":
        return markdown_paragraphs(text), encoding
    if suffix in (".html", ".htm"):
        return html_paragraphs(text), encoding
    return text_paragraphs(text), encoding


def read_document(path: str | Path, *, clean: bool = True, presplit: bool = False) -> Document:
    """Read, check the language of, and clean one Chinese or French document.

    With `presplit`, every non-empty line (for .docx/.html: every paragraph) is one sentence, taken
    as is apart from surrounding whitespace, and nothing is cleaned. Empty lines are skipped: sentence
    ids are the indices of the non-empty lines (0-based), which is what published aligners' files use.
    """
    path = Path(path)
    paragraphs, encoding = read_paragraphs(path, presplit=presplit)
    text = "\n".join(paragraphs)
    if not text.strip():
        raise InputError(path, "has no text")
    guess = require_language(text, path)
    dropped: list[tuple[str, str]] = []
    if clean and not presplit:
        from .clean import clean_paragraphs

        paragraphs, dropped = clean_paragraphs(paragraphs, guess.lang)
        if not paragraphs:
            raise InputError(path, f"has no text left after cleaning ({len(dropped)} paragraphs dropped as "
                                   f"boilerplate or duplicates): try --no-clean")
    return Document(path=path, lang=guess.lang, encoding=encoding, paragraphs=paragraphs, dropped=dropped,
                    script=guess.script, presplit=presplit)


# ---------------------------------------------------------------------------------------------
# Bilingual files

_ZH_HEADER = re.compile(r"^(?:zh|cn|cmn|zho|chi)(?:[-_ ][a-z]{2,4})?$|chinese|chinois|中文|汉语|漢語|简体|繁體|繁体")
_FR_HEADER = re.compile(r"^(?:fr|fra|fre)(?:[-_ ][a-z]{2})?$|french|fran[cç]ais|法语|法語|法文")



@dataclass
class BilingualTable:
    """Aligned (zh, fr) pairs read from one bilingual file, with how they were found."""

    path: Path
    pairs: list[tuple[str, str]]
    encoding: str  # "xlsx", or the text encoding of a .csv/.tsv/.tmx
    found: str  # e.g. "columns zh, fr", "columns 2 and 3 by content", "tuv xml:lang zh-CN / fr-FR"


def is_bilingual(path: str | Path) -> bool:
    """True for the file types that hold Chinese and French together (.xlsx .csv .tsv .tmx)."""
    return Path(path).suffix.lower() in BILINGUAL_SUFFIXES


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_columns(header: list[str]) -> tuple[int, int] | None:
    """Columns named for their language. "source"/"target" say nothing of it: those are found by content."""
    names = [name.strip().lower() for name in header]
    zh = [i for i, name in enumerate(names) if name and _ZH_HEADER.search(name)]
    fr = [i for i, name in enumerate(names) if name and _FR_HEADER.search(name) and i not in zh]
    return (zh[0], fr[0]) if zh and fr else None


def _content_columns(rows: list[list[str]]) -> tuple[int, int] | None:
    """The most Chinese column and the most French column, judged on up to 200 rows of content."""
    width = max((len(row) for row in rows), default=0)
    best_zh = best_fr = None
    for column in range(width):
        text = "\n".join(row[column] for row in rows[:200] if column < len(row) and row[column])
        guess = detect_language(text)
        if guess.lang == ZH and (best_zh is None or guess.confidence > best_zh[1]):
            best_zh = (column, guess.confidence)
        elif guess.lang == FR and (best_fr is None or guess.confidence > best_fr[1]):
            best_fr = (column, guess.confidence)
    if best_zh is None or best_fr is None:
        return None
    return best_zh[0], best_fr[0]


def _has_han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text)


def _pairs_from_rows(rows: list[list[str]]) -> tuple[list[tuple[str, str]], str] | None:
    """(pairs, how the columns were found) from table rows, or None when no Chinese/French columns exist."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    header = rows[0]
    columns = _header_columns(header)
    if columns is not None:
        zh, fr = columns
        body, found = rows[1:], f"columns {header[zh]!r} and {header[fr]!r}"
    else:
        columns = _content_columns(rows[1:] if len(rows) > 1 else rows)
        if columns is None:
            return None
        zh, fr = columns
        # A first row whose Chinese cell has no Chinese character is a header we did not recognise.
        first_is_header = zh < len(header) and not _has_han(header[zh])
        body = rows[1:] if first_is_header else rows
        found = f"columns {zh + 1} (Chinese) and {fr + 1} (French), found by their content"
    pairs = []
    for row in body:
        zh_text = row[zh] if zh < len(row) else ""
        fr_text = row[fr] if fr < len(row) else ""
        if zh_text and fr_text:
            pairs.append((zh_text, fr_text))
    return pairs, found


def _read_delimited(path: Path) -> tuple[list[list[str]], str]:
    import csv
    import io

    text, encoding = decode_bytes(_read_bytes(path), path)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_BYTES))
    if path.suffix.lower() == ".tsv":
        # TSV files from corpora quote nothing and their texts contain quote characters.
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [[_cell(value) for value in row] for row in reader], encoding
    except csv.Error as error:
        raise InputError(path, f"is not a readable {path.suffix} table ({error})") from None


def _read_xlsx(path: Path) -> list[list[list[str]]]:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — zipfile, KeyError, InvalidFileException, XML errors…
        raise InputError(path, f"is not a valid .xlsx file (corrupt, or not an Excel workbook: "
                               f"{type(error).__name__})") from None
    try:
        return [[[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
                for sheet in workbook.worksheets]
    except Exception as error:  # noqa: BLE001
        raise InputError(path, f"is a damaged .xlsx file ({type(error).__name__}: {error})") from None
    finally:
        workbook.close()


_TMX_CODE_TAGS = {"bpt", "ept", "ph", "it", "ut"}  # native formatting codes, not text
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _segment_text(seg) -> str:
    """A TMX <seg>'s text: inline tags such as <hi> and <sub> keep their text, code tags only their tail."""
    parts = [seg.text or ""]
    for child in seg:
        if _local(child.tag) not in _TMX_CODE_TAGS:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_tmx(path: Path) -> tuple[list[tuple[str, str]], str, str]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        tree = etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError) as error:
        raise InputError(path, f"is not a valid TMX file (XML error: {error})") from None
    root = tree.getroot()
    if _local(root.tag) != "tmx":
        raise InputError(path, f"is not a TMX file (its root element is <{_local(root.tag)}>, expected <tmx>)")
    header = next((el for el in root if _local(el.tag) == "header"), None)
    default_lang = (header.get("srclang") or "") if header is not None else ""
    pairs: list[tuple[str, str]] = []
    langs_seen: set[str] = set()
    for tu in root.iter():
        if _local(tu.tag) != "tu":
            continue
        texts: dict[str, str] = {}
        for tuv in tu:
            if _local(tuv.tag) != "tuv":
                continue
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or default_lang).strip()
            langs_seen.add(lang)
            side = _tmx_side(lang)
            seg = next((el for el in tuv if _local(el.tag) == "seg"), None)
            if side and seg is not None and side not in texts:
                texts[side] = _tidy(_segment_text(seg))
        if texts.get(ZH) and texts.get(FR):
            pairs.append((texts[ZH], texts[FR]))
    if not pairs:
        found = ", ".join(sorted(lang for lang in langs_seen if lang)) or "none"
        raise InputError(path, f"has no translation unit with both Chinese and French (languages found: {found})")
    encoding = (tree.docinfo.encoding or "utf-8").lower()
    return pairs, encoding, "tu/tuv by language"


def _tmx_side(lang: str) -> str | None:
    code = lang.lower().replace("_", "-").split("-")[0]
    if code in ("zh", "cmn", "zho", "chi", "yue", "lzh"):
        return ZH
    if code in ("fr", "fra", "fre"):
        return FR
    return None


def read_bilingual_table(path: str | Path) -> BilingualTable:
    """Aligned pairs from a .xlsx/.csv/.tsv (a Chinese and a French column) or .tmx file, with details."""
    path = check_file(path)
    suffix = path.suffix.lower()
    if suffix not in BILINGUAL_SUFFIXES:
        raise InputError(path, f"is not a bilingual file (expected one of {', '.join(BILINGUAL_SUFFIXES)})")
    if suffix == ".tmx":
        pairs, encoding, found = _read_tmx(path)
        return BilingualTable(path, [(nfc(zh), nfc(fr)) for zh, fr in pairs], encoding, found)
    if suffix == ".xlsx":
        sheets, encoding = _read_xlsx(path), "xlsx"
    else:
        rows, encoding = _read_delimited(path)
        sheets = [rows]
    pairs: list[tuple[str, str]] = []
    found_in: list[str] = []
    for number, rows in enumerate(sheets, 1):
        result = _pairs_from_rows(rows)
        if result is not None:
            pairs.extend(result[0])
            found_in.append(result[1] if len(sheets) == 1 else f"sheet {number}: {result[1]}")
    if not found_in:
        raise InputError(path, "has no Chinese column and French column (name them e.g. 'zh' and 'fr')")
    if not pairs:
        raise InputError(path, "has no row with both a Chinese and a French text")
    return BilingualTable(path, [(nfc(zh), nfc(fr)) for zh, fr in pairs], encoding, "; ".join(found_in))


def read_bilingual(path: str | Path) -> list[tuple[str, str]]:
    """(zh, fr) rows of a bilingual .xlsx/.csv/.tsv/.tmx file."""
    return read_bilingual_table(path).pairs
