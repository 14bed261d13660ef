"""``python -m handbook`` (or ``handbook``): check, scaffold and export the bank.

    handbook check [PATHS...]        every problem as file:line: what — how to fix; exit 1 if any
    handbook new --category data --question "Why ...?" [--id ID] [--difficulty mid] [--dry-run]
    handbook export --format json|csv|tsv|apkg [-o FILE]   (apkg: the whole handbook's deck)

Bad arguments exit 2 with a message; a problem in the content exits 1. No tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook.bank import site_bank
from handbook.config import CONFIG_FILE, SiteConfig, find_root, load_site_config
from handbook.decks import deck_timestamp
from handbook.export import FORMATS, export_bytes
from handbook.glossary import GLOSSARY_FILE, load_glossary
from handbook.glossary_usage import lint_usage
from handbook.model import ID_RULE, LEVELS, Bank, Problem, sorted_problems, valid_id
from handbook.scaffold import append_block, find_category, propose_id, question_block


class UsageError(Exception):
    """A bad argument: exit 2 with this message."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handbook", description=__doc__.split("\n")[0])
    p.add_argument("--root", type=Path, help="the handbook's folder (default: found from here)")
    sub = p.add_subparsers(dest="command", required=True, metavar="{check,new,export}")
    check = sub.add_parser("check", help="validate pages and the glossary without building")
    check.add_argument("paths", nargs="*", type=Path, help="report only these files or folders")
    new = sub.add_parser("new", help="append a stubbed question to a category page")
    new.add_argument("--category", required=True, help="the page's slug or title")
    new.add_argument("--question", required=True, help="the question text (the H2)")
    new.add_argument("--id", help="the question id (default: proposed from the question)")
    new.add_argument("--difficulty", choices=LEVELS, default="mid")
    new.add_argument("--dry-run", action="store_true", help="print the block, write nothing")
    export = sub.add_parser("export", help="write the bank as data")
    export.add_argument("--format", choices=FORMATS, default="json")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the error
        return int(exc.code or 0)
    try:
        cfg = load_site_config(_root(args.root))
        commands = {"check": run_check, "new": run_new, "export": run_export}
        return commands[args.command](cfg, args)
    except UsageError as exc:
        print(f"handbook {args.command}: error: {exc}", file=sys.stderr)
        return 2


def _root(given: Path | None) -> Path:
    if given is not None:
        if not (given / CONFIG_FILE).is_file():
            raise UsageError(f"--root {given}: no {CONFIG_FILE} there")
        return given
    root = find_root(Path.cwd().resolve())
    if root is None:
        raise UsageError(f"no {CONFIG_FILE} here or above; run inside the handbook or pass --root")
    return root


def collect(cfg: SiteConfig) -> tuple[Bank, list[Problem], int]:
    """The bank, every problem the build would stop on, and the number of glossary terms."""
    bank, problems = site_bank(cfg.docs_dir, cfg.snippet_root, cfg.nav)
    glossary, gproblems = load_glossary(cfg.glossary_file, GLOSSARY_FILE)
    if not gproblems:
        gproblems = lint_usage(glossary, bank.pages, bank)
    return bank, problems + gproblems, len(glossary.terms)


def run_check(cfg: SiteConfig, args: argparse.Namespace) -> int:
    wanted = [path.resolve() for path in args.paths]
    for path, given in zip(wanted, args.paths, strict=True):
        if not path.exists():
            raise UsageError(f"{given}: no such file or folder")
    bank, problems, terms = collect(cfg)
    if wanted:
        problems = [p for p in problems if _within(cfg.file_of(p.path).resolve(), wanted)]
    for p in sorted_problems(problems):
        print(p)
    if problems:
        print(f"{len(sorted_problems(problems))} problem(s)", file=sys.stderr)
        return 1
    n, c = len(bank.questions), len(bank.categories)
    print(f"ok: {n} questions in {c} categories, {terms} glossary terms")
    return 0


def _within(path: Path, wanted: list[Path]) -> bool:
    return any(path == w or w in path.parents for w in wanted)


def run_new(cfg: SiteConfig, args: argparse.Namespace) -> int:
    question = " ".join(args.question.split())
    if not question:
        raise UsageError("--question is empty; give the question text")
    bank, _, _ = collect(cfg)
    category = find_category(bank, args.category)
    if category is None:
        known = ", ".join(f"{c.slug} ({c.title})" for c in bank.categories)
        raise UsageError(f"unknown category '{args.category}'; known: {known}")
    qid = args.id if args.id is not None else propose_id(question)
    error = _id_error(qid, bank, args.id is None)
    if error:
        print(f"handbook new: {error}", file=sys.stderr)
        return 1
    block = question_block(question, qid, args.difficulty)
    if args.dry_run:
        print(block, end="")
        return 0
    path = cfg.docs_dir / category.page
    text, line = append_block(path.read_text(encoding="utf-8"), block)
    path.write_text(text, encoding="utf-8")
    shown = f"docs/{category.page}:{line}"
    print(f"added '{qid}' at {shown}; replace every stub, then run: python -m handbook check")
    return 0


def _id_error(qid: str, bank: Bank, proposed: bool) -> str:
    if not valid_id(qid):
        how = "pass one with --id" if proposed else "choose another --id"
        return f"id '{qid}' is not in the allowed form ({ID_RULE}); {how}"
    other = bank.by_id().get(qid)
    if other is not None:
        return f"id '{qid}' is already used at {other.location}; choose another with --id"
    return ""


def run_export(cfg: SiteConfig, args: argparse.Namespace) -> int:
    bank, problems, _ = collect(cfg)
    if problems:
        for p in sorted_problems(problems):
            print(p, file=sys.stderr)
        print(
            "handbook export: fix these problems first (python -m handbook check)", file=sys.stderr
        )
        return 1
    if args.format == "apkg" and args.output is None:
        raise UsageError("--format apkg writes a binary file: give it with -o FILE.apkg")
    if args.output is not None and not args.output.parent.is_dir():
        raise UsageError(f"-o {args.output}: the folder {args.output.parent} does not exist")
    data = export_bytes(bank, args.format, deck_timestamp(cfg.root), site_url=cfg.site_url)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    args.output.write_bytes(data)
    print(f"wrote {len(bank.questions)} questions to {args.output}", file=sys.stderr)
    return 0
