"""Two builds of one commit are identical file by file — the PDFs included — and the PDFs
link to the published site, not to the folder they were built in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handbook.pdf import finalize_pdf, site_link
from support import ROOT


def test_site_link_maps_build_folder_to_the_published_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    base = site.resolve().as_uri()
    url = "https://handbook.example/"
    assert site_link(f"{base}/questions/data/index.html#x", site, url) == (
        "https://handbook.example/questions/data/#x"
    )
    assert site_link(f"{base}/index.html", site, url) == "https://handbook.example/"
    assert site_link(f"{base}/cheatsheets/data-a4.pdf", site, url) == (
        "https://handbook.example/cheatsheets/data-a4.pdf"
    )
    assert site_link("https://arxiv.org/abs/1506.01497", site, url) == (
        "https://arxiv.org/abs/1506.01497"
    )


def test_finalize_pdf_drops_dates_and_fixes_links_and_id(tmp_path: Path) -> None:
    import pikepdf

    site = tmp_path / "site"
    site.mkdir()

    def make(path: Path, stamp: str) -> None:
        pdf = pikepdf.new()
        pdf.add_blank_page()
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                 URI=pikepdf.String(site.resolve().as_uri() + "/a/index.html")),
        )  # fmt: skip
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))
        pdf.docinfo["/CreationDate"] = stamp
        pdf.docinfo["/ModDate"] = stamp
        pdf.save(path)  # a random /ID, as Chromium writes

    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    make(one, "D:20261130100000+00'00'")
    make(two, "D:20261201110000+00'00'")
    assert one.read_bytes() != two.read_bytes()
    for path in (one, two):
        finalize_pdf(path, site, "https://handbook.example/")
    assert one.read_bytes() == two.read_bytes()
    with pikepdf.open(one) as pdf:
        assert "/CreationDate" not in pdf.docinfo
        assert str(pdf.pages[0].Annots[0].A.URI) == "https://handbook.example/a/"


@pytest.mark.build
def test_two_builds_of_one_commit_are_identical(built_site: Path, tmp_path: Path) -> None:
    # A separate process: this worker may hold a running browser (Playwright's sync API
    # cannot print PDFs inside another event loop), and a fresh process is what CI rebuilds in.
    again = tmp_path / "again"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(again)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    first = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again) for p in again.rglob("*") if p.is_file()}
    assert first == second
    differ = [
        str(p) for p in sorted(first) if (built_site / p).read_bytes() != (again / p).read_bytes()
    ]
    assert differ == [], f"files that differ between two builds: {differ}"
    pdfs = sorted(p for p in first if p.suffix == ".pdf")
    if pdfs:  # printed when Chromium is present (always on CI)
        assert b"file://" not in (built_site / pdfs[0]).read_bytes()
