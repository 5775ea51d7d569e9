"""What import files refer to: communities by slug, institutions by any of
their names or acronyms, people by username (in the import or on the site)."""

from django.contrib.auth import get_user_model
from django_countries import countries

from intranet.importing import (
    Action,
    fold_name,
)

from ..models import (
    CommunityPage,
    Institution,
)

# The `type` of institutions (their kind is in memberships.py).
INSTITUTION = "institution"
INSTITUTION_NAME_FIELDS = (
    "name",
    "acronym",
    "name_en",
    "acronym_en",
    "name_es",
    "acronym_es",
)
INSTITUTION_TEXT_FIELDS = (*INSTITUTION_NAME_FIELDS, "website")


def read_country(item, key="country"):
    """An ISO country code, from the code or the English name; "" if absent."""
    value = item.text(key)
    if not value:
        return ""
    code = value.upper() if value.upper() in countries else countries.by_name(value)
    if not code:
        raise item.problem(key, f"unknown country '{value}'")
    return code


# --- What files refer to ------------------------------------------------------


def source_community(slug):
    """The community page with this slug in the language it was written in (the
    page written first: its translations' source), or None."""
    return CommunityPage.objects.filter(slug=slug).order_by("pk").first()


def check_community(item, run, key="community"):
    """The community the key names: its source page, or None when it is only
    planned in this (dry) run; refuse a community that is nowhere."""
    slug = item.community
    community = source_community(slug)
    if community is None and run.find_planned("community", slug) is None:
        raise item.problem(key, f"unknown community '{slug}'")
    return community


def institution_names_in_database():
    """{folded name or acronym: institution} of the institutions on the site."""
    names = {}
    for institution in Institution.objects.order_by("pk"):
        for field in INSTITUTION_NAME_FIELDS:
            value = getattr(institution, field)
            if value:
                names.setdefault(fold_name(value), institution)
    return names


def _institution_names(run):
    """{folded name or acronym: institution, or the action that creates it}."""

    def index():
        names = institution_names_in_database()
        for (type_code, _locale, _slug), action in run.planned.items():
            if type_code == INSTITUTION and action.verb == "create":
                for field in INSTITUTION_NAME_FIELDS:
                    if action.values[field]:
                        names.setdefault(fold_name(action.values[field]), action)
        return names

    return run.memo("institution names", index)


def check_institution(item, run, key, name):
    """The institution `name` (any of its names or acronyms) stands for: the
    institution, or the action planned to create it; refuse an unknown one."""
    found = _institution_names(run).get(fold_name(name))
    if found is None:
        raise item.problem(key, f"unknown institution '{name}'")
    return found


def written(found):
    """What `check_institution` found, once written: the institution."""
    return found.existing if isinstance(found, Action) else found


def check_people(item, run, key, usernames):
    """The accounts `usernames` name ({username: user or None when only planned});
    refuse one that is nowhere."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=usernames)
    }
    for username in usernames:
        if username not in users:
            if run.find_planned("person", username) is None:
                raise item.problem(key, f"unknown person '{username}'")
            users[username] = None
    return users


# --- Institutions -------------------------------------------------------------
