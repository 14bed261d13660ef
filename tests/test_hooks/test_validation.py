"""The bad-input catalogue (tests/catalogue.py) against a real strict MkDocs build: every
malformed page stops the build with file:line and a fix before anything is written to the
site directory, and ``python -m handbook check`` reports the same problems without building.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from catalogue import CASES, GOOD, IDS, PAGE, Case
from handbook.cli import main as handbook_main
from support import build_project

REPORTED_RE = re.compile(r"^  (\S+:\d+: .*)$", re.MULTILINE)


def build_error(config: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build, expect failure, return everything MkDocs told the user about it."""
    with pytest.raises((PluginError, Abort)) as info:
        build_project(config)
    return f"{caplog.text}\n{info.value}"


def check_output(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[str]]:
    """Run ``python -m handbook check`` on a throw-away project; (exit code, problems)."""
    capsys.readouterr()
    code = handbook_main(["--root", str(config.parent), "check"])
    return code, set(capsys.readouterr().out.splitlines())


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_build_stops_before_writing(case: Case, make_project, caplog, capsys) -> None:
    config = make_project({PAGE: case.page()})
    site = config.parent / "site"
    message = build_error(config, caplog)
    assert f"docs/{PAGE}:{case.line()}: " in message
    assert case.expect in message
    assert "Traceback" not in message
    assert not site.exists(), "a failed build must not leave a half-written site"
    # `handbook check` reports what the build reported (and, since the build stops before
    # its glossary lint, the glossary's own problems beside them).
    built = set(REPORTED_RE.findall(message))
    code, checked = check_output(config, capsys)
    assert code == 1 and built
    assert built <= checked
    assert all(p.startswith("data/glossary.yml:") for p in checked - built), checked - built


@pytest.mark.build
def test_duplicate_id_across_pages(make_project, caplog) -> None:
    other = GOOD.replace("{#f1-is-a-harmonic-mean}", "{#another-question}").replace(
        "[[f1-is-a-harmonic-mean]]", "[[another-question]]"
    )
    config = make_project({PAGE: GOOD, "questions/other.md": other})
    message = build_error(config, caplog)
    line = next(n for n, ln in enumerate(other.split("\n"), 1) if "{#precision-vs-recall}" in ln)
    assert f"docs/questions/other.md:{line}: duplicate id 'precision-vs-recall'" in message
    assert f"first used at docs/{PAGE}:" in message


@pytest.mark.build
def test_bad_latex_stops_the_build_with_file_and_line(make_project, caplog) -> None:
    bad = GOOD.replace("$F_1 \\approx 0.18$", "$F_1 \\approx \\frac{1}{$")
    config = make_project({PAGE: bad})
    message = build_error(config, caplog)
    line = next(n for n, ln in enumerate(bad.split("\n"), 1) if "\\frac{1}{" in ln)
    assert f"docs/{PAGE}:{line}: cannot render the formula" in message


@pytest.mark.build
def test_unknown_latex_command_is_an_error(make_project, caplog) -> None:
    bad = GOOD.replace("$F_1 \\approx 0.18$", "$\\notacommand{x}$")
    config = make_project({PAGE: bad})
    assert "uses '\\notacommand'" in build_error(config, caplog)


@pytest.mark.build
def test_problems_on_other_pages_are_caught(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD, "about.md": "# About\n\n<!-- handbook: nope -->\n"})
    assert "docs/about.md:3: unknown marker" in build_error(config, caplog)


@pytest.mark.build
def test_check_reports_what_the_build_reports_across_pages(make_project, caplog, capsys) -> None:
    other = GOOD.replace("{#f1-is-a-harmonic-mean}", "{#another-question}")
    about = "# About\n\n<!-- handbook: nope -->\n\nSee [[no-such-id]].\n"
    config = make_project({PAGE: GOOD, "questions/other.md": other, "about.md": about})
    built = set(REPORTED_RE.findall(build_error(config, caplog)))
    code, checked = check_output(config, capsys)
    assert code == 1 and len(built) >= 3
    assert built <= checked


@pytest.mark.build
def test_check_reports_glossary_problems_as_the_build_does(make_project, caplog, capsys) -> None:
    page = GOOD.replace("Questions about metrics.", "Questions about [[term:Dice score]].")
    config = make_project({PAGE: page})
    built = set(REPORTED_RE.findall(build_error(config, caplog)))
    code, checked = check_output(config, capsys)
    assert code == 1 and built and built == checked


@pytest.mark.build
def test_a_bad_glossary_stops_the_build_with_its_line(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD})
    glossary_file = config.parent / "data" / "glossary.yml"
    glossary_file.write_text(
        glossary_file.read_text(encoding="utf-8")
        + "- term: F1\n  tooltip: again\n  definition: again\n",
        encoding="utf-8",
    )
    message = build_error(config, caplog)
    assert "data/glossary.yml:7: 'F1' is already defined by 'F1 score' (line 2)" in message
    assert not (config.parent / "site").exists()


@pytest.mark.build
def test_an_unknown_explicit_term_stops_the_build(make_project, caplog) -> None:
    page = GOOD.replace("Questions about metrics.", "Questions about [[term:Dice score]].")
    config = make_project({PAGE: page})
    line = next(n for n, ln in enumerate(page.split("\n"), 1) if "[[term:Dice score]]" in ln)
    message = build_error(config, caplog)
    assert f"docs/{PAGE}:{line}: [[term:Dice score]] names a term that is not in the glossary" in (
        message
    )


@pytest.mark.build
def test_unknown_question_link_on_another_page_stops_the_build(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD, "about.md": "# About\n\nSee [[no-such-id]].\n"})
    assert "docs/about.md:3: [[no-such-id]] links to an unknown question id" in build_error(
        config, caplog
    )


@pytest.mark.build
def test_bad_latex_in_the_glossary_points_at_the_glossary(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD})
    glossary_file = config.parent / "data" / "glossary.yml"
    text = glossary_file.read_text(encoding="utf-8").replace("$F_1 = 2PR/(P+R)$", "$\\frac{2PR}{$")
    glossary_file.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.split("\n"), 1) if "\\frac{2PR}{" in ln)
    assert f"data/glossary.yml:{line}: cannot render the formula" in build_error(config, caplog)


@pytest.mark.build
def test_a_scaffolded_question_stops_the_build_until_filled(make_project, caplog, capsys) -> None:
    config = make_project({PAGE: GOOD})
    args = ["--root", str(config.parent), "new", "--category", "metrics", "--question", "Why?"]
    assert handbook_main(args) == 0
    message = build_error(config, caplog)
    built = set(REPORTED_RE.findall(message))
    assert len(built) == 6 and all("replace this stub with" in p for p in built)
    assert not (config.parent / "site").exists()
    assert check_output(config, capsys) == (1, built)
