"""The benchmark scripts' set-up stays loadable (their timings are not tested, only that the
configurations they build are valid)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from support import ROOT


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = dict(os.environ)  # the scripts set HANDBOOK_PDF=0 for themselves on import
    try:
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module


def test_the_plain_configurations_load_without_hooks(tmp_path: Path, monkeypatch) -> None:
    from mkdocs.config import load_config

    monkeypatch.setenv("HANDBOOK_NOTEBOOKS", "0")
    plain = load_script("plain.py")
    for search in (True, False):
        path = plain.plain_config(ROOT, tmp_path, search=search)
        config = load_config(str(path), site_dir=str(tmp_path / "s"))
        assert not [name for name in config.plugins if "hooks/" in name]
        assert ("material/search" in config.plugins) is search  # what the handbook replaces
        assert config.plugins["mkdocs-jupyter"].config["execute"] is False  # as in the hooked
        assert config["docs_dir"] == str(ROOT / "docs")


def test_the_synthetic_handbook_configuration_loads(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    bench = load_script("glossary.py")
    config = load_config(str(bench.synthetic_project(tmp_path, n_pages=3, n_terms=5)))
    assert any(name.endswith("glossary.py") for name in config.plugins)
    assert len(list((tmp_path / "docs").glob("page-*.md"))) == 3


def test_compare_sites_masks_only_build_dates(tmp_path: Path) -> None:
    import gzip

    compare = load_script("compare_sites.py")
    before, after = tmp_path / "before", tmp_path / "after"
    for site, day in ((before, b"2026-11-29"), (after, b"2026-11-30")):
        (site / "sub").mkdir(parents=True)
        (site / "same.html").write_bytes(b"<p>same</p>")
        (site / "sub" / "s-a4.pdf").write_bytes(b"/CreationDate (D:" + day + b")\n/ModDate (D:1)")
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<lastmod>" + day + b"</lastmod>"))
        (site / "sheet.html").write_bytes(b"built " + day + b" " + day)
    (before / "gone.html").write_bytes(b"")
    (after / "changed.txt").write_bytes(b"a")
    (before / "changed.txt").write_bytes(b"b")
    diffs, same, masked = compare.compare(before, after)
    assert (same, masked) == (1, 2)
    assert diffs == [f"only in {before}: gone.html", "differs: changed.txt", "differs: sheet.html"]
    assert compare.main([str(before), str(before)]) == 0


def test_the_serve_benchmark_runs_the_makefile_recipe(tmp_path: Path) -> None:
    bench = load_script("serve.py")
    command = bench.serve_command(ROOT / "Makefile", 8123)
    assert command[:2] == ["bash", "-c"]
    assert "-m mkdocs serve --dirty --dev-addr 127.0.0.1:8123" in command[2]
    assert "HANDBOOK_NOTEBOOKS=${HANDBOOK_NOTEBOOKS:-0}" in command[2]  # make's $$ unescaped
    page = (ROOT / "docs/questions/evaluation-metrics.md").read_text(encoding="utf-8")
    line = page.split("\n")[bench.edit_line(page)]
    assert line[0].isupper() and " " in line and not line.startswith(("#", "!!!", "|"))


def test_trace_summary_counts_blocking_time_and_outermost_events_only() -> None:
    trace = load_script("trace.py")

    def event(name: str, ts: float, ms: float, tid: int = 1) -> dict:
        return {"name": name, "ph": "X", "pid": 7, "tid": tid, "ts": ts * 1000, "dur": ms * 1000}

    events = [
        event("RunTask", 0, 120),  # 70 ms over the 50 ms budget
        event("ParseHTML", 0, 100),
        event("Layout", 10, 40),
        event("Layout", 20, 10),  # nested in the first: not counted again
        event("RunTask", 200, 30),  # short: busy, not blocking
        event("UpdateLayoutTree", 205, 20),
        event("RunTask", 300, 80),
        event("EventDispatch", 300, 60),
        event("Layout", 310, 5),
        event("RunTask", 0, 500, tid=2),  # another thread: ignored
    ]
    row = trace.summarise(events)
    assert row["blocking"] == 70 + 30 and row["busy"] == 120 + 30 + 80
    assert (row["layout"], row["style"], row["parse"], row["events"]) == (45, 20, 100, 60)
    with pytest.raises(ValueError, match="no ParseHTML"):
        trace.summarise([event("RunTask", 0, 10)])


def test_the_serve_benchmark_counts_rebuilds_mkdocs_does_not_log_twice() -> None:
    """MkDocs drops a log line it printed before, so three rebuilds of 0.61 s print one
    "Documentation built" line; the benchmark counts each "Building … Reloading" pair."""
    import io
    import time

    bench = load_script("serve.py")
    out = io.StringIO(
        "INFO - Building documentation...\nINFO - Documentation built in 13.49 seconds\n"
        "INFO - [05:03:24] Serving on http://127.0.0.1:1/\n"
        "INFO - Detected file changes\nINFO - Building documentation...\n"
        "INFO - Documentation built in 0.61 seconds\nINFO - [05:03:33] Reloading browsers\n"
        "INFO - Detected file changes\nINFO - Building documentation...\n"
        "INFO - [05:03:38] Reloading browsers\n"
        "INFO - Detected file changes\nINFO - Building documentation...\n"
        "INFO - [05:03:42] Reloading browsers\n"
    )
    log = bench.ServerLog(out)
    assert log.ready.wait(10)
    deadline = time.monotonic() + 10
    while len(log.lines) < 13 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(log.builds) == 3 and all(0 <= b < 5 for b in log.builds)
