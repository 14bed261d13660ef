"""Every internal link and anchor of the built site resolves; external links are reported."""

from __future__ import annotations

from pathlib import Path

import linkcheck
import pytest

pytestmark = pytest.mark.build


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken, external = linkcheck.check_site(built_site)
    assert broken == [], "\n".join(broken[:50])
    report = built_site.parent / "external-links.txt"
    report.write_text(linkcheck.external_report(external), encoding="utf-8")
    # The handbook cites official docs by URL: the report is never empty; nothing is fetched.
    assert any(url.startswith("https://") for url in external)


def test_the_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="b/">gone</a>'
        '<a href="a/#nowhere">bad anchor</a><a href="https://example.org/x">ext</a>'
        '<a href="mailto:x@example.org">mail</a><img src="img.png">',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">H</h2><a href="../">up</a>')
    broken, external = linkcheck.check_site(tmp_path)
    assert broken == [
        "index.html: b/ — no such file in the site",
        "index.html: a/#nowhere — no id 'nowhere' on that page",
        "index.html: img.png — no such file in the site",
    ]
    assert set(external) == {"https://example.org/x"}
    assert linkcheck.main([str(tmp_path)]) == 1
