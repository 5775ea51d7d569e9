"""axe-core finds no violations on the inbox, the email preferences, the
unsubscribe page and the ten-step tracker, in English and in Spanish."""

import pytest

from communities.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MembershipFactory,
)
from communities.models import Membership
from engagement.models import Kind, Step, StepStatus
from engagement.services import unsubscribe_token
from engagement.tracker import tracker_of
from intranet.translation import translate_page
from resources.factories import DocumentFactory, DocumentLibraryPageFactory
from tests.browser import axe
from tests.browser.journeys import WORDS, person, sign_in


@pytest.mark.parametrize("language", ["en", "es"])
def test_engagement_pages_are_accessible(site, home, open_context, language):
    translate_page(home, "es", {"Minka": "Minka"})
    index = CommunityIndexPageFactory(parent=home)
    translate_page(index, "es", {"Communities": "Comunidades"})
    community = CommunityPageFactory(
        parent=index, title="Lima working group", slug="lima"
    )
    spanish = translate_page(
        community, "es", {"Lima working group": "Grupo de trabajo de Lima"}
    )
    DocumentLibraryPageFactory(
        parent=community.members_area(),
        slug="library",
        collection=community.collection,
    )
    moderator = person("lima-coordinator", language, "Rosa")
    MembershipFactory(
        community=community,
        institution=InstitutionFactory(name="Defensoría del Pueblo"),
        role=Membership.Role.COORDINATION,
        representatives=[moderator],
    )
    DocumentFactory(title="Draft law", collection=community.collection)
    tracker = tracker_of(community)
    tracker.steps.filter(step=Step.LEADERSHIP).update(
        status=StepStatus.DONE, note="A convenor everyone trusts."
    )
    tracker.steps.filter(step=Step.WORK_PLAN).update(status=StepStatus.IN_PROGRESS)
    tracker.public_summary = True
    tracker.save()

    prefix = WORDS[language]["prefix"]
    # The context bypasses the CSP only so that axe-core can be injected.
    page = sign_in(open_context(bypass_csp=True), site, moderator, language)
    community_path = (spanish if language == "es" else community).url
    for path in (
        community_path.removeprefix(prefix),
        "/notifications/",
        "/notifications/preferences/",
        "/communities/lima/progress/",
        "/communities/lima/progress/edit/",
        f"/notifications/unsubscribe/{unsubscribe_token(moderator, Kind.DOCUMENT)}/",
    ):
        page.goto(f"{site}{prefix}{path}")
        assert page.locator("html").get_attribute("lang") == language
        found = axe.violations(page)
        assert found == [], f"{page.url}\n{axe.describe(found)}"
