"""Re-import check of the Anki decks with Anki's own importer (not part of ``make test``:
Anki's Python package is not a dependency of the handbook).

1. With the project's venv, write three builds of the decks into DIR: ``A-*`` (the pages as
   they are), ``A2-*`` (the same again: must be byte-identical to A) and ``B-*`` (a later
   build in which one answer was corrected):

       .venv/bin/python benchmarks/anki_reimport.py write DIR

2. In a throw-away venv with Anki's package (``python -m venv /tmp/anki && /tmp/anki/bin/pip
   install anki``), import them into a fresh collection and check that notes are added once,
   then updated in place (same GUIDs, no duplicates):

       /tmp/anki/bin/python benchmarks/anki_reimport.py check DIR

Exits 1 when a step adds a duplicate or the correction does not arrive.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP_A, STAMP_B = 1795392000, 1795478400


def write(folder: Path) -> int:
    import dataclasses

    sys.path.insert(0, str(ROOT))
    from handbook.bank import site_bank
    from handbook.cards import bank_cards
    from handbook.config import load_site_config
    from handbook.decks import build_packages

    cfg = load_site_config(ROOT)
    bank, _ = site_bank(cfg.docs_dir, cfg.snippet_root, cfg.nav)
    cards = bank_cards(bank, cfg.site_url)
    first = cards[0]
    corrected = dataclasses.replace(first, answer_html=first.answer_html + "<p>CORRECTED</p>")
    builds = {
        "A": build_packages(cards, STAMP_A),
        "A2": build_packages(bank_cards(bank, cfg.site_url), STAMP_A),
        "B": build_packages([corrected, *cards[1:]], STAMP_B),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for label, packages in builds.items():
        for name, data in packages.items():
            (folder / f"{label}-{name}").write_bytes(data)
    same = builds["A"] == builds["A2"]
    print(f"{len(builds['A'])} packages, {len(cards)} cards; A and A2 byte-identical: {same}")
    print(f"corrected question: {first.id} ({first.category})")
    return 0 if same else 1


def check(folder: Path) -> int:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(folder / "collection.anki2"))
    category = sorted(p.name for p in folder.glob("A-*.apkg") if "cv-interview" not in p.name)
    steps = [
        category[0],  # one category first: the whole deck must not duplicate its notes
        "A-cv-interview-handbook.apkg",
        "A2-cv-interview-handbook.apkg",
        "B-cv-interview-handbook.apkg",
    ]
    ok = True
    for name in steps:
        options = ImportAnkiPackageOptions(with_scheduling=False)  # update if newer (default)
        request = ImportAnkiPackageRequest(package_path=str(folder / name), options=options)
        log = col.import_anki_package(request).log
        notes = col.find_notes("")
        guids = {col.get_note(n).guid for n in notes}
        print(
            f"{name}: new {len(log.new)}, updated {len(log.updated)}, unchanged "
            f"{len(log.duplicate)} -> {len(notes)} notes, {len(guids)} GUIDs"
        )
        ok &= len(guids) == len(notes) == len(col.find_cards(""))
    marked = col.find_notes("Answer:*CORRECTED*")
    print(f"the corrected answer arrived in place: {len(marked) == 1}")
    col.close()
    return 0 if ok and len(marked) == 1 else 1


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        print(__doc__)
        sys.exit(2)
    sys.exit({"write": write, "check": check}[sys.argv[1]](Path(sys.argv[2])))
