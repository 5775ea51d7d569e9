"""Codes named by their code, English label or Spanish label, in any case."""

import functools
import unicodedata

from django.utils import translation


def fold_name(text):
    """A name as the vocabulary compares it: no accents, no case, and `_`, `-`
    and runs of spaces all one space ("Sociedad civil" = "civil_society")."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def _labels(pairs, language):
    with translation.override(language):
        return tuple(str(label) for _code, label in pairs)


def vocabulary(pairs):
    """{folded name: code} for (code, label) pairs: the code, its English label
    and its Spanish label each name the code."""
    pairs = tuple(pairs)
    codes = tuple(code for code, _label in pairs)
    return _vocabulary(codes, _labels(pairs, "en"), _labels(pairs, "es"))


@functools.cache
def _vocabulary(codes, english, spanish):
    # Asked once per item and key: the folding is done once per vocabulary.
    names = {}
    for code, *labels in zip(codes, english, spanish, strict=True):
        names.setdefault(fold_name(code), code)
        for label in labels:
            names.setdefault(fold_name(label), code)
    return names


def accepted_names(pairs):
    """How an error lists a vocabulary: the codes, then each code's labels."""
    codes, labels = [], []
    for code, label in pairs:
        codes.append(code)
        with translation.override("en"):
            english = str(label)
        with translation.override("es"):
            spanish = str(label)
        labels.append(english if english == spanish else f"{english} / {spanish}")
    return (
        f"(one of: {', '.join(codes)}). English or Spanish names work too, "
        f"in any case and with or without accents: {', '.join(labels)}"
    )


def code_for(value, pairs):
    """The code `value` names among (code, label) pairs, or None."""
    return vocabulary(pairs).get(fold_name(value))
