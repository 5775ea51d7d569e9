"""Template tags of the community pages."""

from django import template

from communities.services import requests_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_requests(context, community):
    """The signed-in person's applications and nominations to `community`,
    as {"pending": [...], "decided": [...], "all": pending then decided}, newest
    first."""
    request = context.get("request")
    found = {"pending": [], "decided": []}
    if request is not None:
        for membership in requests_of(request.user, community):
            key = "pending" if membership.is_pending else "decided"
            found[key].append(membership)
    found["all"] = found["pending"] + found["decided"]
    return found
