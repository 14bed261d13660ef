"""Accessibility post-processing of Material's pages."""

from __future__ import annotations

import accessibility


def test_search_dialog_gets_an_accessible_name_once() -> None:
    html = f"<body>{accessibility.SEARCH_DIALOG}</div></body>"
    once = accessibility.label_search_dialog(html)
    assert 'role="dialog" aria-label="Search"' in once
    assert accessibility.label_search_dialog(once) == once
