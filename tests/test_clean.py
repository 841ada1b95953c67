"""Paragraph cleaning on the two real seed pages and on hand-made boilerplate and content lines."""
from __future__ import annotations

import csv

import pytest

from align.clean import RULES, boilerplate_reason, clean_paragraphs, normalise_space
from conftest import SEEDS, SHARED_DATA

REASONS = {"duplicate", "copyright", "record number", "hotline", "site notice", "byline", "page furniture", "empty"}


def seed_lines(name: str) -> list[str]:
    """The seed's paragraphs as the .txt reader gives them: every non-empty line, stripped."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_zh_seed_keeps_title_and_four_paragraphs_once():
    lines = seed_lines("yudongnan-lawyers-2022.zh.txt")
    kept, dropped = clean_paragraphs(lines, "zh")

    title = "渝东南片区律师执业权利保障工作联席座谈会召开"
    assert kept[0] == title
    assert len(kept) == 5
    assert kept[1].startswith("本网讯(通讯员 方勇)6月24日")
    assert kept[2].startswith("与会人员围绕依法保障律师执业权利")
    assert kept[3].startswith("会议强调,要充分认识律师群体")
    assert kept[4].startswith("会上,市四中法院与市律师协会签署了")
    assert kept[4].endswith("颁发了聘书。")
    assert kept == lines[:1] + lines[2:6]  # the article's own paragraphs, verbatim and in order

    reasons = [reason for _, reason in dropped]
    assert reasons == ["byline", "copyright", "record number", "hotline", "site notice"] + ["duplicate"] * 5
    assert dropped[0][0].startswith("时间: 2022-06-27 来源: 重庆法治报")
    assert dropped[3][0].startswith("重庆法治报社打击\"新闻敲诈\"举报电话")
    assert dropped[4][0].startswith("在线投稿")
    assert [paragraph for paragraph, _ in dropped[5:]] == kept  # the second copy of the article
    assert len(kept) + len(dropped) == len(lines)


def test_fr_seed_drops_its_two_lines_of_page_furniture():
    lines = seed_lines("chengdu-lawyers-2023.fr.txt")
    kept, dropped = clean_paragraphs(lines, "fr")

    assert dropped == [("Compte public WeChat", "page furniture"), ("Police :", "page furniture")]
    assert kept == lines[2:]
    assert len(kept) == 4
    # "comptes publics WeChat" inside a real sentence does not make its paragraph furniture
    assert any("comptes publics WeChat" in paragraph for paragraph in kept)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Copyright © 2021 人民网 版权所有", "copyright"),
        ("版权所有 © 2021 某某律师协会", "copyright"),
        ("© 2023 Barreau de Paris. Tous droits réservés.", "copyright"),
        ("京ICP备12345678号-1", "record number"),
        ("川公网安备 51010402001234号", "record number"),
        ("举报电话：12389", "hotline"),
        ("违法和不良信息举报电话：010-12345678", "hotline"),
        ("服务热线：400-123-4567", "hotline"),
        ("Tél. : 01 45 67 89 00", "hotline"),
        ("在线投稿 请使用系统指派指定账号密码登录进行投稿。", "site notice"),
        ("转载请注明出处", "site notice"),
        ("本网所有稿件未经授权，禁止转载或建立镜像", "site notice"),
        ("本网及网群刊发稿件,版权归重庆长安网所有", "copyright"),
        ("Abonnez-vous à notre newsletter", "site notice"),
        ("时间: 2022-06-27 来源: 重庆法治报 编辑: 万 先觉 阅读量:14978", "byline"),
        ("来源：新华社", "byline"),
        ("责任编辑：张三", "byline"),
        ("发布时间：2023-07-06 浏览次数：321", "byline"),
        ("Source : Xinhua", "byline"),
        ("Par Jean Dupont, envoyé spécial à Chengdu", "byline"),
        ("Publié le 6 juillet 2023", "byline"),
        ("Compte public WeChat", "page furniture"),
        ("Police :", "page furniture"),
        ("Police : A A+ A-", "page furniture"),
        ("Partager", "page furniture"),
        ("Partager sur Facebook", "page furniture"),
        ("Imprimer", "page furniture"),
        ("Haut de page", "page furniture"),
        ("上一篇：关于召开律师工作会议的通知", "page furniture"),
        ("【字体：大 中 小】", "page furniture"),
        ("分享到：", "page furniture"),
        ("", "empty"),
        ("\u3000 \t ", "empty"),
        ("* * *", "empty"),
    ],
)
def test_boilerplate_lines_are_dropped_with_their_reason(line, reason):
    kept, dropped = clean_paragraphs([line, "会议由黔江区司法局党组书记、局长李勇主持。"], "zh")
    assert kept == ["会议由黔江区司法局党组书记、局长李勇主持。"]
    assert dropped == [(normalise_space(line), reason)]


LONG_ZH = (
    "会议强调,要畅通律师反映问题的渠道,公布投诉举报电话023-88196822和网上受理平台,对律师反映的阻碍执业问题"
    "及时登记、及时转办、及时反馈,确保件件有回音、事事有着落,切实保障律师会见权、阅卷权、调查取证权和辩护辩论权,"
    "进一步健全律师执业权利保障联动机制,推动形成尊重律师、支持律师依法履职的良好氛围。"
)
LONG_FR = (
    "Il est nécessaire de faire connaître l’esprit de la réunion via des plateformes médiatiques telles que des "
    "sites web et des comptes publics WeChat, ainsi que par la ligne d’assistance (Tél. : 028-86 75 43 21) ouverte "
    "aux avocats de la ville, et de résumer rapidement les réponses positives des cabinets d’avocats."
)


@pytest.mark.parametrize(
    "line",
    [
        LONG_ZH,  # a hotline inside a long real paragraph
        LONG_FR,  # a phone number and "WeChat" inside a long real paragraph
        "市民可拨打12345热线反映问题。",
        "著作权人即版权所有人,依法享有相关权利。",
        "未经著作权人授权,不得复制、发行其作品。",
        "职务作品的版权归作者所有,但法人有权在其业务范围内优先使用。",
        "Le copyright américain protège les œuvres publiées après 1978.",
        "Par ailleurs, le conseil a décidé de renforcer la formation des jeunes avocats.",
        "Police : les agents ont été déployés devant le tribunal.",
        "Partager les bonnes pratiques est essentiel.",
        "Source de droit, la coutume reste importante dans ce domaine.",
        "本网讯(通讯员 方勇)6月24日,渝东南片区律师执业权利保障工作联席座谈会在黔江召开。",
        "第一条 为了完善律师制度,规范律师执业行为,制定本法。",
        # NTREX-128 news sentences (CC BY-SA 4.0) that give a phone number
        "任何知晓嫌疑人身份信息的人士应拨打纽波特警察局电话 859-292-3680 提供线索。",
        "如果你觉得自己坚持不下去了，你可以给撒玛利亚会拨打免费电话116 123(英国和爱尔兰)，"
        "发邮件给jo@samaritans.org，或者访问撒玛利亚会官方网站以获得帮助。",
    ],
)
def test_real_content_is_kept(line):
    kept, dropped = clean_paragraphs([line], "fr" if line.isascii() else "zh")
    assert kept == [line]
    assert dropped == []


def test_whitespace_is_normalised_but_text_otherwise_untouched():
    kept, _ = clean_paragraphs(["  \u3000\u3000会议强调,\u3000要 \t 充分认识\n律师群体。  ", "Quoi\u00a0? « Oui\u202f! »"], "zh")
    assert kept == ["会议强调, 要 充分认识 律师群体。", "Quoi\u00a0? « Oui\u202f! »"]  # NBSPs are typography


def test_duplicates_are_compared_after_whitespace_normalisation_and_order_is_kept():
    paragraphs = ["  第一段。", "第二段。", "第一段。\u3000", "Copyright 2020", "第三段。", "第二段。"]
    kept, dropped = clean_paragraphs(paragraphs, "zh")
    assert kept == ["第一段。", "第二段。", "第三段。"]
    assert dropped == [("第一段。", "duplicate"), ("Copyright 2020", "copyright"), ("第二段。", "duplicate")]


def test_rules_table_names_only_documented_reasons():
    assert {rule.reason for rule in RULES} <= REASONS
    assert all(rule.max_width <= 200 for rule in RULES)  # every rule has a length guard


@pytest.mark.parametrize(
    "relative",
    ["flores200_devtest/flores200_devtest_zh_fr.tsv", "ntrex128/ntrex128_zh_fr.tsv", "un_sdg/un_sdg_zh_fr.tsv",
     "tatoeba_fra_zho/tatoeba_test_zh_fr.tsv"],
)
def test_no_real_sentence_of_the_shared_data_is_taken_for_boilerplate(relative):
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    flagged = [(row[lang], reason) for row in rows for lang in ("zh", "fr")
               if (reason := boilerplate_reason(normalise_space(row[lang]))) is not None]
    assert flagged == []


def test_traditional_seed_page_is_cleaned_like_the_simplified_one():
    # A Big5 (traditional) copy of the Chinese seed page: the byline and "在線投稿" notice must go too.
    import opencc

    lines = [opencc.OpenCC("s2t").convert(line) for line in seed_lines("yudongnan-lawyers-2022.zh.txt")]
    kept, dropped = clean_paragraphs(lines, "zh")

    assert len(kept) == 5
    assert {reason for _, reason in dropped} >= {"byline", "site notice", "duplicate"}
    assert kept[0] == "渝東南片區律師執業權利保障工作聯席座談會召開"
