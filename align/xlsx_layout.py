"""Layout every workbook the tool writes shares: rows tall enough for wrapped text, and a page setup that prints.

Spreadsheet programs do not grow a row for wrapped text written by another program (Excel and LibreOffice
both keep the one-line default), so row heights are estimated from the text and the column width.
Printing: landscape A4, fitted to the page width, the header row repeated on every page, gridlines, and
"sheet — page N of M" in the footer.
"""
from __future__ import annotations

import math
import unicodedata
from typing import Iterable

LINE_HEIGHT = 13.5  # points per wrapped line of 11-point text, as LibreOffice and Excel set it
MAX_LINES = 12  # a very long cell is cut off at this height rather than filling the screen


def display_width(text: str) -> int:
    """Approximate width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_width(text: str) -> float:
    """Rendered width in character units of 11-point Calibri/Carlito: a hanzi is about 1.75 digits wide."""
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 0.92 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` character units needs for `text` (words are not split, so a margin)."""
    if not text:
        return 1
    usable = max(width - 2.0, 1.0)  # cell padding, and the ragged right edge of wrapped words
    return sum(max(1, math.ceil(_text_width(part) / usable)) for part in str(text).split("\n"))


def fit_row_heights(sheet, wrapped: Iterable[str], *, first_row: int = 2) -> None:
    """Give each row from `first_row` the height its tallest wrapped cell needs (columns by letter)."""
    widths = {letter: (sheet.column_dimensions[letter].width or 8.43) for letter in wrapped}
    for row in range(first_row, sheet.max_row + 1):
        lines = 1
        for letter, width in widths.items():
            value = sheet[f"{letter}{row}"].value
            if value is not None:
                lines = max(lines, lines_needed(str(value), width))
        if lines > 1:
            sheet.row_dimensions[row].height = LINE_HEIGHT * min(lines, MAX_LINES) + 2


def print_setup(sheet, *, title_rows: str | None = "1:1", landscape: bool = True) -> None:
    """Landscape A4 fitted to the page width, the header row on every page, gridlines and page numbers."""
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&A — page &P of &N"
