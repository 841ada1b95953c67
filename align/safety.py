"""Guards for untrusted input files: one size limit for every reader, zip bombs, XML entity bombs, Unicode form.

Every reader of a user's file goes through these before parsing, so a hostile or broken file costs
a stat() or a look at the zip directory, never gigabytes of memory, and ends in one InputError.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from .errors import InputError

MAX_TEXT_BYTES = 50 * 1024 * 1024  # plain text, HTML, CSV, TMX, XLIFF, JSONL: far beyond any document a person translates
MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # .docx/.xlsx/.pdf may carry images
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # what all members of a zip package may inflate to
MAX_ZIP_RATIO = 200  # a member inflating more than this (and to over MIN_RATIO_CHECK) is a bomb
MIN_RATIO_CHECK = 16 * 1024 * 1024  # small members compress well legitimately (XML of repeated styles)
MAX_ZIP_MEMBERS = 20_000


def human_size(size: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def check_size(path: str | Path, limit: int = MAX_TEXT_BYTES) -> int:
    """The size of `path` if it is an existing, non-empty file within `limit`; else InputError."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "does not exist") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise InputError(path, "is empty")
    if size > limit:
        raise InputError(path, f"is {human_size(size)}, above the {human_size(limit)} limit for one "
                               f"{path.suffix or 'such'} file: split it into smaller files")
    return size


def check_zip(path: str | Path, kind: str = "") -> None:
    """Refuse a zip package (docx, xlsx, …) that is not a zip or would inflate beyond the limits, before reading it."""
    import zipfile

    path = Path(path)
    kind = kind or path.suffix or "zip"
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise InputError(path, f"is not a valid {kind} file (not a zip package: corrupt, or another format "
                               f"under this name)") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(path, f"holds {len(members):,} files, above the {MAX_ZIP_MEMBERS:,} limit for a {kind} "
                               f"package (a zip bomb or not a document)")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MIN_RATIO_CHECK and ratio > MAX_ZIP_RATIO:
            raise InputError(path, f"is refused as a zip bomb: {member.filename!r} would inflate "
                                   f"{ratio:,.0f}-fold to {human_size(member.file_size)}")
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(path, f"is refused: its contents would inflate to {human_size(total)}, above the "
                               f"{human_size(MAX_UNZIPPED_BYTES)} limit (a zip bomb, or split the document)")


def xml_parser(**options):
    """An lxml parser that never expands entities, never loads a DTD, never touches the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, **options)


def parse_xml(data: bytes, path: str | Path, kind: str = "XML"):
    """The root element of `data`; InputError for malformed XML or a document type declaring entities."""
    from lxml import etree

    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as error:
        raise InputError(path, f"is not a valid {kind} file (XML error: {error})") from None
    if root is None:
        raise InputError(path, f"is not a valid {kind} file (no root element)")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(path, f"is refused: its DOCTYPE declares entities (a {kind} file never needs them; "
                               f"this is how XML bombs work)")
    return root


def nfc(text: str) -> str:
    """Composed Unicode (NFC): 'é' as one character, whatever the source used (the UN files use e + ◌́)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)
