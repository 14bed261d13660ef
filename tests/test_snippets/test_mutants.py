"""Mutation check of the snippets' doctests: every mutant in every table must fail its doctest.

The harness is ``mutants.py``; the tables are ``mutants_*.py``. A new table is added to
``TABLES`` below.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.test_snippets import (
    mutants_attention,
    mutants_deploy,
    mutants_generative,
    mutants_vision,
)
from tests.test_snippets.mutants import (
    Mutant,
    apply_edits,
    assert_killed,
    m,
    public_names,
    run_doctests,
    snippet_source,
)

TABLES = {
    "vision": mutants_vision.MUTANTS,
    "generative": mutants_generative.MUTANTS,
    "deploy": mutants_deploy.MUTANTS,
    "attention": mutants_attention.MUTANTS,
}
MUTANTS: list[Mutant] = [mu for table in TABLES.values() for mu in table]
MODULES = sorted({mu.module for mu in MUTANTS})


def test_tables_are_disjoint_and_ids_unique() -> None:
    homes = {
        mod: {t for t, table in TABLES.items() for mu in table if mu.module == mod}
        for mod in MODULES
    }
    assert all(len(tables) == 1 for tables in homes.values()), homes
    repeated = [i for i, n in Counter(mu.id for mu in MUTANTS).items() if n > 1]
    assert not repeated, repeated


@pytest.mark.parametrize("module", MODULES)
def test_unmutated_doctests_pass_in_this_harness(module: str) -> None:
    results = run_doctests(module, snippet_source(module))
    assert results and all(failed == 0 for failed, _ in results.values()), results


@pytest.mark.parametrize("module", MODULES)
def test_every_public_function_has_two_mutants(module: str) -> None:
    mine = [mu for mu in MUTANTS if mu.module == module]
    counts = {f: sum(mu.function == f for mu in mine) for f in public_names(module)}
    assert all(n >= 2 for n in counts.values()), counts


@pytest.mark.parametrize("mutant", MUTANTS, ids=[mu.id for mu in MUTANTS])
def test_mutant_is_killed_by_its_doctest(mutant: Mutant) -> None:
    assert_killed(mutant)


# --- the harness itself can fail ---------------------------------------------------------


def test_an_edit_whose_text_is_gone_or_repeated_fails_loudly() -> None:
    mutant = m("boxes", "iou", "example", ("a + b", "a - b"))
    assert apply_edits("x = a + b\n", mutant) == "x = a - b\n"
    for source, count in (("x = a * b\n", 0), ("x = a + b\ny = a + b\n", 2)):
        with pytest.raises(AssertionError, match=f"occurs {count} times in snippets/boxes.py"):
            apply_edits(source, mutant)


def test_an_equivalent_mutant_survives() -> None:
    """A no-op edit changes nothing, so the kill check must report it as surviving."""
    real = MUTANTS[0]
    old = real.edits[0][0]
    noop = m(real.module, real.function, "no-op", (old, old))
    with pytest.raises(AssertionError, match="mutant survived the doctest"):
        assert_killed(noop)
