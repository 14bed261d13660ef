"""Compare two built sites file by file; report every difference that is not the build date.

    python benchmarks/compare_sites.py SITE_BEFORE SITE_AFTER
    python benchmarks/compare_sites.py --build-from REV   # build REV and the working tree

With ``--build-from``, the commit REV (exported with ``git archive``) and then the working
tree are each built with ``python -m mkdocs build --strict --clean -d DIR`` into the same DIR
(one output path for both, as a reader would rebuild in place), each kept
before the other is built, and the two are compared.

Masked before comparing (and only these): ``<lastmod>`` dates in ``sitemap.xml`` (also inside
``sitemap.xml.gz``, compared decompressed, since gzip stores a timestamp too), the
``built YYYY-MM-DD`` line of the cheat sheets, and the ``/CreationDate`` and ``/ModDate`` that
Chromium writes into every PDF. Exit 0 when the sites are identical under these masks.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MASKS = [
    (re.compile(rb"<lastmod>[^<]*</lastmod>"), b"<lastmod>DATE</lastmod>"),
    (re.compile(rb"built \d{4}-\d{2}-\d{2}"), b"built DATE"),
    (re.compile(rb"/(CreationDate|ModDate) ?\(D:[^)]*\)"), rb"/\1 (D:DATE)"),
]


def normalised(path: Path) -> bytes:
    """The file's bytes with the build-date masks applied (gzip files decompressed)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    for pattern, repl in MASKS:
        data = pattern.sub(repl, data)
    return data


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def compare(before: Path, after: Path) -> tuple[list[str], int, int]:
    """(differences, files identical byte for byte, files identical only once masked)."""
    a, b = files(before), files(after)
    diffs = [f"only in {before}: {p}" for p in sorted(a - b)]
    diffs += [f"only in {after}: {p}" for p in sorted(b - a)]
    same = masked = 0
    for rel in sorted(a & b):
        if (before / rel).read_bytes() == (after / rel).read_bytes():
            same += 1
        elif normalised(before / rel) == normalised(after / rel):
            masked += 1
        else:
            diffs.append(f"differs: {rel}")
    return diffs, same, masked


def build(tree: Path, site: Path, keep: Path) -> None:
    """``mkdocs build --strict --clean -d site`` in ``tree``; then move the site to ``keep``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site)]
    subprocess.run(cmd, cwd=tree, env=env, check=True)
    shutil.move(site, keep)


def build_both(rev: str, work: Path) -> tuple[Path, Path]:
    """Build commit ``rev`` and the working tree into one path; return the two sites."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True)
    old = work / "tree"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(old, filter="data")
    build(old, work / "site", work / "before")
    build(ROOT, work / "site", work / "after")
    return work / "before", work / "after"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, nargs="?")
    parser.add_argument("after", type=Path, nargs="?")
    parser.add_argument("--build-from", metavar="REV", help="build REV and the working tree")
    args = parser.parse_args(argv)
    if args.build_from:
        work = Path(tempfile.mkdtemp(prefix="compare-sites-"))
        args.before, args.after = build_both(args.build_from, work)
        print(f"built {args.build_from} into {args.before}, the working tree into {args.after}")
    elif args.before is None or args.after is None:
        parser.error("give two site folders, or --build-from REV")
    for site in (args.before, args.after):
        if not site.is_dir():
            parser.error(f"{site} is not a folder")
    diffs, same, masked = compare(args.before, args.after)
    print("\n".join(diffs))
    print(
        f"{same} files identical, {masked} identical once build dates are masked, "
        f"{len(diffs)} difference(s)"
    )
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
