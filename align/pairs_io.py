"""Aligned-pair files: write beads as .jsonl/.tsv/.xlsx/.tmx, read them (and other bilingual tables) back.

Columns everywhere: zh_ids, fr_ids (0-based sentence indices; empty for insertions/deletions),
zh, fr, score, flag, mode ("parallel" or "comparable"), margin (mining margin; empty for parallel).
The .xlsx is for people (zh | fr | score | bead type | flag | mode | margin) and the .tmx (TMX 1.4b,
one `tu` per bead with text on both sides) for CAT tools (memoQ, Trados, OmegaT). Mined pairs below the
threshold (flag "below threshold": unrelated sentences, often) are no translation units: they stay out of the
.tmx and are shown greyed in the .xlsx. Text is written so no spreadsheet runs it as a formula (align/cells.py).
Files written before mode and margin existed are still read (as parallel, no margin).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from .atomic import atomic_open, save_workbook
from .cells import append_row, neutralise, unneutralise, xml_safe
from .errors import InputError
from .types import Bead
from .xlsx_layout import fit_row_heights, print_setup

WRITERS = (".jsonl", ".tsv", ".xlsx", ".tmx")
READERS = (".jsonl", ".tsv", ".xlsx", ".tmx", ".csv")
TSV_COLUMNS = ("zh_ids", "fr_ids", "zh", "fr", "score", "flag", "mode", "margin")
XLSX_COLUMNS = ("zh", "fr", "score", "bead type", "flag", "mode", "margin")
_OLD_COLUMNS = 6  # .tsv columns before mode and margin (5 in the .xlsx)
MODES = ("parallel", "comparable")
BELOW_THRESHOLD = "below threshold"  # the flag of mined pairs kept only on request


def _check_extension(path: Path, allowed: Sequence[str], verb: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise InputError(path, f"cannot {verb} aligned pairs with {shown}: use one of {', '.join(allowed)}")
    return suffix


def write_beads(beads: Sequence[Bead], path: str | Path, *, zh_lang: str = "zh-CN", fr_lang: str = "fr-FR") -> None:
    """Write beads atomically, in the format the extension names (.jsonl, .tsv, .xlsx, .tmx)."""
    path = Path(path)
    suffix = _check_extension(path, WRITERS, "write")
    from .langtags import check_tag

    check_tag(zh_lang, "zh", "--zh-lang")
    check_tag(fr_lang, "fr", "--fr-lang")
    if suffix == ".jsonl":
        _write_jsonl(beads, path)
    elif suffix == ".tsv":
        _write_tsv(beads, path)
    elif suffix == ".xlsx":
        _write_xlsx(beads, path)
    else:
        _write_tmx(beads, path, zh_lang, fr_lang)


def _record(bead: Bead) -> dict:
    return {"zh_ids": list(bead.zh_ids), "fr_ids": list(bead.fr_ids), "zh": bead.zh, "fr": bead.fr,
            "score": round(float(bead.score), 4), "flag": bead.flag, "mode": bead.mode,
            "margin": None if bead.margin is None else round(float(bead.margin), 4)}


def _write_jsonl(beads: Sequence[Bead], path: Path) -> None:
    with atomic_open(path) as out:
        for bead in beads:
            out.write(json.dumps(_record(bead), ensure_ascii=False) + "\n")


def _one_line(text: str) -> str:
    """A TSV field: on one line, no control characters, never a formula."""
    return neutralise(xml_safe(re.sub(r"[\t\r\n]+", " ", text)))


def _write_tsv(beads: Sequence[Bead], path: Path) -> None:
    with atomic_open(path, newline="") as out:
        out.write("\t".join(TSV_COLUMNS) + "\n")
        for bead in beads:
            r = _record(bead)
            cells = [json.dumps(r["zh_ids"]), json.dumps(r["fr_ids"]), _one_line(r["zh"]), _one_line(r["fr"]),
                     f"{r['score']:.4f}", _one_line(r["flag"]), r["mode"],
                     "" if r["margin"] is None else f"{r['margin']:.4f}"]
            out.write("\t".join(cells) + "\n")


def _write_xlsx(beads: Sequence[Bead], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "aligned pairs"
    append_row(sheet, list(XLSX_COLUMNS))
    for bead in beads:
        append_row(sheet, [bead.zh, bead.fr, round(float(bead.score), 4), bead.kind, bead.flag, bead.mode,
                           None if bead.margin is None else round(float(bead.margin), 4)])
    last = len(beads) + 1
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{last}"
    if beads:
        sheet.conditional_formatting.add(f"C2:C{last}", ColorScaleRule(
            start_type="num", start_value=0, start_color="F8696B", mid_type="num", mid_value=0.5,
            mid_color="FFEB84", end_type="num", end_value=1, end_color="63BE7B"))
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import PatternFill

        # pairs under the mining threshold: grey, so nobody takes them for translations
        sheet.conditional_formatting.add(f"A2:B{last}", FormulaRule(
            formula=[f'$E2="{BELOW_THRESHOLD}"'], font=Font(color="808080", italic=True),
            fill=PatternFill("solid", fgColor="EDEDED", bgColor="EDEDED")))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.alignment = wrap
    for (cell,) in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.number_format = "0.000"
    # Fitted widths: hanzi are about two columns wide; long texts wrap at a readable width.
    for letter, column in zip("ABCDEFG", XLSX_COLUMNS):
        values = [column] + [str(c.value or "") for c in sheet[letter][1:]]
        widest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values)
        sheet.column_dimensions[letter].width = min(max(widest + 2, 8), 70 if letter in "AB" else 16)
    fit_row_heights(sheet, "AB")
    print_setup(sheet)
    save_workbook(book, path)


def _write_tmx(beads: Sequence[Bead], path: Path, zh_lang: str, fr_lang: str) -> None:
    def seg(text: str) -> str:
        return escape(xml_safe(text))

    with atomic_open(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(f'  <header creationtool="glossalign" creationtoolversion="0.1.0" datatype="plaintext" '
                  f'segtype="sentence" adminlang="en-US" srclang="{zh_lang}" o-tmf="glossalign"/>\n  <body>\n')
        for bead in beads:
            if not bead.zh.strip() or not bead.fr.strip():
                continue  # a sentence without counterpart is no translation unit
            if bead.flag == BELOW_THRESHOLD:
                continue  # a mined pair under the threshold is no translation either
            props = f'      <prop type="x-score">{bead.score:.4f}</prop>\n'
            # sentence ids, so a check of this file numbers segments as a check of the documents does
            props += f'      <prop type="x-zh-ids">{",".join(map(str, bead.zh_ids))}</prop>\n'
            props += f'      <prop type="x-fr-ids">{",".join(map(str, bead.fr_ids))}</prop>\n'
            if bead.flag:
                props += f'      <prop type="x-flag">{seg(bead.flag)}</prop>\n'
            props += f'      <prop type="x-mode">{bead.mode}</prop>\n'
            if bead.margin is not None:
                props += f'      <prop type="x-margin">{bead.margin:.4f}</prop>\n'
            out.write(f'    <tu>\n{props}'
                      f'      <tuv xml:lang="{zh_lang}"><seg>{seg(bead.zh)}</seg></tuv>\n'
                      f'      <tuv xml:lang="{fr_lang}"><seg>{seg(bead.fr)}</seg></tuv>\n    </tu>\n')
        out.write("  </body>\n</tmx>\n")


# --------------------------------------------------------------------------- reading


def read_pairs(path: str | Path) -> list[Bead]:
    """Beads from an aligned-pair file this module wrote, a .tmx, or a two-column zh/fr table (texts in NFC)."""
    from .safety import nfc

    beads = _read_pairs(Path(path))
    for bead in beads:
        bead.zh, bead.fr = nfc(bead.zh), nfc(bead.fr)
    return beads


def _read_pairs(path: Path) -> list[Bead]:
    suffix = _check_extension(path, READERS, "read")
    if not path.is_file():
        raise InputError(path, "does not exist" if not path.exists() else "is not a file")
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".tsv":
        beads = _read_own_tsv(path)
        if beads is not None:
            return beads
    if suffix == ".xlsx":
        beads = _read_own_xlsx(path)
        if beads is not None:
            return beads
    from .read import read_bilingual

    pairs = read_bilingual(path)
    props = _own_tmx_props(path) if suffix == ".tmx" else None
    if props is None or len(props) != len(pairs):
        props = [(1.0, "", "parallel", None)] * len(pairs)
    ids = _own_tmx_ids(path) if suffix == ".tmx" else None
    if ids is not None and len(ids) == len(pairs):
        return [Bead(zh_ids=z, fr_ids=f, zh=zh, fr=fr, score=score, flag=flag, mode=mode, margin=margin)
                for (zh, fr), (score, flag, mode, margin), (z, f) in zip(pairs, props, ids)]
    return _sequential([(zh, fr, *details) for (zh, fr), details in zip(pairs, props)])


def _own_tmx_ids(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
    """The sentence ids each `tu` of our own TMX carries (None when any is missing: count along the file)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    out = []
    for tu in root.iterfind("body/tu"):
        props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
        if "x-zh-ids" not in props or "x-fr-ids" not in props:
            return None
        try:
            out.append(tuple(tuple(int(x) for x in props[key].split(",") if x.strip())
                             for key in ("x-zh-ids", "x-fr-ids")))
        except ValueError:
            return None
    return out


