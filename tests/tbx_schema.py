"""Validate TBX files against the official TBX-Basic RNG and Schematron (tests/fixtures/schemas)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "schemas"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@lru_cache(maxsize=1)
def _relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBX-Basic_integrated_1.2.rng")))


@lru_cache(maxsize=1)
def _schematron():
    """The dialect's rules compiled to XSLT by lxml's ISO skeleton, run by Saxon-HE (XPath 2 as the rules need)."""
    from saxonche import PySaxonProcessor

    schema = etree.parse(str(SCHEMAS / "TBX-Basic_DCA.sch"))
    schema.getroot().set("queryBinding", "xslt")  # only so the skeleton accepts it; Saxon evaluates XPath 3.1
    compiled = isoschematron.iso_svrl_for_xslt1(isoschematron.iso_abstract_expand(
        isoschematron.iso_dsdl_include(schema)))
    processor = PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_text=etree.tostring(compiled, encoding="unicode"))
    return processor, executable


def tbx_problems(path: str | Path) -> list[str]:
    """Every RNG and Schematron error of a TBX file ([] when it is valid TBX-Basic)."""
    document = etree.parse(str(path))
    relaxng = _relaxng()
    problems = [f"RNG line {e.line}: {e.message}" for e in relaxng.error_log] if not relaxng.validate(document) else []
    _, executable = _schematron()
    report = etree.fromstring(executable.transform_to_string(source_file=str(Path(path).resolve())).encode())
    for failed in report.iter(f"{SVRL}failed-assert"):
        problems.append(f"Schematron {failed.get('location')}: {' '.join(failed.findtext(f'{SVRL}text').split())}")
    return problems
