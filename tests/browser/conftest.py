"""A real Chromium (Debian's, never a downloaded one) against the built site on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handbook.pdf import CHROMIUM_FLAGS as FLAGS
from handbook.pdf import find_chromium
from handbook.static_server import serve

CHROMIUM = find_chromium() or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site served gzip-compressed, as a static host serves it."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is missing: install Debian's package (apt-get install chromium); "
            ".ci/run does this on CI"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
