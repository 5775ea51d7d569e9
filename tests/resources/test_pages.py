"""The case study and good practice pages show all their parts, in both languages."""

import pytest
from django.contrib.auth.models import Group

from intranet.translation import translate_page
from resources.factories import (
    CaseStudyChangeFactory,
    CaseStudyPageFactory,
    CaseStudyVoiceFactory,
    DocumentFactory,
    GoodPracticePageFactory,
)
from resources.models import (
    CaseStudyCommunity,
    CaseStudyDocument,
    CaseStudyGoodPractice,
    DocumentLibraryPage,
    GoodPracticeEvidence,
)
from tests.resources.helpers import restricted_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study(indexes):
    page = CaseStudyPageFactory(
        parent=indexes["case_studies"],
        title="Dialogue in Tarkwa",
        slug="dialogue-in-tarkwa",
        country="GH",
        region="Western Region",
        start_year=2015,
        end_year=2016,
        pillars=["government", "civil_society"],
        tags=["artisanal mining"],
    )
    CaseStudyChangeFactory(
        page=page, from_text="Miners unheard", to_text="Miners at the table"
    )
    CaseStudyVoiceFactory(
        page=page, quote="We were finally heard.", speaker_role="Woman miner"
    )
    CaseStudyVoiceFactory(
        page=page, quote="Never publish me.", speaker_role="Chief", consent_given=False
    )
    page.save_revision().publish()
    return page


def test_case_study_renders_every_part(client, case_study, indexes):
    practice = GoodPracticePageFactory(
        parent=indexes["good_practices"], title="Begin in the field"
    )
    document = DocumentFactory(title="Tarkwa dialogue report")
    CaseStudyGoodPractice.objects.create(page=case_study, good_practice=practice)
    CaseStudyDocument.objects.create(page=case_study, document=document)
    CaseStudyCommunity.objects.create(
        page=case_study, community=indexes["publications"]
    )

    response = client.get("/case-studies/dialogue-in-tarkwa/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Dialogue in Tarkwa",
        "Ghana",
        "Western Region",
        "2015–2016",
        "Government",
        "Civil society",
        "artisanal mining",
        "Security incidents around mines.",
        "A feasibility study, then a core group.",
        "A work plan for the next year.",
        "Start with the people already convinced.",
        "Miners unheard",
        "Miners at the table",
        "We were finally heard.",
        "Woman miner",
        "Begin in the field",
        "Tarkwa dialogue report",
        f"/documents/{document.pk}/",
        "Publications",
    ):
        assert text in html, text
    assert "Never publish me." not in html


def test_related_items_the_visitor_may_not_see_are_not_shown(
    client, case_study, indexes
):
    secret = DocumentFactory(
        title="Coordination notes",
        collection=restricted_collection(Group.objects.create(name="Insiders")),
    )
    CaseStudyDocument.objects.create(page=case_study, document=secret)

    html = client.get(case_study.url).content.decode()

    assert "Coordination notes" not in html


def test_case_study_renders_in_spanish(client, case_study, spanish_indexes):
    translate_page(
        case_study,
        "es",
        {
            "Dialogue in Tarkwa": "Diálogo en Tarkwa",
            "dialogue-in-tarkwa": "dialogo-en-tarkwa",
            "How a regional working group found its feet.": (
                "Cómo nació un grupo regional."
            ),
            "Start with the people already convinced.": "Empiece por los convencidos.",
            "We were finally heard.": "Por fin nos escucharon.",
        },
    )

    response = client.get("/es/casos/dialogo-en-tarkwa/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Diálogo en Tarkwa" in html
    assert "Cómo nació un grupo regional." in html
    assert "Empiece por los convencidos." in html
    assert "Por fin nos escucharon." in html
    assert "Never publish me." not in html


def test_good_practice_renders_every_part_in_both_languages(
    client, indexes, spanish_indexes
):
    case_study = CaseStudyPageFactory(
        parent=indexes["case_studies"], title="Lima group"
    )
    practice = GoodPracticePageFactory(
        parent=indexes["good_practices"],
        title="Agree working rules",
        slug="agree-working-rules",
        tags=["confidentiality"],
    )
    GoodPracticeEvidence.objects.create(page=practice, case_study=case_study)
    practice.save_revision().publish()

    html = client.get("/good-practices/agree-working-rules/").content.decode()
    for text in (
        "Agree working rules",
        "Working rules",
        "Agree meeting cadence and confidentiality at the start.",
        "Clear rules build trust.",
        "Fix the cadence",
        "Choose a confidentiality rule",
        "Any multi-stakeholder working group.",
        "Lima group",
        "confidentiality",
    ):
        assert text in html, text
    assert html.index("Fix the cadence") < html.index("Choose a confidentiality rule")

    translate_page(case_study, "es", {"Lima group": "Grupo de Lima"})
    translate_page(
        practice,
        "es",
        {
            "Agree working rules": "Acordar reglas de trabajo",
            "agree-working-rules": "acordar-reglas",
            "Fix the cadence": "Fijar la frecuencia",
        },
    )
    response = client.get("/es/buenas-practicas/acordar-reglas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acordar reglas de trabajo" in html
    assert "Fijar la frecuencia" in html
    assert "Grupo de Lima" in html


def test_the_communities_of_a_case_study_are_chosen_among_community_pages(
    admin_client, case_study
):
    html = admin_client.get(f"/admin/pages/{case_study.pk}/edit/").content.decode()

    assert '"modelNames": ["communities.communitypage"]' in html


def test_a_document_library_goes_below_the_home_page_a_page_or_a_restricted_area():
    parents = DocumentLibraryPage.allowed_parent_page_models()

    assert {model._meta.label for model in parents} == {
        "intranet.HomePage",
        "intranet.StandardPage",
        "communities.MembersAreaPage",
        "communities.CoordinationAreaPage",
    }
