"""The knowledge-base skeleton other parts (import, demo) build on."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from resources.models import (
    CaseStudyIndexPage,
    DocumentLibraryPage,
    GoodPracticeIndexPage,
)
from resources.services import ensure_knowledge_indexes

pytestmark = pytest.mark.django_db


def test_ensure_knowledge_indexes_creates_both_locales_once(client, home):
    english = ensure_knowledge_indexes("en")
    spanish = ensure_knowledge_indexes("es")
    page_count = Page.objects.count()

    again = ensure_knowledge_indexes("es")

    assert Page.objects.count() == page_count
    assert again["case_studies"].pk == spanish["case_studies"].pk
    assert (
        spanish["case_studies"].translation_key
        == english["case_studies"].translation_key
    )
    assert spanish["home"].locale.language_code == "es"
    assert CaseStudyIndexPage.objects.count() == 2
    assert GoodPracticeIndexPage.objects.count() == 2
    assert DocumentLibraryPage.objects.count() == 2
    assert spanish["publications"].collection == english["publications"].collection
    for url in (
        "/case-studies/",
        "/good-practices/",
        "/publications/",
        "/es/casos/",
        "/es/buenas-practicas/",
        "/es/publicaciones/",
    ):
        assert client.get(url).status_code == 200, url


def test_editors_and_moderators_get_rights_on_every_index(home):
    pages = [
        *ensure_knowledge_indexes("en").values(),
        *ensure_knowledge_indexes("es").values(),
    ]
    indexes = [
        p for p in pages if isinstance(p, CaseStudyIndexPage | GoodPracticeIndexPage)
    ]

    assert len(indexes) == 4
    for name, codename in (("Editors", "add_page"), ("Moderators", "publish_page")):
        group = Group.objects.get(name=name)
        for index in indexes:
            assert GroupPagePermission.objects.filter(
                group=group, page=index, permission__codename=codename
            ).exists()
    assert not GroupPagePermission.objects.filter(
        group__name="Editors", permission__codename="publish_page"
    ).exists()
