"""The Spanish catalogue is complete and consistent."""

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/es/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def entries():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_spanish_msgid_is_translated():
    untranslated = [
        entry.msgid
        for entry in entries()
        if (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        or (not entry.msgid_plural and not entry.msgstr)
    ]
    assert untranslated == []


def test_no_translation_is_left_fuzzy():
    assert [entry.msgid for entry in entries() if "fuzzy" in entry.flags] == []


def test_translations_keep_every_placeholder():
    broken = []
    for entry in entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != expected and expected:
                broken.append(entry.msgid)
    assert broken == []
