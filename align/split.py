"""Sentence splitting for Chinese and French paragraphs.

Contract: splitting only cuts. For the sentences s1 … sn of a text,
    text == w0 + s1 + w1 + s2 + … + sn + wn
where every wi is whitespace (possibly empty) and every si is non-empty and stripped: no character is
lost, added or reordered except the whitespace between sentences.
"""
from __future__ import annotations

import re

from align.types import FR, ZH, Document, Sentence

# --- shared ----------------------------------------------------------------------------------------

# Closing quotes and brackets that stay with the sentence they end. ASCII quotes are ambiguous
# (opening or closing) and are taken only when the sentence so far holds an odd number of them.
_CLOSERS = set("”’」』）》〉】〕)]»")
_AMBIGUOUS_QUOTES = set("\"'")
_SPACES_BEFORE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def _absorb_closers(text: str, start: int, pos: int, terminals: str) -> int:
    """Position after the closing quotes/brackets (and further terminal marks) that follow `pos`."""
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in _CLOSERS or ch in terminals:
            pos += 1
        elif ch in _AMBIGUOUS_QUOTES and text.count(ch, start, pos) % 2 == 1:
            pos += 1
        else:
            guillemet = _SPACES_BEFORE_GUILLEMET.match(text, pos)  # French « … . » with a (narrow) NBSP
            if guillemet is None or guillemet.end() == pos:
                break
            pos = guillemet.end()
    return pos


def _cut(text: str, ends: list[int]) -> list[str]:
    """Cut `text` at the given boundaries and strip the pieces.

    A piece without any letter or digit (a stray closing quote, a lone "。") is not a sentence: it stays
    with the sentence before it, whitespace included, so the no-loss contract still holds.
    """
    spans: list[list[int]] = []
    previous = 0
    for end in [*ends, len(text)]:
        piece = text[previous:end]
        if any(ch.isalnum() for ch in piece) or not spans:
            spans.append([previous, end])
        else:
            spans[-1][1] = end
        previous = end
    if len(spans) > 1 and not any(ch.isalnum() for ch in text[spans[0][0] : spans[0][1]]):
        spans[1][0] = spans[0][0]
        del spans[0]
    return [piece for start, end in spans if (piece := text[start:end].strip())]


# --- Chinese ---------------------------------------------------------------------------------------

# "…" and "……" are one mark; "." "．" ";" count only after a Chinese character (never in 3.5 or 2022.06.27).
_ZH_TERMINAL_RUN = re.compile(r"[。！？；!?…．.;]+")
_ZH_TERMINALS = "。！？；!?…"
_ZH_AMBIGUOUS = set(".．;")
_ZH_NO_BREAK_BEFORE = set("，,、：:；;")
# A short speech attribution after a closed quotation: “……。”他说。 / ”CNN报道。
_ZH_ATTRIBUTION = re.compile(
    r"\s*[^。！？!?…“”\"「」]{0,25}?(?:说|说道|道|表示|称|报道|指出|问道|回答|写道|补充|补充道|强调|透露|介绍|问)"
    r"(?:了|说)?\s*[。！？!?]"
)
# A semicolon splits only between two long clauses: long legal sentences get cut, while the short
# "…；…" clauses of news prose stay whole, as their French translations (" ; ") do.
_ZH_SEMICOLONS = set("；;")
_ZH_SEMICOLON_MIN_CLAUSE = 40
_ZH_NEXT_CLAUSE_END = re.compile(r"[。！？；!?…;]")


def _long_clauses(text: str, start: int, semicolon: re.Match[str]) -> bool:
    """True when the clauses before and after this semicolon both have at least the minimum length."""
    next_end = _ZH_NEXT_CLAUSE_END.search(text, semicolon.end())
    after = text[semicolon.end() : next_end.start() if next_end else len(text)]
    before = text[start : semicolon.start()]
    return min(len(before.strip()), len(after.strip())) >= _ZH_SEMICOLON_MIN_CLAUSE


def _split_zh(text: str) -> list[str]:
    ends: list[int] = []
    start = 0
    for match in _ZH_TERMINAL_RUN.finditer(text):
        if match.start() < start:
            continue  # already swallowed by the previous boundary
        run = match.group()
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if set(run) <= _ZH_AMBIGUOUS and not _is_cjk(before):
            continue  # a decimal point, a date, a Latin abbreviation
        if set(run) <= set("!?") and before.isascii() and before.isalnum() and after and not after.isspace():
            continue  # "Yahoo!公司": part of a Latin name
        if set(run) <= _ZH_SEMICOLONS and not _long_clauses(text, start, match):
            continue
        end = _absorb_closers(text, start, match.end(), _ZH_TERMINALS)
        if end < len(text) and text[end] in _ZH_NO_BREAK_BEFORE:
            continue
        if end > match.end() and _ZH_ATTRIBUTION.match(text, end):
            continue  # “……！”他说。 is one sentence, as « … », a-t-il dit. is in French
        ends.append(end)
        start = end
    return _cut(text, ends)