def _sequential(rows: Sequence[tuple[str, str, float, str, str, float | None]],
                kinds: Sequence[str] | None = None) -> list[Bead]:
    """Beads with ids counted along the file (one sentence a side per row unless a bead type says more)."""
    beads, z, f = [], 0, 0
    for number, (zh, fr, score, flag, mode, margin) in enumerate(rows):
        a, b = (int(zh != ""), int(fr != ""))
        if kinds is not None and re.fullmatch(r"\d+-\d+", kinds[number] or ""):
            a, b = map(int, kinds[number].split("-"))
        beads.append(Bead(zh_ids=tuple(range(z, z + a)), fr_ids=tuple(range(f, f + b)), zh=zh, fr=fr,
                          score=score, flag=flag, mode=mode, margin=margin))
        z, f = z + a, f + b
    return beads


def _own_tmx_props(path: Path) -> list[tuple[float, str, str, float | None]] | None:
    """(score, flag, mode, margin) of each `tu` of a TMX this module wrote; None for other TMX files."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()  # read_bilingual has already parsed it
    header = root.find("header")
    if header is None or header.get("creationtool") != "glossalign":
        return None
    out = []
    for line, tu in enumerate(root.iterfind("body/tu"), 1):
        props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
        out.append((_score(props.get("x-score", 1.0), path, line), props.get("x-flag", ""),
                    _mode(props.get("x-mode"), path, line), _margin(props.get("x-margin"), path, line)))
    return out


def _ids(value, path: Path, line: int) -> tuple[int, ...]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise InputError(path, f"line {line}: ids {value!r} are not a list like [3, 4]") from None
    if not isinstance(value, list) or not all(isinstance(x, int) and x >= 0 for x in value):
        raise InputError(path, f"line {line}: ids must be a list of sentence numbers like [3, 4]")
    return tuple(value)


def _score(value, path: Path, line: int) -> float:
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise InputError(path, f"line {line}: score {value!r} is not a number") from None
    return score


def _mode(value, path: Path, line: int) -> str:
    mode = str(value or "parallel").strip()  # files from before modes existed are parallel
    if mode not in MODES:
        raise InputError(path, f"line {line}: mode {mode!r} is not one of {', '.join(MODES)}")
    return mode


def _margin(value, path: Path, line: int) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InputError(path, f"line {line}: margin {value!r} is not a number") from None


def _text(path: Path) -> str:
    """Our own files are UTF-8, but Excel and other tools re-save them as UTF-16 or GB18030."""
    from .read import decode_bytes

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    return decode_bytes(data, path)[0]


def _read_jsonl(path: Path) -> list[Bead]:
    beads = []
    # Split on newlines only: JSON strings may hold U+2028 and other characters splitlines() breaks on.
    for line, text in enumerate(_text(path).split("\n"), 1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError:
            raise InputError(path, f"line {line} is not JSON") from None
        if not isinstance(row, dict) or not {"zh", "fr"} <= set(row):
            raise InputError(path, f"line {line} has no 'zh' and 'fr' fields")
        beads.append(Bead(zh_ids=_ids(row.get("zh_ids", []), path, line),
                          fr_ids=_ids(row.get("fr_ids", []), path, line), zh=str(row["zh"]),
                          fr=str(row["fr"]), score=_score(row.get("score", 1.0), path, line),
                          flag=str(row.get("flag") or ""), mode=_mode(row.get("mode"), path, line),
                          margin=_margin(row.get("margin"), path, line)))
    return beads


def _read_own_tsv(path: Path) -> list[Bead] | None:
    lines = [text.removesuffix("\r") for text in _text(path).split("\n")]
    header = tuple(lines[0].split("\t"))
    if header not in (TSV_COLUMNS, TSV_COLUMNS[:_OLD_COLUMNS]):
        return None
    beads = []
    for line, text in enumerate(lines[1:], 2):
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != len(header):
            raise InputError(path, f"line {line} has {len(cells)} columns, expected {len(header)}")
        cells += [""] * (len(TSV_COLUMNS) - len(cells))
        beads.append(Bead(zh_ids=_ids(cells[0], path, line), fr_ids=_ids(cells[1], path, line),
                          zh=unneutralise(cells[2]), fr=unneutralise(cells[3]),
                          score=_score(cells[4], path, line), flag=unneutralise(cells[5]),
                          mode=_mode(cells[6], path, line), margin=_margin(cells[7], path, line)))
    return beads


def _read_own_xlsx(path: Path) -> list[Bead] | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
        raise InputError(path, f"is not a readable .xlsx file ({type(error).__name__})") from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows or tuple(str(c or "").strip().lower() for c in rows[0][:5]) != XLSX_COLUMNS[:5]:
        return None
    width = len(XLSX_COLUMNS)
    has_mode = tuple(str(c or "").strip().lower() for c in rows[0][5:7]) == XLSX_COLUMNS[5:]
    data, kinds = [], []
    for line, row in enumerate(rows[1:], 2):
        row = tuple(row) + (None,) * (width - len(row))
        if all(c in (None, "") for c in row[:5]):
            continue
        zh, fr = str(row[0] or ""), str(row[1] or "")
        mode, margin = (row[5], row[6]) if has_mode else (None, None)
        data.append((zh, fr, _score(row[2] if row[2] is not None else 1.0, path, line), str(row[4] or ""),
                     _mode(mode, path, line), _margin(margin, path, line)))
        kinds.append(str(row[3] or ""))
    return _sequential(data, kinds)
