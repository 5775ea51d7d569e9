"""Factories for communities (tests build only what they need)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from intranet.factories import UserFactory
from intranet.taxonomy import Pillar

from .models import (
    Activity,
    AttributedNote,
    CommunityIndexPage,
    CommunityPage,
    Institution,
    MeetingPage,
    Membership,
    WorkPlanPage,
)


class InstitutionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Institution {n}")
    acronym = factory.Sequence(lambda n: f"I{n}")
    pillar = Pillar.COMPANY
    country = "PE"

    class Meta:
        model = Institution


class CommunityIndexPageFactory(wagtail_factories.PageFactory):
    title = "Communities"
    slug = "communities"

    class Meta:
        model = CommunityIndexPage


class CommunityPageFactory(wagtail_factories.PageFactory):
    """A community: its groups, collection and members area come with it."""

    title = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    kind = "working_group"
    country = "PE"
    region = "Lima"
    summary = "A trusted space for dialogue."

    class Meta:
        model = CommunityPage


class MembershipFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityPageFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.PLENARY
    status = Membership.Status.ACTIVE
    start_date = datetime.date(2020, 1, 1)

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    @factory.post_generation
    def representatives(self, create, extracted, **kwargs):
        if create and extracted:
            self.representatives.add(*extracted)


class MeetingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    )
    duration_minutes = 120
    venue = "Lima"
    agenda = "Private security companies\nUse of force"
    minutes = "<p>Members discussed the draft law on private security.</p>"

    class Meta:
        model = MeetingPage


class AttributedNoteFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingPageFactory)
    speaker_institution = factory.SubFactory(InstitutionFactory)
    text = "The company said it would review its contract with the police."

    class Meta:
        model = AttributedNote


class WorkPlanPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Work plan {n}")
    starts_on = datetime.date(2017, 1, 1)
    ends_on = datetime.date(2017, 12, 31)

    class Meta:
        model = WorkPlanPage


def add_activity(plan, **fields):
    """Add an activity to a live work plan (as publishing it would)."""
    fields.setdefault("title", "Workshop on the Voluntary Principles")
    fields.setdefault("activity_type", "capacity_building")
    institutions = fields.pop("assigned_institutions", ())
    activity = Activity.objects.create(plan=plan, **fields)
    activity.assigned_institutions.set(institutions)
    activity.assigned_institutions.commit()  # a parental relation saves on commit
    return activity


__all__ = [
    "AttributedNoteFactory",
    "CommunityIndexPageFactory",
    "CommunityPageFactory",
    "InstitutionFactory",
    "MeetingPageFactory",
    "MembershipFactory",
    "UserFactory",
    "WorkPlanPageFactory",
    "add_activity",
]