# --- French ----------------------------------------------------------------------------------------

_FR_TERMINAL_RUN = re.compile(r"[.!?…]+")
_FR_TERMINALS = ".!?…"
_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_LOWER = "a-zß-öø-ÿœ"
# After whitespace, a new sentence opens with a capital, a digit, a quote, a bracket or a dash.
_FR_NEXT_START = re.compile(rf"\s+(?=[{_UPPER}0-9«\"“‘(\[—–])")
# "politiques.Renforcer", "l’étranger.S’efforcer": a missing space before a capitalised word.
_FR_GLUED_NEXT = re.compile(rf"[{_UPPER}](?:[{_LOWER}]|['’][{_LOWER}])")
_FR_LOWER_WORD = re.compile(rf"(?<![{_UPPER}{_LOWER}])[{_LOWER}]{{2,}}$")  # a whole lowercase word

# Abbreviations that never end a sentence ("c." and "v." as in "Roe c. Wade"). Titles are case-sensitive
# ("Me" Maître, not "me").
_FR_TITLES = frozenset("M MM Mme Mmes Mlle Mlles Dr Drs Me Mes Pr Prs St Ste Sts Stes".split())
_FR_ABBREVIATIONS = frozenset(
    """art al p pp n° no nos vol vols chap ch cf etc éd ed av bd boul fig ex env ibid op cit
    réf coll dir trad suiv sq sqq tél c.-à-d i.e e.g p.ex c v vs
    janv févr fév avr juil sept oct nov déc""".split()
)
_FR_INITIALS = re.compile(rf"(?:[{_UPPER}]\.-?)*[{_UPPER}]$")  # J  J.-P  U.S
_FR_ENUMERATOR = re.compile(r"[(\[]?(?:\d{1,3}|[IVXLC]{1,5}|[a-zA-Z])$")  # "1. Le", "II. La", "a. Le"
_NUMBER = re.compile(r"\d+$")
_ELISION = re.compile(r"^(?:[cdjlmnstCDJLMNST]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’](?=\w)")  # l'art. → art.


def _token_before(text: str, pos: int) -> str:
    """The whitespace-delimited token ending at `pos`, without opening quotes or brackets."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return _ELISION.sub("", text[start:pos].lstrip("«\"“‘(["))


def _fr_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial rather than a sentence."""
    token = _token_before(text, dot)
    if token in _FR_TITLES or _FR_INITIALS.fullmatch(token):
        return True
    word = token.lower()
    if word == "sept":  # "sept." is also the number seven: a month only next to a day or a year
        words_before = text[: dot - len(token)].split()
        after = text[dot + 1 :].lstrip()[:1]
        return bool(words_before and _NUMBER.search(words_before[-1])) or after.isdigit()
    return word in _FR_ABBREVIATIONS


def _in_url_or_email(text: str, pos: int) -> bool:
    """True when the whitespace-delimited token around `pos` is a URL or an e-mail address."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end]
    return "://" in token or "@" in token or token.lower().startswith("www.")


def _fr_sentence_ends(text: str, start: int, match: re.Match[str], end: int) -> bool:
    """Whether the terminal run `match` (closers included up to `end`) ends the sentence begun at `start`."""
    run = match.group()
    if _FR_NEXT_START.match(text, end):
        if run == "." and _fr_abbreviation(text, match.start()):
            return False
        return not _FR_ENUMERATOR.fullmatch(text[start : match.start()].strip())
    # a missing space after the period: "politiques.Renforcer"
    return (
        run == "."
        and end == match.end()
        and bool(_FR_GLUED_NEXT.match(text, end))
        and bool(_FR_LOWER_WORD.search(text, start, match.start()))
        and not _fr_abbreviation(text, match.start())
        and not _in_url_or_email(text, match.start())
    )


def _split_fr(text: str) -> list[str]:
    ends: list[int] = []
    start = 0
    for match in _FR_TERMINAL_RUN.finditer(text):
        if match.start() < start:
            continue  # already swallowed by the previous boundary
        end = _absorb_closers(text, start, match.end(), _FR_TERMINALS)
        if _fr_sentence_ends(text, start, match, end):
            ends.append(end)
            start = end
    return _cut(text, ends)


# --- public ----------------------------------------------------------------------------------------


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into stripped sentences (see the module docstring for the exact contract)."""
    if lang == ZH:
        return _split_zh(text)
    if lang == FR:
        return _split_fr(text)
    raise ValueError(f"no sentence splitter for language {lang!r}")


def document_sentences(doc: Document) -> list[Sentence]:
    """All sentences of a document, numbered from 0; a presplit document gives one sentence per paragraph."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(doc.paragraphs):
        pieces = [paragraph] if doc.presplit else split_sentences(paragraph, doc.lang)
        for piece in pieces:
            sentences.append(Sentence(text=piece, index=len(sentences), paragraph=paragraph_index))
    return sentences
