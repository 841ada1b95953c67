"""Paragraph cleaning: whitespace normalisation, duplicate removal and site boilerplate removal.

Every rule below only fires on a short paragraph (its length guard), so a real paragraph that merely
mentions a phone number, a copyright or "WeChat" in passing is kept.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# ASCII whitespace and the ideographic space; NBSP and narrow NBSP are left alone (French typography).
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u3000]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


class Rule(NamedTuple):
    reason: str
    pattern: re.Pattern[str]
    max_width: int  # length guard (a Chinese character counts 2): longer paragraphs are content


def _rx(pattern: str) -> re.Pattern[str]:
    # Case-sensitive by default: "Par Jean Dupont" is a byline, "Par ailleurs" is not; (?i:…) where case is free.
    return re.compile(pattern, re.VERBOSE)


# A phone number: "023-88196826", "023 - 88196822", "(01) 45 67 89 00", "+33 1 45 67 89 00", "12345678";
# five-digit service numbers (12389) only right after "电话:" so "拨打12345热线反映问题" stays.
_PHONE = r"[(+]?\d[\d\s()+.\-–]{5,}\d"
_PHONE_LABEL = r"(?:电话|電話|热线|熱線|传真|傳真|(?i:\bT[ée]l(?:[ée]phone)?\b\.?|\bFax\b|\bHotline\b))"
# Chinese byline fields ("时间: … 来源: … 编辑: … 阅读量").
_ZH_BYLINE_FIELD = r"(?:发布时间|发布日期|来源|作者|责任编辑|编辑|责编|供稿|审核|阅读量|阅读数|阅读次数|浏览量|浏览次数|点击量|点击数|点击次数)"
_FR_BYLINE_FIELD = r"(?i:Sources?|Auteur(?:e|s)?|Rédaction|Date\s+de\s+publication|Crédits?\s+photo)"

# Checked in order; the first rule that fires names the reason.
RULES: tuple[Rule, ...] = (
    Rule("record number", _rx(r"""
        (?i:ICP)\s*[备證证] | 公网安备 | 公網安備 | 新闻信息服务许可证 | 经营许可证\s*[:：]?\s*\w*\d{4,}
        """), 200),
    # A labelled number ("举报电话:023 - 88196822"); without the colon only outside a finished sentence,
    # so "……应拨打纽波特警察局电话 859-292-3680 提供线索。" (NTREX news) stays.
    Rule("hotline", _rx(rf"""
        {_PHONE_LABEL}\s*[:：]\s*(?:{_PHONE}|\d{{5}})
        | ^(?!.*[。！？!?.]$).*?{_PHONE_LABEL}\s*{_PHONE}
        """), 160),
    # "le copyright américain" or "作品的版权归作者所有" is legal content: only a site's own notice is dropped.
    Rule("copyright", _rx(r"""
        ^(?i:Copyright) | (?i:Copyright)\s*(?:©|\([cC]\)|\d{4}) | ©\s*\d{4} | \d{4}\s*© | ^©
        | 版权所有(?![人者权]) | 版權所有 | 版权归(?:本网|本站|本报|[^\s,，。；;]{0,20}?(?:网|网站|报社|报|杂志社|电视台))所有
        | (?i:All\s+rights\s+reserved) | (?i:Tous\s+droits\s+(?:de\s+reproduction\s+)?réservés)
        """), 200),
    Rule("site notice", _rx(r"""
        ^(?:在线投稿|投稿邮箱|联系我们|关于我们|网站地图|免责声明|版权声明|网站声明|设为首页|加入收藏)
        | 转载请注明
        | (?:本网|本站|本报|本平台|本网站)(?:及网群)?.{0,12}(?:稿件|作品|内容).{0,12}(?:未经|禁止|不得|严禁|版权)
        | ^(?i:Abonnez-vous|Inscrivez-vous|S['’]abonner|Newsletter|Mentions\s+légales|Plan\s+du\s+site
              |Nous\s+contacter|Contactez-nous)\b
        | (?i:politique\s+de\s+(?:confidentialité|cookies))
        """), 200),
    Rule("byline", _rx(rf"""
        ^{_ZH_BYLINE_FIELD}\s*[:：]
        | ^(?:时间|日期)\s*[:：].{{0,60}}?{_ZH_BYLINE_FIELD}
        | ^{_FR_BYLINE_FIELD}\s*[:：]
        | ^(?i:Publié|Mis\s+à\s+jour)\s+le\s+\d
        | ^Par\s+[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*){{0,3}}\s*(?:[,|–—-].*)?$
        """), 150),
    # Whole-line matches only: these words are real content inside a sentence.
    Rule("page furniture", _rx(r"""
        ^(?i:Compte\s+public\s+WeChat|Comptes\s+publics\s+WeChat|Suivez-nous(?:\s+sur\s+\w+)?
            |Partager(?:\s+sur\s+\w+)?|Partager\s+cet\s+article|Imprimer(?:\s+cet\s+article)?
            |Envoyer(?:\s+à\s+un\s+ami)?|Retour(?:\s+en\s+haut)?|Haut\s+de\s+page|Accueil|Lire\s+aussi
            |Lire\s+la\s+suite|Voir\s+aussi|Article\s+(?:précédent|suivant)|Tweeter|Commentaires?|Fermer
            |Agrandir|Réduire|Taille\s+du\s+texte|Mots[-\s]clés\s*:.*)\s*:?$
        | ^Police\s*:(?:\s*[Aa][+-]?)*$
        | ^(?:分享到?|分享至|打印本页|打印|关闭窗口|关闭|返回顶部|返回|上一篇|下一篇|扫一扫|微信公众号|微信扫一扫|手机版|字号|字体)
          (?:\s*[:：].*)?$
        | ^【(?:字体|字号|打印|关闭|收藏|大|中|小)[^】]*】(?:\s*【[^】]*】)*$
        """), 120),
)


_WIDEST_GUARD = max(rule.max_width for rule in RULES)


def _width(text: str) -> int:
    """Length with CJK characters counted twice: a 95-character Chinese paragraph is long prose."""
    return len(text) + len(_CJK.findall(text))


def normalise_space(text: str) -> str:
    """Strip, and collapse internal runs of ASCII whitespace and ideographic spaces to one space."""
    return _SPACE_RUN.sub(" ", text).strip()


def boilerplate_reason(paragraph: str) -> str | None:
    """The reason a (normalised) paragraph is site boilerplate, or None when it is content."""
    if not any(ch.isalnum() for ch in paragraph):
        return "empty"
    width = _width(paragraph)
    if width > _WIDEST_GUARD:
        return None
    # The rules are written in simplified characters: a traditional page is judged on its simplified form.
    forms = [paragraph]
    if _CJK.search(paragraph):
        from .language import _converter

        simplified = _converter("t2s").convert(paragraph)
        forms += [simplified] if simplified != paragraph else []
    for rule in RULES:
        if width <= rule.max_width and any(rule.pattern.search(form) for form in forms):
            return rule.reason
    return None


def clean_paragraphs(paragraphs: list[str], lang: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Kept paragraphs (normalised, in order) and the dropped ones as (paragraph, reason)."""
    del lang  # the rules are written for both languages; kept in the signature for language-specific rules
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in paragraphs:
        paragraph = normalise_space(raw)
        reason = boilerplate_reason(paragraph)
        if reason is None and paragraph in seen:
            reason = "duplicate"
        if reason is not None:
            dropped.append((paragraph, reason))
            continue
        seen.add(paragraph)
        kept.append(paragraph)
    return kept, dropped
