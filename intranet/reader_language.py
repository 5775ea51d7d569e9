"""Documents and images answer in the reader's language.

They are served at one address for every language (`/documents/<id>/<file>`,
`/images/...`), without the `/es/` prefix that decides the language elsewhere, so
Django's locale middleware would answer them (a login redirect, a 404 page) in
the default language. Here such an address takes the language the person chose
in their account, else the one their browser asks for.
"""

from django.conf import settings
from django.utils import translation
from wagtail.users.models import UserProfile

UNPREFIXED = ("/documents/", "/images/")


def reader_language(request):
    """The language `request`'s reader chose, else their browser's best match."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = (
            UserProfile.objects.filter(user=user)
            .values_list("preferred_language", flat=True)
            .first()
        )
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            return chosen
    return translation.get_language_from_request(request, check_path=False)


class ReaderLanguageMiddleware:
    """Activate the reader's language for the unprefixed media addresses (after
    the authentication middleware, before anything that answers them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(UNPREFIXED):
            language = reader_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", translation.get_language())
            patch = response.headers.get("Vary", "")
            if "Accept-Language" not in patch:
                response.headers["Vary"] = ", ".join(
                    part for part in (patch, "Accept-Language") if part
                )
        return response
