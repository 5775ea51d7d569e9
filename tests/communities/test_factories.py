"""Every factory builds, so none of them rots."""

import pytest

from communities import factories

pytestmark = pytest.mark.django_db


def test_every_factory_builds(community):
    area = community.members_area()
    institution = factories.InstitutionFactory()
    membership = factories.MembershipFactory(
        community=community, institution=institution
    )
    meeting = factories.MeetingPageFactory(parent=area)
    note = factories.AttributedNoteFactory(meeting=meeting)
    plan = factories.WorkPlanPageFactory(parent=area)
    activity = factories.add_activity(plan, assigned_institutions=[institution])
    assert membership.pk and note.pk and meeting.live and plan.live
    assert list(activity.assigned_institutions.all()) == [institution]
    assert community.get_parent().specific.__class__.__name__ == "CommunityIndexPage"
