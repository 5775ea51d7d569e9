"""What `communities/demo.py` still uses to write a text in one language and
translate it to the other. It goes with that module, once the communities'
demo content is files under `demo/content/` like the rest."""

from .models import english_home

__all__ = ["SPANISH_REGIONS", "english_home", "in_language", "translations"]

# Place names the demo content gives in English, as Spanish readers know them.
SPANISH_REGIONS = {
    "Western Region": "Región Occidental",
    "Western Region (Tarkwa)": "Región Occidental (Tarkwa)",
}

# The order of the texts in every bilingual pair of the demo: (English, Spanish).
LANGUAGES = ("en", "es")


def in_language(pair, language):
    """The `language` text of an (English, Spanish) pair."""
    return pair[LANGUAGES.index(language)]


def other_language(language):
    return LANGUAGES[1 - LANGUAGES.index(language)]


def translations(pairs, language):
    """What the translator writes for each `language` text of `pairs`: a pair
    without the other language's text is left untranslated."""
    strings = {}
    for pair in pairs:
        source = in_language(pair, language)
        target = in_language(pair, other_language(language))
        if source and target:
            strings[source] = target
    return strings
