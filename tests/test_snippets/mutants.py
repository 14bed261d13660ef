"""Mutation harness for the snippets' doctests: a wrong implementation must fail them.

Each mutant is one plausible wrong idea (off-by-one, wrong normaliser, swapped arguments, a
parameter ignored, VOC's rule for COCO's, a flipped kernel, ...) written as exact source edits of
one public function. The harness loads the module's source with the edits applied (an edit whose
original text is missing or not unique fails loudly, so a table cannot rot silently), runs that
function's docstring examples — the ones shown on the handbook pages — with ``doctest`` and
requires at least one of them to fail.

The tables live in ``mutants_*.py`` beside this file, one per group of snippets (so parallel
branches rarely edit the same table); ``test_mutants.py`` runs every table through this harness.
Import this module as ``tests.test_snippets.mutants``, the name pytest gives it, so there is one
copy of :class:`Mutant`.
"""

from __future__ import annotations

import doctest
import sys
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"


@dataclass(frozen=True)
class Mutant:
    module: str  # snippets/<module>.py
    function: str  # the public function (or class) whose doctest must catch it
    idea: str  # the wrong idea it models
    edits: tuple[tuple[str, str], ...]  # (exact original text, replacement)

    @property
    def id(self) -> str:
        return f"{self.module}.{self.function}: {self.idea}"


def m(module: str, function: str, idea: str, *edits: tuple[str, str]) -> Mutant:
    return Mutant(module, function, idea, edits)


def snippet_source(module: str) -> str:
    return (SNIPPETS / f"{module}.py").read_text(encoding="utf-8")


def apply_edits(source: str, mutant: Mutant) -> str:
    """``source`` with the mutant's edits made; each original text must occur exactly once."""
    for old, new in mutant.edits:
        count = source.count(old)
        if count != 1:
            raise AssertionError(
                f"{mutant.id}: the text to replace occurs {count} times in "
                f"snippets/{mutant.module}.py (must be exactly once): {old!r} — the code has "
                "changed under this mutant; update its edit to the current code"
            )
        source = source.replace(old, new)
    return source


def run_doctests(module: str, source: str) -> dict[str, tuple[int, int]]:
    """{function name: (failed, tried)} for the docstring examples of ``source``."""
    name = f"snippets._mutant_{module}"
    mod = types.ModuleType(name)
    mod.__file__ = str(SNIPPETS / f"{module}.py")
    sys.modules[name] = mod  # dataclasses look their module up here

    results: dict[str, tuple[int, int]] = {}
    try:
        exec(compile(source, mod.__file__, "exec"), mod.__dict__)
        for test in doctest.DocTestFinder().find(mod, name):
            if not test.examples:
                continue
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            with warnings.catch_warnings():  # a mutant must fail an assertion, not a warning
                warnings.simplefilter("ignore")
                runner.run(test, out=lambda _: None, clear_globs=True)
            results[test.name.removeprefix(name + ".")] = (runner.failures, runner.tries)
    finally:
        del sys.modules[name]
    return results


def public_names(module: str) -> set[str]:
    """The module's ``__all__``, read from its source."""
    namespace: dict[str, object] = {}
    exec(compile(snippet_source(module), f"{module}.py", "exec"), namespace)
    return set(namespace["__all__"])  # type: ignore[arg-type]


def assert_killed(mutant: Mutant) -> None:
    """Fail unless a doctest of ``mutant.function`` fails on the mutated module."""
    results = run_doctests(mutant.module, apply_edits(snippet_source(mutant.module), mutant))
    failed, tried = results.get(mutant.function, (0, 0))
    assert tried > 0, f"no doctest found for {mutant.function}"
    assert failed > 0, f"mutant survived the doctest of {mutant.function}: {mutant.idea}"
