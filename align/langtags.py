"""The BCP-47 language tags every writer puts on Chinese and French text (TMX, TBX, CSV headers, workbooks).

Chinese in Traditional characters is tagged zh-TW (the tag memoQ, Trados, Phrase and Google read for
Traditional Chinese), Simplified zh-CN; the user may set any other Chinese tag (`--zh-lang zh-HK`, `zh-Hant`).
"""
from __future__ import annotations

import re
from typing import Iterable

from .errors import InputError

ZH_DEFAULT, FR_DEFAULT = "zh-CN", "fr-FR"
ZH_BY_SCRIPT = {"simplified": "zh-CN", "traditional": "zh-TW"}
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def zh_tag_for_script(script: str) -> str:
    """zh-TW for Traditional characters, zh-CN otherwise."""
    return ZH_BY_SCRIPT.get(script, ZH_DEFAULT)


def zh_tag_for_texts(texts: Iterable[str], *, sample: int = 20000) -> str:
    """The Chinese tag the texts call for: zh-TW when they are written in Traditional characters."""
    from .language import chinese_script

    joined, size = [], 0
    for text in texts:
        joined.append(text)
        size += len(text)
        if size >= sample:
            break
    script, _ = chinese_script("".join(joined))
    return zh_tag_for_script(script)


def check_tag(tag: str, language: str, option: str = "") -> str:
    """`tag` if it is a BCP-47 tag for `language` ("zh" or "fr"); InputError naming the option otherwise."""
    text = (tag or "").strip()
    where = f"{option}: " if option else ""
    example = "zh-CN, zh-TW, zh-HK, zh-Hant" if language == "zh" else "fr-FR, fr-CA, fr-BE, fr-CH"
    if not _TAG.match(text):
        raise InputError(None, f"{where}'{tag}' is not a language tag (expected e.g. {example})")
    if text.split("-")[0].lower() not in ({"zh", "zho", "chi"} if language == "zh" else {"fr", "fra", "fre"}):
        raise InputError(None, f"{where}'{tag}' is not a {'Chinese' if language == 'zh' else 'French'} "
                               f"language tag (expected e.g. {example})")
    return text


def is_tag_of(header: str, language: str) -> bool:
    """True for a column header that is a language tag of `language` (zh-CN, zh_TW, ZH-Hant, fr, fr-CA …)."""
    text = (header or "").strip().replace("_", "-")
    if not _TAG.match(text):
        return False
    return text.split("-")[0].lower() == language
