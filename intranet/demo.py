"""Site-wide demo content: the Spanish home page, an About page, site settings
and the accounts that are not tied to one community; and what every app's demo
uses to write a text in one language and translate it to the other."""

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail_localize.models import TranslationSource

from .models import HomePage, SiteSettings, StandardPage
from .roles import EDITORS, MODERATORS

HOME_INTRO = (
    "<p>Minka brings together companies, government and civil society who learn "
    "from each other about the governance of mining. Browse what others already "
    "tried, and meet your community in a neutral, trusted space.</p>",
    "<p>Minka reúne a empresas, Estado y sociedad civil que aprenden unos de otros "
    "sobre la gobernanza de la minería. Consulte lo que otros ya intentaron y "
    "encuentre a su comunidad en un espacio neutral y de confianza.</p>",
)

ABOUT = {
    "title": ("About Minka", "Acerca de Minka"),
    "slug": ("about", "acerca-de"),
    "intro": (
        "Minka is a Quechua word for collective work done for the common good.",
        "Minka es una palabra quechua que nombra el trabajo colectivo hecho por el "
        "bien común.",
    ),
    "paragraphs": [
        (
            "Since 2010 a neutral convenor, Socios Perú, has hosted working groups "
            "where mining companies, ministries, security providers and human "
            "rights organisations sit at one table.",
            "Desde 2010 una entidad convocante neutral, Socios Perú, acoge grupos de "
            "trabajo donde empresas mineras, ministerios, proveedores de seguridad "
            "y organizaciones de derechos humanos se sientan a una misma mesa.",
        ),
        (
            "The intranet keeps the memory of those groups: their case studies, "
            "good practices and documents, open to everyone, and their meetings, "
            "minutes and work plans, open to members only.",
            "La intranet guarda la memoria de esos grupos: sus casos, buenas "
            "prácticas y documentos, abiertos a todos, y sus reuniones, actas y "
            "planes de trabajo, abiertos solo a sus miembros.",
        ),
    ],
}

PASSWORD = "minka-demo"

# Place names the demo content gives in English, as Spanish readers know them.
SPANISH_REGIONS = {
    "Western Region": "Región Occidental",
    "Western Region (Tarkwa)": "Región Occidental (Tarkwa)",
}
# Demo accounts are recognised by their address, so --reset removes only them.
EMAIL_DOMAIN = "demo.minka.example"


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


def written_in(page):
    """The locale `page` was written in: that of its wagtail-localize source
    (the page its translations are made from), else its own."""
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .select_related("locale")
        .order_by("pk")
        .first()
    )
    return source.locale if source is not None else page.locale


def english_home():
    return HomePage.objects.get(depth=2, locale__language_code="en")


def load(loader):
    home = english_home()
    if not home.has_translation(loader.spanish):
        home.title = "Minka"
        home.intro = HOME_INTRO[0]
        home.save_revision().publish()
        loader.translate(home, {HOME_INTRO[0][3:-4]: HOME_INTRO[1][3:-4]})
    loader.progress("Home page in English and Spanish")

    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.convenor_name = "Socios Perú"
    settings.contact_email = "secretaria@example.org"
    settings.save()

    if not StandardPage.objects.filter(slug=ABOUT["slug"][0]).exists():
        about = StandardPage(
            title=ABOUT["title"][0],
            slug=ABOUT["slug"][0],
            intro=ABOUT["intro"][0],
            body=[("paragraph", f"<p>{en}</p>") for en, _ in ABOUT["paragraphs"]],
        )
        home.add_child(instance=about)
        about.save_revision().publish()
        strings = dict(ABOUT["paragraphs"])
        strings.update({ABOUT[key][0]: ABOUT[key][1] for key in ("title", "intro")})
        strings[ABOUT["slug"][0]] = ABOUT["slug"][1]
        loader.translate(about, strings)
    loader.progress("About page")

    loader.user("admin", "Administrator", superuser=True)
    loader.user("editor", "Editor: writes case studies", groups=[EDITORS])
    loader.user("reviewer", "Moderator: approves case studies", groups=[MODERATORS])
    loader.user("outsider", "Logged-in person with no membership")
    loader.progress("Site-wide accounts")


def reset(loader):
    home = english_home()
    for page in home.get_children():
        page.delete()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    get_user_model().objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()
