"""A pytest plugin (``-p timeouts`` in pyproject.toml): a tighter limit for examples.

Tests run under pytest-timeout's ``timeout`` from pyproject.toml. A doctest in ``snippets/`` or
a Markdown example in ``docs/`` should take milliseconds, so each gets ``EXAMPLE_TIMEOUT``
seconds (``HANDBOOK_EXAMPLE_TIMEOUT`` overrides it): an example that never returns fails with
its own name well before CI's limit.
"""

from __future__ import annotations

import os

import pytest

EXAMPLE_TIMEOUT = float(os.environ.get("HANDBOOK_EXAMPLE_TIMEOUT", "60"))


def is_example(item: pytest.Item) -> bool:
    """A docstring doctest (pytest's DoctestItem) or a Markdown example (Sybil's item)."""
    kind = type(item)
    return kind.__name__ == "DoctestItem" or kind.__module__.startswith("sybil.")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if is_example(item) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(EXAMPLE_TIMEOUT))
