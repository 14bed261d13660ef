"""Anki packages (``.apkg``) of the flashcards, written with genanki, byte for byte reproducible.

- one deck per category, ``Computer Vision Interview Handbook::<category>``, and one package for
  the whole handbook holding every category deck (the same deck ids and note GUIDs, so
  importing both, or a newer build, updates notes instead of duplicating them);
- note GUIDs come from question ids alone; deck and model ids from fixed names;
- genanki stamps notes, cards and the zip with the time: here the time is an argument (the
  build passes :func:`deck_timestamp`, the last commit that touched the pages), the SQLite
  collection is written by us and zipped with fixed dates, so the same input gives the same
  bytes. Anki's "update if newer" import sees a later stamp after the pages change.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import sqlite3
import subprocess
import time
import zipfile
from collections.abc import Hashable
from pathlib import Path

import genanki

from handbook.cards import Card

HANDBOOK = "Computer Vision Interview Handbook"
MODEL_NAME = f"{HANDBOOK} — question and 30-second answer"
WHOLE = "cv-interview-handbook"  # the whole handbook's package name
TAG_ROOT = "cv-handbook"
FIELDS = ("Id", "Question", "Answer", "Link", "Category", "Level")
# Used when neither SOURCE_DATE_EPOCH nor git gives a time (2026-01-01 UTC).
FALLBACK_EPOCH = 1767225600
CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45;
  text-align: left; max-width: 40em; margin: 0 auto; color: #1b1b1f; background: #fff; }
.nightMode.card, .night_mode .card { color: #e6e6ea; background: #1e1e24; }
.hb-q { font-weight: 700; font-size: 1.1em; }
.hb-meta { font-size: 0.75em; color: #666; margin-top: 0.4em; }
.hb-link { font-size: 0.85em; margin-top: 1em; }
code { font-size: 0.9em; }
"""
FRONT = '<div class="hb-q">{{Question}}</div>\n<div class="hb-meta">{{Category}} · {{Level}}</div>'
BACK = (
    '{{FrontSide}}\n<hr id="answer">\n<div class="hb-a">{{Answer}}</div>\n'
    '<p class="hb-link"><a href="{{Link}}">Full answer on the site</a></p>'
)


def stable_id(name: str) -> int:
    """A deck or model id derived from a fixed name, in genanki's range [2**30, 2**31)."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def note_guid(question_id: str) -> str:
    """The note's GUID: a function of the question id only (ids never change once published)."""
    return genanki.guid_for(HANDBOOK, question_id)


def deck_name(category_title: str) -> str:
    return f"{HANDBOOK}::{category_title}"


def package_name(scope: str) -> str:
    """``<category slug>.apkg``, or the whole handbook's ``cv-interview-handbook.apkg``."""
    return f"{scope}.apkg"


def card_model() -> genanki.Model:
    return genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=FIELDS.index("Question"),
    )


def card_tags(card: Card) -> list[str]:
    return [TAG_ROOT, f"{TAG_ROOT}::category::{card.category}", f"{TAG_ROOT}::level::{card.level}"]


def note_for(card: Card, model: genanki.Model) -> genanki.Note:
    fields = [card.id, card.question_html, card.answer_html, card.url, card.category_title]
    return genanki.Note(
        model=model, fields=[*fields, card.level], tags=card_tags(card), guid=note_guid(card.id)
    )


def category_decks(cards: list[Card]) -> dict[str, genanki.Deck]:
    """One deck per category (slug → deck), in the order the cards come."""
    model = card_model()
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        if card.category not in decks:
            name = deck_name(card.category_title)
            decks[card.category] = genanki.Deck(stable_id(name), name)
        decks[card.category].add_note(note_for(card, model))
    return decks


def apkg_bytes(decks: list[genanki.Deck], timestamp: int) -> bytes:
    """An ``.apkg`` (a zip of the SQLite collection and an empty media map), reproducibly."""
    conn = sqlite3.connect(":memory:")  # no disk syncs; serialised as the file Anki reads
    try:
        ids = itertools.count(timestamp * 1000)
        genanki.Package(decks).write_to_db(conn.cursor(), timestamp, ids)
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    date = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in (("collection.anki2", collection), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    return buffer.getvalue()


def build_packages(
    cards: list[Card], timestamp: int, kept: dict[Hashable, bytes] | None = None
) -> dict[str, bytes]:
    """File name → ``.apkg`` bytes: one per category, then the whole handbook.

    ``kept`` (``make serve``) holds the category packages of the last rebuild, keyed by their
    cards and time stamp: an edit then re-packs only its own category's deck and the whole
    one. It is left holding this build's packages."""
    decks = category_decks(cards)
    packages: dict[str, bytes] = {}
    now: dict[Hashable, bytes] = {}
    for slug, deck in decks.items():
        key = (tuple(c for c in cards if c.category == slug), timestamp)
        package = kept.get(key) if kept is not None else None
        now[key] = package if package is not None else apkg_bytes([deck], timestamp)
        packages[package_name(slug)] = now[key]
    packages[package_name(WHOLE)] = apkg_bytes(list(decks.values()), timestamp)
    if kept is not None:
        kept.clear()
        kept.update(now)
    return packages


def deck_counts(cards: list[Card]) -> dict[str, int]:
    """Package file name → number of cards, in :func:`build_packages`' order."""
    counts: dict[str, int] = {}
    for card in cards:
        name = package_name(card.category)
        counts[name] = counts.get(name, 0) + 1
    counts[package_name(WHOLE)] = len(cards)
    return counts


def deck_timestamp(root: Path) -> int:
    """The decks' time stamp: ``SOURCE_DATE_EPOCH``, else the time of the last commit that
    touched ``docs/`` (so a correction gets a later stamp), else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return int(epoch)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "docs"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_EPOCH
    return int(out) if out.isdigit() else FALLBACK_EPOCH
