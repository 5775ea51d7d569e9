"""Every page type in at most 15 queries, for everyone, in both languages.

Data-driven: every Wagtail page model of the project is served to a visitor, an
outsider (signed in, no membership), a member and a moderator, in English and in
Spanish; a page model without an example here fails the enumeration test. The
count must not grow when what a page lists doubles (meetings, documents,
institutions, topics, case studies, translations).

The site is built once for the module (the tests roll back only what they add).
"""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from wagtail.models import Page

from communities.factories import (
    AttributedNoteFactory,
    CommunityIndexPageFactory,
    CommunityPageFactory,
    InstitutionFactory,
    MeetingPageFactory,
    MembershipFactory,
    WorkPlanPageFactory,
    add_activity,
)
from communities.models import Membership
from intranet.factories import StandardPageFactory, UserFactory
from intranet.models import english_home
from intranet.translation import translate_page
from resources.factories import (
    CaseStudyChangeFactory,
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    CaseStudyVoiceFactory,
    DocumentFactory,
    DocumentLibraryPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 15
ROLES = ("visitor", "outsider", "member", "moderator")
LANGUAGES = ("en", "es")
# What a signed-in person may be kept from: the members-only pages answer a
# visitor with the login redirect and an outsider with a 404, in budget too.
MEMBERS_ONLY = {
    "MembersAreaPage",
    "CoordinationAreaPage",
    "MeetingPage",
    "WorkPlanPage",
    "DocumentLibraryPage",
}


def page_names():
    """Every page model of the project, by name."""
    return sorted(
        model.__name__
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page
    )


class Site:
    """The example pages, their related items, and the people who read them."""

    def __init__(self):
        self.home = english_home()
        self.spanish_home = translate_page(self.home, "es", {"Minka": "Minka"})
        self.standard = StandardPageFactory(
            parent=self.home, title="About", slug="about"
        )
        self.communities = CommunityIndexPageFactory(
            parent=self.home, slug="communities"
        )
        self.community = CommunityPageFactory(parent=self.communities, slug="lima")
        self.area = self.community.members_area()
        self.library = DocumentLibraryPageFactory(
            parent=self.area, slug="library", collection=self.community.collection
        )
        self.case_studies = CaseStudyIndexPageFactory(parent=self.home)
        self.practices = GoodPracticeIndexPageFactory(parent=self.home)
        self.practice = GoodPracticePageFactory(parent=self.practices, slug="champion")
        self.case_study = CaseStudyPageFactory(parent=self.case_studies, slug="first")
        self.plan = WorkPlanPageFactory(parent=self.area, slug="plan")
        self.meeting = MeetingPageFactory(parent=self.area, slug="plenary")
        self.people = {"visitor": None, "outsider": UserFactory()}
        for role, membership_role in (
            ("member", Membership.Role.PLENARY),
            ("moderator", Membership.Role.COORDINATION),
        ):
            person = UserFactory()
            MembershipFactory(
                community=self.community,
                role=membership_role,
                representatives=[person],
            )
            self.people[role] = person
        self.grow()
        self.examples = {
            "HomePage": self.home,
            "StandardPage": self.standard,
            "CommunityIndexPage": self.communities,
            "CommunityPage": self.community,
            "MembersAreaPage": self.area,
            "CoordinationAreaPage": self.community.coordination_area(),
            "MeetingPage": self.meeting,
            "WorkPlanPage": self.plan,
            "DocumentLibraryPage": self.library,
            "CaseStudyIndexPage": self.case_studies,
            "CaseStudyPage": self.case_study,
            "GoodPracticeIndexPage": self.practices,
            "GoodPracticePage": self.practice,
        }
        # Parents before children: a translation needs its parent's.
        for page in sorted(self.examples.values(), key=lambda page: page.depth):
            if not page.has_translation(self.spanish_home.locale):
                translate_page(page, "es")
        self.spanish = {
            name: page.get_translation(self.spanish_home.locale)
            for name, page in self.examples.items()
        }

    def page(self, name, language):
        pages = self.examples if language == "en" else self.spanish
        return Page.objects.get(pk=pages[name].pk)

    def client(self, role):
        client = Client()
        if self.people[role] is not None:
            client.force_login(self.people[role])
        return client

    def grow(self):
        """Add one more of everything the example pages list."""
        n = Page.objects.count()
        tag = f"topic-{n}"
        institution = InstitutionFactory()
        MembershipFactory(community=self.community, institution=institution)
        meeting = MeetingPageFactory(
            parent=self.area,
            starts_at=self.meeting.starts_at - datetime.timedelta(days=30 + n),
        )
        AttributedNoteFactory(meeting=self.meeting, speaker_institution=institution)
        add_activity(self.plan, status="held", date=datetime.date(2017, 3, 1))
        DocumentFactory(collection=self.community.collection, tags=[tag])
        document = DocumentFactory(tags=[tag])
        case_study = CaseStudyPageFactory(parent=self.case_studies, tags=[tag])
        practice = GoodPracticePageFactory(parent=self.practices, tags=[tag])
        CaseStudyChangeFactory(page=self.case_study)
        CaseStudyVoiceFactory(page=self.case_study)
        self.case_study.tags.add(tag)
        self.case_study.communities.create(community=self.community)
        self.case_study.related_practices.create(good_practice=practice)
        self.case_study.related_documents.create(document=document)
        self.case_study.save()
        self.practice.tags.add(tag)
        self.practice.save()
        StandardPageFactory(parent=self.home, show_in_menus=True)
        if hasattr(self, "spanish"):
            for page in (meeting, case_study, practice):
                translate_page(page, "es")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The example site, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Site()
        transaction.set_rollback(True)


COORDINATION_ONLY = {"CoordinationAreaPage"}


def expected_status(name, role):
    if name in COORDINATION_ONLY and role == "member":
        return 404
    if name not in MEMBERS_ONLY or role in ("member", "moderator"):
        return 200
    return 302 if role == "visitor" else 404


def test_every_page_model_has_an_example(site):
    assert sorted(site.examples) == page_names()


@pytest.mark.django_db
@pytest.mark.parametrize("name", page_names())
def test_page_in_budget_for_everyone_and_steady_as_it_grows(
    site, name, django_assert_max_num_queries
):
    assert name in site.examples, f"No example page for {name}: add one above."
    counts = {}
    for language in LANGUAGES:
        url = site.page(name, language).url
        for role in ROLES:
            client = site.client(role)
            client.get(url)  # the first visit signs in and warms shared caches
            info = f"{name}, {language}, {role}"
            with django_assert_max_num_queries(BUDGET, info=info) as captured:
                response = client.get(url)
            assert response.status_code == expected_status(name, role), (
                f"{name} {language} {role}: {response.status_code}"
            )
            counts[(language, role)] = len(captured.captured_queries)

    site.grow()
    for language in LANGUAGES:
        url = site.page(name, language).url
        for role in ROLES:
            client = site.client(role)
            client.get(url)
            info = f"{name}, {language}, {role}, with twice the related items"
            with django_assert_max_num_queries(counts[(language, role)], info=info):
                client.get(url)
