"""Anki packages: one note per question in scope, every field filled, GUIDs from ids only,
stable deck and model ids, and the same bytes for the same input."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from handbook import load_bank
from handbook.cards import Card, bank_cards
from handbook.decks import (
    FALLBACK_EPOCH,
    WHOLE,
    build_packages,
    card_model,
    deck_counts,
    deck_name,
    deck_timestamp,
    note_guid,
    package_name,
    stable_id,
)
from handbook.model import Bank
from support import ROOT

STAMP = 1795392000


@pytest.fixture(scope="module")
def bank() -> Bank:
    bank, problems = load_bank(ROOT / "docs", ROOT)
    assert problems == []
    return bank


@pytest.fixture(scope="module")
def cards(bank: Bank) -> list[Card]:
    return bank_cards(bank, "https://example.org/")


def read_apkg(data: bytes) -> dict:
    """Notes (guid, fields, tags), card count and deck names of an .apkg, read as Anki would."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        collection = archive.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(collection)
    try:
        notes = conn.execute("SELECT guid, flds, tags, mod FROM notes ORDER BY id").fetchall()
        n_cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    finally:
        conn.close()
    return {
        "notes": [(g, f.split("\x1f"), t.split(), m) for g, f, t, m in notes],
        "cards": n_cards,
        "decks": {int(k): d["name"] for k, d in decks.items() if d["name"] != "Default"},
        "models": {int(k) for k in models},
    }


def test_one_note_per_question_in_scope_and_every_field_filled(bank: Bank, cards) -> None:
    packages = build_packages(cards, STAMP)
    assert set(packages) == {package_name(c.slug) for c in bank.categories} | {
        "cv-interview-handbook.apkg"
    }
    for c in bank.categories:
        deck = read_apkg(packages[package_name(c.slug)])
        assert [fields[0] for _, fields, _, _ in deck["notes"]] == [q.id for q in c.questions]
        assert deck["cards"] == len(c.questions)
        assert deck["decks"] == {stable_id(deck_name(c.title)): deck_name(c.title)}
    whole = read_apkg(packages[package_name(WHOLE)])
    assert len(whole["notes"]) == whole["cards"] == len(bank.questions)
    assert len({guid for guid, *_ in whole["notes"]}) == len(bank.questions)
    assert whole["models"] == {card_model().model_id}
    for guid, fields, tags, mod in whole["notes"]:
        assert len(fields) == 6 and all(f.strip() for f in fields), fields[0]
        assert guid == note_guid(fields[0]) and mod == STAMP
        assert fields[3] == f"https://example.org/questions/{_slug(bank, fields[0])}/#{fields[0]}"
        assert "cv-handbook" in tags and any(t.startswith("cv-handbook::level::") for t in tags)


def _slug(bank: Bank, qid: str) -> str:
    return bank.by_id()[qid].category


def test_deck_counts(bank: Bank, cards) -> None:
    counts = deck_counts(cards)
    assert counts[package_name(WHOLE)] == len(bank.questions)
    assert sum(counts.values()) == 2 * len(bank.questions)


def test_two_builds_give_the_same_bytes(cards) -> None:
    assert build_packages(cards, STAMP) == build_packages(list(cards), STAMP)


def test_guids_change_only_when_an_id_changes(cards) -> None:
    first = cards[0]
    edited = dataclasses.replace(first, answer_html="<p>A corrected answer.</p>")
    renamed = dataclasses.replace(first, id=first.id + "-renamed")
    guids = {}
    for label, card in (("same", first), ("edited", edited), ("renamed", renamed)):
        notes = read_apkg(build_packages([card], STAMP + 1)[package_name(WHOLE)])["notes"]
        guids[label] = notes[0][0]
    assert guids["same"] == guids["edited"] == note_guid(first.id)
    assert guids["renamed"] != guids["same"]


def test_ids_come_from_fixed_names() -> None:
    assert stable_id("x") == stable_id("x") != stable_id("y")
    assert all(1 << 30 <= stable_id(name) < 1 << 31 for name in ("a", "b", deck_name("Data")))
    assert card_model().model_id == card_model().model_id


def test_timestamp_from_the_environment_git_or_a_fixed_date(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    assert deck_timestamp(tmp_path) == 1795392000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert deck_timestamp(tmp_path) == FALLBACK_EPOCH  # not a repository: git fails
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert deck_timestamp(tmp_path) == FALLBACK_EPOCH  # no commit touched docs/
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert deck_timestamp(ROOT) == FALLBACK_EPOCH  # no git at all


def test_timestamp_of_this_repository_is_its_last_docs_commit(monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "docs"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert deck_timestamp(ROOT) == (int(out) if out else FALLBACK_EPOCH)
