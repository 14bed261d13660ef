"""The built site has a "What changed" page listing corrections by question, newest first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def test_what_changed_page_lists_dated_corrections(built_site: Path) -> None:
    html = (built_site / "changes" / "index.html").read_text(encoding="utf-8")
    corrections = html[html.index('id="corrections"') : html.index('id="new-questions"')]
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", corrections)
    assert dates, "no dated corrections listed"
    assert dates == sorted(dates, reverse=True), "corrections are not newest first"
    assert 'href="../questions/' in corrections
