"""Named entry points other parts call: the knowledge-base skeleton of a locale
(home, index pages, public publications library) and its editorial workflow."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from intranet.models import HomePage
from intranet.roles import (
    MODERATORS,
    editorial_groups,
    grant_editorial_rights,
    grant_media_rights,
)
from intranet.translation import translate_page

from .models import CaseStudyIndexPage, DocumentLibraryPage, GoodPracticeIndexPage

WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Moderator approval"
PUBLICATIONS_COLLECTION = "Publications"

# (English title, English slug, Spanish title, Spanish slug)
CASE_STUDIES = ("Case studies", "case-studies", "Casos", "casos")
GOOD_PRACTICES = (
    "Good practices",
    "good-practices",
    "Buenas prácticas",
    "buenas-practicas",
)
PUBLICATIONS = ("Publications", "publications", "Publicaciones", "publicaciones")
PUBLICATIONS_INTRO = (
    "Reports, studies and toolkits that anyone may read and share.",
    "Informes, estudios y herramientas que cualquiera puede leer y compartir.",
)


def editorial_workflow():
    """The "Editorial review" workflow: one approval by the Moderators group."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    task.groups.add(moderators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def prepare_knowledge_index(index_page):
    """Editors draft and Moderators approve below a knowledge-base index."""
    grant_editorial_rights(index_page)
    WorkflowPage.objects.get_or_create(
        page=index_page, defaults={"workflow": editorial_workflow()}
    )


def _locale(locale):
    if isinstance(locale, Locale):
        return locale
    return Locale.objects.get(language_code=locale)


def _english_child(home, model, names, **fields):
    page = model.objects.child_of(home).filter(slug=names[1]).first()
    if page is None:
        page = model(title=names[0], slug=names[1], show_in_menus=True, **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _in_locale(page, locale, names, extra_strings=None):
    if locale.language_code == page.locale.language_code:
        return page
    translated = page.get_translation_or_none(locale)
    if translated is not None:
        return translated.specific
    strings = {names[0]: names[2], names[1]: names[3], **(extra_strings or {})}
    return translate_page(page, locale.language_code, strings)


def publications_collection():
    collection = Collection.objects.filter(
        name=PUBLICATIONS_COLLECTION, depth=2
    ).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(
            name=PUBLICATIONS_COLLECTION
        )
    # Editors and Moderators upload and pick the media of the knowledge base here.
    grant_media_rights(collection, editorial_groups())
    return collection


@transaction.atomic
def ensure_knowledge_indexes(locale):
    """Get or create, in `locale` (a Locale or "en"/"es"), the home page, the case
    study and good practice indexes and the public "Publications" library.

    Pages in another language are translations of the English ones (which are
    created first if needed). Returns a dict of the pages and the collection.
    """
    locale = _locale(locale)
    english_home = HomePage.objects.get(depth=2, locale__language_code="en")
    if locale.language_code == "en":
        home = english_home
    else:
        home = english_home.get_translation_or_none(locale)
        if home is None:
            home = translate_page(english_home, locale.language_code)
        home = home.specific

    collection = publications_collection()
    english = {
        "case_studies": _english_child(english_home, CaseStudyIndexPage, CASE_STUDIES),
        "good_practices": _english_child(
            english_home, GoodPracticeIndexPage, GOOD_PRACTICES
        ),
        "publications": _english_child(
            english_home,
            DocumentLibraryPage,
            PUBLICATIONS,
            collection=collection,
            intro=f"<p>{PUBLICATIONS_INTRO[0]}</p>",
        ),
    }
    pages = {
        "case_studies": _in_locale(english["case_studies"], locale, CASE_STUDIES),
        "good_practices": _in_locale(english["good_practices"], locale, GOOD_PRACTICES),
        "publications": _in_locale(
            english["publications"],
            locale,
            PUBLICATIONS,
            {PUBLICATIONS_INTRO[0]: PUBLICATIONS_INTRO[1]},
        ),
    }
    for key in ("case_studies", "good_practices"):
        prepare_knowledge_index(english[key])
        prepare_knowledge_index(pages[key])
    return {"home": home, **pages, "publications_collection": collection}
