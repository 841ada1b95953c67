"""Consistency findings on a small real-looking fixture (tests/fixtures/check) and on edge cases."""
from __future__ import annotations

import csv

import pytest

from align.types import Bead
from glossary.check import Finding, check_pairs
from glossary.types import GlossaryEntry
from conftest import FIXTURES

CHECK = FIXTURES / "check"


def fixture_entries() -> list[GlossaryEntry]:
    with open(CHECK / "glossary.csv", encoding="utf-8", newline="") as handle:
        return [GlossaryEntry(zh=row["zh-CN"], fr=row["fr-FR"], status=row["status"]) for row in csv.DictReader(handle)]


def fixture_pairs() -> list[tuple[str, str]]:
    lines = (CHECK / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t")) for line in lines]


def summary(findings: list[Finding]) -> list[tuple[int, str, str]]:
    return [(f.segment, f.kind, f.zh_term) for f in findings]


def test_fixture_findings_are_exactly_the_planted_errors():
    findings = check_pairs(fixture_pairs(), fixture_entries())
    # Segments are numbered from 1. The proposed rendering of 党组书记 takes no part (statuses approved and
    # deprecated), so segment 5 is only missing its approved form, not also "inconsistent".
    assert summary(findings) == [
        (3, "forbidden", "律师"),
        (4, "missing", "司法局"),
        (5, "missing", "党组书记"),
        (7, "reverse", "律师"),
    ]
    forbidden, missing, _, reverse = findings
    assert forbidden.expected == ["avocat"] and forbidden.found == ["juristes"]
    assert forbidden.fr[slice(*forbidden.spans["fr"][0])] == "juristes"
    assert forbidden.zh[slice(*forbidden.spans["zh"][0])] == "律师"
    assert missing.expected == ["bureau de la justice"] and missing.found == []
    assert reverse.found == ["avocats"] and reverse.spans["zh"] == []
    with_proposed = check_pairs(fixture_pairs(), fixture_entries(), statuses=("approved", "deprecated", "proposed"))
    inconsistent = [f for f in with_proposed if f.kind == "inconsistent"]
    assert inconsistent == []  # both renderings of 党组书记 are accepted forms then


def test_findings_from_beads_equal_findings_from_tuples():
    pairs = fixture_pairs()
    beads = [Bead((i,), (i,), zh, fr, 1.0) for i, (zh, fr) in enumerate(pairs)]
    from_beads, from_tuples = check_pairs(beads, fixture_entries()), check_pairs(pairs, fixture_entries())
    assert [f.source for f in from_beads][0] == "zh 3 · fr 3" and all(f.source == "" for f in from_tuples)
    for finding in from_beads:
        finding.source = ""
    assert from_beads == from_tuples


def test_segments_are_numbered_by_chinese_sentence_whatever_the_input_leaves_out():
    # An aligned document has a 0-1 bead that a TMX of the same alignment leaves out: the same sentence
    # must get the same number from both.
    entries = [GlossaryEntry("律师", "avocat", "approved")]
    document = [Bead((0,), (0,), "会议开始。", "La réunion commence.", 1.0), Bead((), (1,), "", "Bonjour.", 0.5),
                Bead((1,), (2,), "律师发言。", "Le juriste parle.", 1.0)]
    from_tmx = [document[0], document[2]]
    numbered = [(f.segment, f.source) for f in check_pairs(document, entries)]
    assert numbered == [(2, "zh 2 · fr 3")] == [(f.segment, f.source) for f in check_pairs(from_tmx, entries)]


def test_proposed_forms_count_as_expected_when_asked():
    findings = check_pairs(fixture_pairs(), fixture_entries(), statuses=("approved", "proposed", "deprecated"))
    assert (4, "missing", "党组书记") not in summary(findings)
    assert (4, "inconsistent", "党组书记") not in summary(findings)  # both forms are accepted now


def test_without_deprecated_status_a_deprecated_form_is_only_missing():
    findings = check_pairs(fixture_pairs(), fixture_entries(), statuses=("approved",))
    assert (3, "missing", "律师") in summary(findings)
    assert not any(f.kind == "forbidden" for f in findings)


def test_inconsistent_without_an_approved_form_reports_the_minority_renderings():
    entries = [GlossaryEntry("党组书记", "secrétaire du groupe du parti", "proposed",
                             variants={"secrétaire du comité du parti": 2})]
    pairs = [("党组书记讲话", "Le secrétaire du groupe du parti a parlé"),
             ("党组书记讲话", "Les secrétaires du groupe du parti ont parlé"),
             ("党组书记讲话", "Le secrétaire du comité du parti a parlé"),
             ("党组书记讲话", "Il a parlé")]
    assert check_pairs(pairs, entries) == []  # a proposed entry takes part only when asked for
    findings = check_pairs(pairs, entries, statuses=("approved", "proposed"))
    assert summary(findings) == [(3, "missing", "党组书记"), (3, "inconsistent", "党组书记"), (4, "missing", "党组书记")]
    assert findings[1].counts == {"secrétaire du groupe du parti": 2, "secrétaire du comité du parti": 1}


def test_a_single_rendering_is_consistent_and_rejected_entries_are_ignored():
    entries = [GlossaryEntry("会议", "réunion", "proposed"), GlossaryEntry("会议", "conférence", "rejected")]
    pairs = [("会议开始", "La réunion commence"), ("会议结束", "La conférence se termine")]
    assert check_pairs(pairs, entries) == []


def test_longest_chinese_term_decides_what_is_expected():
    entries = [GlossaryEntry("律师", "avocat", "approved"),
               GlossaryEntry("律师协会", "association des avocats", "approved")]
    findings = check_pairs([("律师协会开会", "Le barreau se réunit")], entries)
    assert summary(findings) == [(1, "missing", "律师协会")]  # not also 律师


def test_reverse_ignores_a_french_term_inside_a_longer_one_and_unaligned_pairs_are_skipped():
    entries = [GlossaryEntry("权利", "droit", "approved"), GlossaryEntry("人权", "droits de l'homme", "approved")]
    pairs = [("保护人权", "protéger les droits de l’homme"), ("", "le droit"), ("权利", "")]
    assert check_pairs(pairs, entries) == []
    assert summary(check_pairs([("保护", "le droit")], entries)) == [(1, "reverse", "权利")]


def test_reverse_needs_the_chinese_term_really_absent_not_just_its_word_order():
    entries = [GlossaryEntry("环境污染", "pollution de l'environnement", "approved")]
    assert check_pairs([("要防止污染环境。", "Il faut prévenir la pollution de l'environnement.")], entries) == []
    findings = check_pairs([("要防止污染。", "Il faut prévenir la pollution de l'environnement.")], entries)
    assert summary(findings) == [(1, "reverse", "环境污染")]


def test_inflected_renderings_are_one_rendering_for_every_finding_kind():
    entries = [GlossaryEntry("审结", "jugé", "approved")]
    pairs = [("案件审结。", "L'affaire est jugée."), ("案件审结。", "Les affaires sont jugées."),
             ("案件审结。", "Affaires Jugées."), ("案件审结。", "Le dossier est jugé.")]
    assert check_pairs(pairs, entries) == []


def test_traditional_chinese_and_inflected_french_are_clean():
    entries = [GlossaryEntry("律师协会", "association des avocats", "approved")]
    pairs = [("重慶市律師協會", "les associations d’avocates de Chongqing")]
    assert check_pairs(pairs, entries) == []


def test_findings_serialise_to_plain_json():
    finding = check_pairs([("律师", "un juriste")], [GlossaryEntry("律师", "avocat", "approved"),
                                                    GlossaryEntry("律师", "juriste", "deprecated")])[0]
    data = finding.to_dict()
    assert data["segment"] == 1 and data["kind"] == "forbidden" and data["spans"]["fr"] == [[3, 10]]
    assert "source" in data


def test_fixture_glossary_loads_through_the_importer():
    imports = pytest.importorskip("glossary.imports")
    loaded = imports.load_glossary(CHECK / "glossary.csv")
    assert {(e.zh, e.fr, e.status) for e in loaded} == {(e.zh, e.fr, e.status) for e in fixture_entries()}


def test_real_un_sdg_text_follows_its_own_terms_and_injected_errors_are_found():
    from conftest import SHARED_DATA

    path = SHARED_DATA / "un_sdg" / "un_sdg_zh_fr.tsv"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    pairs = [(row[2], row[3]) for row in rows]  # the French is in decomposed Unicode (e + combining accent)
    entries = [GlossaryEntry("人权", "droits de l'homme", "approved"), GlossaryEntry("可再生", "renouvelable", "approved"),
               GlossaryEntry("疟疾", "paludisme", "approved"), GlossaryEntry("疟疾", "malaria", "deprecated"),
               GlossaryEntry("结核病", "tuberculose", "approved"), GlossaryEntry("饮用水", "eau potable", "approved")]
    assert check_pairs(pairs, entries) == []
    malaria = next(i for i, (zh, _) in enumerate(pairs) if "疟疾" in zh)
    water = next(i for i, (zh, _) in enumerate(pairs) if "饮用水" in zh)
    broken = list(pairs)
    broken[malaria] = (pairs[malaria][0], pairs[malaria][1].replace("paludisme", "malaria"))
    broken[water] = (pairs[water][0], pairs[water][1].replace("eau potable", "eau"))
    # findings number segments from 1, like every report
    assert summary(check_pairs(broken, entries)) == sorted([(malaria + 1, "forbidden", "疟疾"), (water + 1, "missing", "饮用水")])


@pytest.mark.parametrize("suffix", [".xlsx", ".tbx", ".csv"])
def test_an_exported_glossary_gives_the_same_findings(tmp_path, suffix):
    exports = pytest.importorskip("glossary.exports")
    imports = pytest.importorskip("glossary.imports")
    entries = [e for e in fixture_entries() if e.status in ("approved", "deprecated")]
    path = tmp_path / f"glossary{suffix}"
    exports.export_glossary(entries, path)
    loaded = imports.load_glossary(path)
    if suffix == ".csv" and not any(e.status == "deprecated" for e in loaded):
        entries = [e for e in entries if e.status == "approved"]  # a DeepL-style CSV carries approved terms only
    assert summary(check_pairs(fixture_pairs(), loaded)) == summary(check_pairs(fixture_pairs(), entries))


def test_a_deprecated_spelling_that_matches_like_the_approved_form_is_not_forbidden():
    entries = [GlossaryEntry("律师", "avocat", "approved"), GlossaryEntry("律师", "Avocats", "deprecated")]
    assert check_pairs([("律师", "les avocats")], entries) == []


@pytest.mark.parametrize("suffix", [".db", ".xlsx", ".tbx", ".csv", ".txt"])
def test_only_the_statuses_asked_for_take_part_whatever_the_glossary_file(tmp_path, suffix):
    # 15 approved / 162 proposed in the field gave 22 "inconsistent" findings from proposals: every glossary
    # source must keep unreviewed entries out unless --statuses asks for them.
    from glossary.exports import export_glossary
    from glossary.imports import load_glossary
    from glossary.store import GlossaryStore

    entries = [GlossaryEntry("律师", "avocat", "approved"),
               GlossaryEntry("会议", "réunion", "proposed", variants={"conférence": 1}),
               GlossaryEntry("司法局", "bureau judiciaire", "proposed")]
    pairs = [("会议开始", "La réunion commence"), ("会议结束", "La conférence se termine"),
             ("司法局开会", "Le bureau de la justice se réunit"), ("律师出席", "Les avocats sont là")]
    path = tmp_path / f"glossary{suffix}"
    if suffix == ".db":
        with GlossaryStore(path) as store:
            for entry in entries:
                store.add(entry, who="t")
    else:
        export_glossary(entries, path)
    loaded = load_glossary(path)
    assert {e.status for e in loaded} == {"approved", "proposed"}
    assert check_pairs(pairs, loaded) == []  # approved only: 律师 is rendered right, the rest takes no part
    with_proposed = summary(check_pairs(pairs, loaded, statuses=("approved", "proposed")))
    assert (3, "missing", "司法局") in with_proposed
