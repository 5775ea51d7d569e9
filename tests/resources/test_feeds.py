"""Feeds and the sitemap list public items only, per language."""

import pytest
from wagtail.models import PageViewRestriction

from intranet.translation import translate_page
from resources.factories import CaseStudyPageFactory, GoodPracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(indexes, spanish_indexes, restricted_page):
    public = CaseStudyPageFactory(
        parent=indexes["case_studies"], title="Open story", slug="open-story"
    )
    practice = GoodPracticePageFactory(
        parent=indexes["good_practices"], title="Open practice"
    )
    secret = CaseStudyPageFactory(
        parent=indexes["case_studies"], title="Secret story", slug="secret-story"
    )
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(restricted_page.insiders)
    translate_page(public, "es", {"Open story": "Historia abierta"})
    translate_page(secret, "es", {"Secret story": "Historia secreta"})
    return public, practice, secret


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_list_public_items_per_language(client, items, kind, make_user):
    english = client.get(f"/feeds/{kind}/").content.decode()
    spanish = client.get(f"/es/feeds/{kind}/").content.decode()

    assert "Open story" in english and "Open practice" in english
    assert "http://testserver/case-studies/open-story/" in english
    assert "Historia abierta" in spanish and "Open story" not in spanish
    for feed in (english, spanish):
        assert "Secret story" not in feed and "Historia secreta" not in feed
        assert "Insiders only" not in feed

    # A member asking changes nothing: feeds are read without a session.
    client.force_login(
        make_user(groups=[items[2].get_view_restrictions()[0].groups.get()])
    )
    assert "Secret story" not in client.get(f"/feeds/{kind}/").content.decode()


def test_index_pages_advertise_their_feeds(client, items):
    for url in ("/case-studies/", "/good-practices/", "/es/casos/"):
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html
        assert 'type="application/atom+xml"' in html
    assert 'href="/es/feeds/rss/"' in client.get("/es/casos/").content.decode()


def test_sitemap_lists_public_pages_only(client, items, restricted_page, make_user):
    client.force_login(make_user(groups=[restricted_page.insiders]))

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    assert "/case-studies/open-story/</loc>" in xml
    assert "/es/casos/" in xml
    assert "/good-practices/" in xml
    assert "secret-story" not in xml
    assert "/insiders/" not in xml
