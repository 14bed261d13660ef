"""Accessibility fixes to Material's output that configuration cannot make.

Material's search panel is a ``role="dialog"`` without an accessible name (Lighthouse and axe:
"ARIA dialog elements must have accessible names"). This names it. Everything else is done in
CSS (docs/stylesheets/extra.css) or by configuration.
"""

from __future__ import annotations

from typing import Any

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return label_search_dialog(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return label_search_dialog(output_content)  # 404.html and other static templates


def label_search_dialog(html: str) -> str:
    """Give Material's search dialog an accessible name (idempotent)."""
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
