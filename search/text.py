"""Words as search sees them: accent-free, lower-case, stemmed per language.

The same functions build the indexed stems of an entry and the terms of a
query, so `participacion` meets `participación` and `policia` meets `policías`
in the portable engine; they also mark matched words in snippets and split a
query into the words every engine receives (search/engine.py). PostgreSQL and
Elasticsearch fold and stem inside the engine, with the same languages.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape

# Bounds that keep every query cheap, whatever is typed.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

STEMMER_LANGUAGES = {"en": "english", "es": "spanish"}

# Short function words: they match everything and carry no meaning.
STOPWORDS = {
    "en": set(
        "a an and are as at be but by for from has have i if in into is it its no "
        "not of on or our such that the their then there these they this to was "
        "we were will with how what which who whom why when where do does did can "
        "could should would about any some been being what's".split()
    ),
    "es": set(
        "a al como con de del el en es esta este la las lo los mas no o para por "
        "que se sin su sus un una uno unos unas y cual cuales quien quienes donde "
        "cuando hay fue son ha han les le nos ya muy".split()
    ),
}

WORD = re.compile(r"\w+", re.UNICODE)


def fold(text):
    """Lower-case `text` without accents (ñ becomes n, which both sides share)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4)
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMER_LANGUAGES.get(language, "english"))


def stem(word, language):
    """The accent-free stem of one word in `language` ("en" or "es")."""
    return _stemmer(language).stemWord(fold(word))


def words(text):
    return WORD.findall(text.replace("_", " "))


# Every language's stopwords: the index leaves out what a query leaves out, so
# "reglas de funcionamiento" is a phrase of two stems on both sides.
ALL_STOPWORDS = set().union(*STOPWORDS.values())


def index_stems(text, language):
    """`text` as the database engines match it: meaningful stems between spaces.

    The padding lets a query look for " stem " (a whole stem) and " a b " (a
    phrase) with a plain substring test, on any database.
    """
    stemmer = _stemmer(language)
    folded = [fold(word) for word in words(text)]
    kept = [word for word in folded if word not in ALL_STOPWORDS]
    return f" {' '.join(stemmer.stemWords(kept))} " if kept else ""


def vocabulary(text, limit=80):
    """Distinct words of `text` worth proposing in "did you mean": {folded: word}."""
    found = {}
    for word in words(text):
        lower = word.casefold()
        folded = fold(lower)
        if len(folded) < 4 or folded.isdigit() or folded in ALL_STOPWORDS:
            continue
        found.setdefault(folded[:60], lower[:60])
        if len(found) >= limit:
            break
    return found


@dataclass(frozen=True)
class Query:
    """A query as the engines see it.

    `text` is the cleaned query, `words` its meaningful folded words, `terms`
    each word's stems in the site languages (a set per word), and `phrases` the
    words' stems in each language, in order (for phrase matches).
    """

    text: str
    words: tuple
    terms: tuple
    phrases: dict

    def __bool__(self):
        return bool(self.terms)


def parse_query(text, languages):
    folded_words = []
    for word in words(text[:MAX_QUERY_LENGTH]):
        folded = fold(word)
        if folded in ALL_STOPWORDS or folded in folded_words:
            continue
        folded_words.append(folded)
        if len(folded_words) >= MAX_TERMS:
            break
    terms = []
    for folded in folded_words:
        variants = frozenset(stem(folded, language) for language in languages)
        if variants not in terms:
            terms.append(variants)
    phrases = {
        language: " ".join(stem(folded, language) for folded in folded_words)
        for language in languages
    }
    return Query(text, tuple(folded_words), tuple(terms), phrases)


def highlight(text, terms, language, limit=40):
    """An HTML-safe excerpt of `text` around the first matched word.

    Matched words are wrapped in <mark>; everything else is escaped. Returns ""
    when no word of `text` matches.
    """
    wanted = set().union(*terms) if terms else set()
    if not wanted:
        return ""
    tokens = list(WORD.finditer(text))
    hits = [
        index
        for index, token in enumerate(tokens)
        if stem(token.group(), language) in wanted
    ]
    if not hits:
        return ""
    first = max(0, hits[0] - limit // 4)
    last = min(len(tokens), first + limit)
    hit_set = set(hits)
    parts = []
    position = tokens[first].start() if first else 0
    for index in range(first, last):
        token = tokens[index]
        parts.append(escape(text[position : token.start()]))
        if index in hit_set:
            parts.append(f"<mark>{escape(token.group())}</mark>")
        else:
            parts.append(escape(token.group()))
        position = token.end()
    if last == len(tokens):
        parts.append(escape(text[position:]))
    excerpt = "".join(parts).strip()
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(tokens) else ""
    return f"{prefix}{excerpt}{suffix}"
