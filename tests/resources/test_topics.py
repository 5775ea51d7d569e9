"""Topics are tags shared by both languages, shown by their label in each."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag

from intranet.models import TopicLabel
from intranet.translation import translate_page
from resources.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(indexes, spanish_indexes):
    english = CaseStudyPageFactory(
        parent=indexes["case_studies"],
        title="Police and communities",
        tags=["human rights", "security"],
    )
    english.save_revision().publish()
    spanish = translate_page(english, "es", {"Police and communities": "Policía"})
    TopicLabel.objects.create(
        tag=Tag.objects.get(name="human rights"),
        language="es",
        label="derechos humanos",
    )
    return english, spanish


def _topic_links(html):
    start = html.index('<ul class="topics"')
    return html[start : html.index("</ul>", start)]


def test_each_language_shows_its_label(client, labelled):
    english, spanish = labelled

    english_topics = _topic_links(client.get(english.url).content.decode())
    spanish_topics = _topic_links(client.get(spanish.url).content.decode())

    assert ">human rights<" in english_topics
    assert ">derechos humanos<" in spanish_topics
    assert "human rights" not in spanish_topics
    assert ">security<" in spanish_topics  # no label yet: the tag's own name


def test_the_filter_offers_labels_and_still_filters_by_the_shared_tag(
    client, labelled, spanish_indexes
):
    index_url = spanish_indexes["case_studies"].url
    response = client.get(index_url)

    choices = dict(response.context["filter_form"].fields["topic"].choices)
    assert choices["human-rights"] == "derechos humanos"

    filtered = client.get(index_url, {"topic": "human-rights"})
    assert [page.title for page in filtered.context["case_studies"]] == ["Policía"]


def test_search_facets_carry_the_label_and_the_shared_value(client, labelled):
    answer = client.get("/es/search/", {"q": "policia", "format": "json"}).json()

    topics = {value["value"]: value["label"] for value in answer["facets"]["topic"]}
    assert topics["human rights"] == "derechos humanos"
    assert topics["security"] == "security"


def test_editors_may_label_topics(client, make_user):
    editor = make_user(groups=[Group.objects.get(name="Editors")])
    client.force_login(editor)

    response = client.get("/admin/snippets/intranet/topiclabel/add/")

    assert response.status_code == 200


def test_a_language_has_one_label_per_topic(labelled):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TopicLabel.objects.create(
            tag=Tag.objects.get(name="human rights"), language="es", label="otra"
        )
