"""Chinese term candidates: jieba words with parts of speech → noun phrases → C-value and termhood.

Noun phrases are maximal runs of nominal words (nouns, names, abbreviations, distinguishing
words, verbal nouns, verbs wedged between nouns), so institutional compounds stay whole
(市律师协会, 黔江区司法局, 法律职业共同体); every contiguous sub-phrase ending in a noun is a
candidate too, and C-value sorts the nested ones out. jieba's own dictionary frequencies are
the general-language background for termhood.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from align.errors import InputError

# jieba tags: n noun, nr person, ns place, nt organisation, nz other proper noun, ng noun morpheme,
# vn verbal noun, an adjectival noun, j abbreviation, b distinguishing word (副, 新型), l fixed phrase.
NOUN_TAGS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "j", "l"}
MODIFIER_TAGS = NOUN_TAGS | {"b"}
PERSON_TAGS = {"nr", "nrt", "nrfg"}
NAME_KINDS = {"nr": "person", "nrt": "person", "nrfg": "person", "ns": "place", "nt": "organisation"}
USER_TAG = "term"  # words a team taught us without a tag

MAX_WORDS = 4  # longer runs are descriptions, not terms
MAX_CHARS = 12

# Organisation heads: a phrase ending in one of these is an institution.
ORG_SUFFIXES = ("协会", "律协", "委员会", "工委", "局", "院", "厅", "部", "处", "署", "中心", "公司", "组织",
                "大学", "学院", "银行", "基金", "政府", "法院", "检察院", "办公室", "机构", "联合会", "党组")
PLACE_SUFFIXES = ("省", "市", "区", "县", "镇", "乡", "村", "州", "片区")

# Nouns that carry no terminology on their own (they stay inside compounds).
GENERIC_NOUNS = {
    "方面", "问题", "时候", "有关", "内容", "过程", "同志", "会议", "本网", "通讯员", "记者", "编辑", "来源", "阅读量", "时", "年", "月", "日", "等", "人", "者",
    "次", "个", "名", "位", "项", "件", "种", "类", "点", "些", "其中", "之一", "以上", "以下", "左右",
    "目前", "现在", "当前", "今年", "去年", "全年", "全体", "大家", "我们", "他们", "各位", "本次", "此次",
}
# Words jieba tags as abbreviations or nouns that head verb phrases in running text.
TAG_FIXES = {"深化": "v", "强化": "v", "优化": "v", "推进": "v", "加强": "v", "落实": "v", "保障": "v",
             "持续": "vd", "出席会议": "v", "召开": "v", "主持": "v", "依法": "d", "有关": "v", "相关": "v",
             "与会": "v", "高质量": "a"}
INSTITUTION_HEADS = ("中心", "机构", "机制", "制度", "平台", "委员会", "协会", "组织")

# jieba's dictionary tags thousands of four-character idioms and phrases as person names (司法公正,
# 石沉大海, 许可证书). A real name that long has a compound surname or is a transliteration, which is
# made mostly of the characters below; other long "names" are retagged as set phrases.
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "司徒", "令狐", "夏侯", "慕容", "尉迟", "公孙",
                     "长孙", "宇文", "轩辕", "端木", "南宫", "独孤", "西门", "百里")
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼宾波伯博布查达戴丹道德迪蒂丁东杜多厄恩尔法凡菲费芬丰佛弗夫福盖甘冈戈格"
    "古瓜圭哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯孔库夸奎拉莱兰朗劳勒雷蕾里利莉林琳隆卢鲁伦罗洛马玛"
    "迈麦曼芒梅美蒙米明摩莫默姆穆纳娜奈内妮尼努诺欧帕潘佩彭皮普奇恰乔切钦琼丘萨塞桑瑟森沙莎尚舍什施斯松苏索"
    "塔泰坦汤唐特滕提廷托图瓦万旺威韦维温沃乌伍西希锡夏辛休雅亚延扬耶伊因英尤约泽扎詹兹茨次丽娅琪露茜黛")


def looks_like_long_name(word: str) -> bool:
    """Whether a dictionary word of four or more characters tagged as a person can really be a name."""
    return word.startswith(COMPOUND_SURNAMES) or sum(ch in TRANSLITERATION_CHARS for ch in word) * 2 > len(word)

# Single verbs and adjectives are candidates too (加强 ↔ renforcer, 可持续 ↔ durable), except light ones.
VERB_TAGS = {"v"}
ADJECTIVE_TAGS = {"a", "b"}
LIGHT_WORDS = {"进行", "是", "有", "要", "会", "能", "可以", "可能", "需要", "应该", "应当", "必须", "没有", "作为",
               "成为", "认为", "表示", "指出", "开展", "参加", "出席", "召开", "举行", "相关", "有关", "一般",
               "主要", "重要", "一定", "不同", "其他", "所有", "一些", "各种", "这种", "等等", "来自", "包括",
               "得到", "实现", "使用", "通过", "进一步", "强调", "要求", "希望", "发表", "介绍", "了解", "积极"}

JUNK = re.compile(r"^(?:[\d０-９〇零一二三四五六七八九十百千万亿两几]+[年月日号时分秒%％例个名位次倍元]*"
                  r"|.*[\d０-９%％].*|第.*|[A-Za-z]{1,2})$")
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ZhTerm:
    """A Chinese candidate with its corpus statistics."""

    text: str
    kind: str = "term"  # "term", "person", "place", "organisation", "verb", "adjective"
    freq: int = 0  # occurrences in the corpus
    words: tuple[str, ...] = ()  # jieba words it is made of
    cvalue: float = 0.0
    termhood: float = 0.0  # in [0, 1]
    score: float = 0.0  # monolingual rank score in [0, 1]


@dataclass
class ZhAnalysis:
    """Per-text occurrences (term → count) and the corpus-wide terms."""

    occurrences: list[Counter] = field(default_factory=list)
    terms: dict[str, ZhTerm] = field(default_factory=dict)


def _quiet_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=4)
def tagger(user_dict: str | None = None):
    """A private jieba POS tokenizer (the global one stays untouched), with the user dictionary loaded."""
    jieba = _quiet_jieba()
    import jieba.posseg as posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    pos = posseg.POSTokenizer(tokenizer)
    for word, tag in list(pos.word_tag_tab.items()):
        if tag == "nr" and len(word) >= 4 and not looks_like_long_name(word):
            pos.word_tag_tab[word] = "l"
    for word, tag in TAG_FIXES.items():
        pos.word_tag_tab[word] = tag
    if user_dict:
        load_user_dict(pos, Path(user_dict))
    return pos


def load_user_dict(pos, path: Path) -> None:
    """Teach the tokenizer a team's terms: jieba format, `word [freq] [tag]` per line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(path, "user dictionary not found") from None
    except UnicodeDecodeError:
        raise InputError(path, "user dictionary is not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts or line.lstrip().startswith("#"):
            continue
        word, rest = parts[0], parts[1:]
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        tag = next((p for p in rest if not p.isdigit()), USER_TAG)
        if len(parts) > 3 or not CJK.search(word):
            raise InputError(path, f"line {number}: expected 'word [freq] [tag]' with a Chinese word")
        pos.tokenizer.add_word(word, freq, tag)
        pos.word_tag_tab[word] = tag


def background_frequency(word: str, user_dict: str | None = None) -> tuple[int, int]:
    """(frequency of `word` in jieba's general-language dictionary, dictionary total)."""
    tokenizer = tagger(user_dict).tokenizer
    return tokenizer.FREQ.get(word, 0), tokenizer.total


def _phrases(tagged: list[tuple[str, str]]) -> list[tuple[tuple[str, ...], str]]:
    """Candidate phrases (words, kind) in one tagged text: every nominal sub-run ending in a noun."""
    runs: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def close():
        nonlocal current
        if current:
            runs.append(current)
        current = []

    for i, (word, tag) in enumerate(tagged):
        nominal = tag in MODIFIER_TAGS or tag == USER_TAG
        nxt = tagged[i + 1][0] if i + 1 < len(tagged) else ""
        # a verb before an institution head belongs to its name (调解 in 商事调解中心)
        if tag == "v" and current and current[-1][1] in NOUN_TAGS and nxt in INSTITUTION_HEADS:
            nominal = True
        if not nominal or not CJK.search(word):
            close()
        elif tag in PERSON_TAGS or tag == "l":  # person names and set phrases stand alone
            close()
            runs.append([(word, tag)])
        else:
            current.append((word, tag))
    close()
    found = []
    for run in runs:
        for end in range(len(run)):
            word, tag = run[end]
            if tag not in NOUN_TAGS and tag != USER_TAG:
                continue
            for start in range(max(0, end - MAX_WORDS + 1), end + 1):
                span = run[start:end + 1]
                words = tuple(w for w, _ in span)
                text = "".join(words)
                if len(text) > MAX_CHARS or len(span) == 1 and span[0][1] == "b":
                    continue
                # verbal nouns open verb phrases (研究解决…, 服务经济…) and close most of them (…发展)
                if len(span) > 1 and (span[0][1] == "vn" or span[-1][1] == "vn" and len(span) > 2):
                    continue
                found.append((words, _kind(span)))
    for word, tag in tagged:
        if len(word) >= 2 and CJK.search(word) and word not in LIGHT_WORDS:
            if tag in VERB_TAGS:
                found.append(((word,), "verb"))
            elif tag in ADJECTIVE_TAGS:
                found.append(((word,), "adjective"))
    return found


def _kind(tagged: list[tuple[str, str]]) -> str:
    text = "".join(w for w, _ in tagged)
    last_tag = tagged[-1][1]
    if len(tagged) == 1 and last_tag in NAME_KINDS:
        return NAME_KINDS[last_tag]
    if last_tag == "nt" or text.endswith(ORG_SUFFIXES) and any(t in ("ns", "nt", "j") for _, t in tagged):
        return "organisation"
    if all(t == "ns" for _, t in tagged) or tagged[0][1] == "ns" and text.endswith(PLACE_SUFFIXES):
        return "place"
    return "term"


def is_junk(text: str, words: tuple[str, ...], user_terms: set[str] = frozenset()) -> bool:
    """Numbers, dates, percentages, lone characters, generic words: never candidates."""
    if text in user_terms:
        return False
    if len(text) < 2 or JUNK.match(text) or text in GENERIC_NOUNS:
        return True
    # a compound that starts with a lone measure/demonstrative character is a fragment (各区县, 本院)
    return words[0] in {"各", "本", "该", "此", "每", "其", "另", "有", "无", "等"}


def analyse(texts: list[str], user_dict: str | None = None, progress=None) -> ZhAnalysis:
    """Candidates in each text and their corpus statistics (frequency, C-value, termhood, score)."""
    pos = tagger(str(user_dict) if user_dict else None)
    user_terms = {w for w, t in pos.word_tag_tab.items() if t == USER_TAG}
    result = ZhAnalysis()
    freq: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    words_of: dict[str, tuple[str, ...]] = {}
    for text in texts:
        counts: Counter = Counter()
        for words, kind in _phrases([(w, f) for w, f in pos.cut(text)]):
            term = "".join(words)
            if is_junk(term, words, user_terms):
                continue
            counts[term] += 1
            kinds[term][kind] += 1
            words_of.setdefault(term, words)
        result.occurrences.append(counts)
        freq.update(counts)
        if progress:
            progress()
    for term, f in freq.items():
        result.terms[term] = ZhTerm(term, kinds[term].most_common(1)[0][0], f, words_of[term])
    _rank(result.terms, pos.tokenizer)
    return result


def _rank(terms: dict[str, ZhTerm], tokenizer) -> None:
    """C-value over nested candidates, termhood against jieba's frequencies, combined into `score`."""
    # C-value (Frantzi et al.): log2(length) * (f(a) - mean f of the longer candidates containing a)
    containers: dict[str, list[int]] = defaultdict(list)
    for term in terms.values():
        for start in range(len(term.words)):
            for end in range(start + 1, len(term.words) + 1):
                inner = "".join(term.words[start:end])
                if inner != term.text and inner in terms:
                    containers[inner].append(term.freq)
    corpus_total = sum(t.freq for t in terms.values()) or 1
    max_cvalue = 1.0
    for term in terms.values():
        nested = containers.get(term.text, [])
        f = term.freq - (sum(nested) / len(nested) if nested else 0)
        term.cvalue = math.log2(len(term.text) + 1) * max(f, 0.0)
        max_cvalue = max(max_cvalue, term.cvalue)
        # general-language weirdness: how much more often than in jieba's balanced corpus
        background = (tokenizer.FREQ.get(term.text, 0) + 1) / tokenizer.total
        ratio = math.log((term.freq / corpus_total) / background)
        term.termhood = 1 / (1 + math.exp(-(ratio - 3) / 2))
    for term in terms.values():
        term.score = 0.5 * term.termhood + 0.5 * math.log1p(term.cvalue) / math.log1p(max_cvalue)
