"""Words offered to the reader: title suggestions for the search box, and
"did you mean" for a search that found little. Both draw only on the entries
the reader may see."""

import difflib

from django.db.models.functions import Length

from search.engine import get_engine
from search.models import SearchWord
from search.request import clean_query
from search.scope import scope_for
from search.text import fold, parse_query

SUGGESTIONS = 8


def suggestions(user, query, language, limit=SUGGESTIONS):
    """Titles of visible entries starting (or with a word starting) with `query`."""
    folded = fold(clean_query(query))[:100]
    if len(folded) < 2:
        return []
    return get_engine().suggest(scope_for(user, [language, ""]), folded, limit)


def _closest(word, candidates):
    """The candidate most like `word` (accent-free), if close enough."""
    best = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return best[0] if best else None


def did_you_mean(scope, query, languages):
    """The query with its unknown words replaced by the closest words of the
    entries `scope` may see, or "" when every word is known or has no match.

    A word is unknown when no entry in the scope matches it. Replacements are
    drawn from the index's own vocabulary (titles and summaries), through the
    reader's scope only: a word of a page they may not see is never proposed.
    """
    engine = get_engine()
    visible = SearchWord.objects.filter(entry__in=scope.entries().values("id"))
    replaced = {}
    for word in query.words:
        if len(word) < 4 or word.isdigit():
            continue
        if engine.has_match(scope, parse_query(word, languages)):
            continue
        candidates = dict(
            # A range, not a LIKE: any collation's btree index serves it.
            visible.filter(folded__gte=word[0], folded__lt=chr(ord(word[0]) + 1))
            .annotate(length=Length("folded"))
            .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
            .values_list("folded", "word")
            .distinct()[:5000]
        )
        closest = _closest(word, list(candidates))
        if closest:
            replaced[word] = candidates[closest]
    if not replaced:
        return ""
    return " ".join(replaced.get(fold(token), token) for token in query.text.split())
