"""Memberships: an institution's place in a community, the requests that lead
to one, and what it grants.

A membership is the single source of truth for access: the community's members
and moderators groups are rewritten from its memberships (`services`), and
`is_member` / `is_moderator` read those groups through `intranet.access`, so
they and Wagtail's own view restrictions always agree.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intranet.access import group_ids_of

from .institutions import Institution


class MembershipRole(models.TextChoices):
    PLENARY = "plenary", _("Plenary member")
    COORDINATION = "coordination", _("Coordination group")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")


MODERATOR_ROLES = (MembershipRole.COORDINATION, MembershipRole.SECRETARIAT)


def _in_group(user, group_id):
    if not user.is_authenticated or group_id is None:
        return False
    return group_id in group_ids_of(user)


def is_moderator(user, community):
    """Coordination group or secretariat of `community` (or a site administrator)."""
    if user.is_authenticated and user.is_superuser and user.is_active:
        return True
    return _in_group(user, community.moderators_group_id)


def is_member(user, community):
    """Whether `user` may see `community`'s member-only sections."""
    if is_moderator(user, community):
        return True
    return _in_group(user, community.members_group_id)


class Decidable(models.Model):
    """What the coordination group decides on: an application, a nomination or
    a request to represent a member. The letter asking, and who decided, when
    and why.

    A model's `Status` has `ACTIVE` (approved) and `DECLINED` among its values.
    """

    letter = models.TextField(blank=True, verbose_name=_("letter"))
    motivation = models.TextField(blank=True, verbose_name=_("why it wants to join"))
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, verbose_name=_("reason"))

    class Meta:
        abstract = True

    def record_decision(self, approved, by, reason=""):
        """Approve or decline, noting who decided, now, and why (not saved)."""
        self.status = self.Status.ACTIVE if approved else self.Status.DECLINED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason


class Membership(Decidable):
    """An institution's place in a community: the source of truth for access.

    It starts as an application (by the institution) or a nomination (by a
    member): `submitted_by` wrote the letter.
    """

    Role = MembershipRole

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        NOMINATED = "nominated", _("Nominated")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        # By label: the community page module imports this one.
        "communities.CommunityPage",
        on_delete=models.CASCADE,
        related_name="membership_set",
        verbose_name=_("community"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    role = models.CharField(
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.PLENARY,
        verbose_name=_("role"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.APPLIED,
        verbose_name=_("status"),
    )
    start_date = models.DateField(null=True, blank=True, verbose_name=_("start date"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("end date"))
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="community_memberships",
        verbose_name=_("representatives"),
    )

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "institution"],
                name="one_membership_per_institution",
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.community}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_pending(self):
        return self.status in (self.Status.APPLIED, self.Status.NOMINATED)


class RepresentationRequest(Decidable):
    """Someone asks to represent an institution that is already a member of the
    community, or already waits for a decision there.

    Recorded and decided like an application, so the person learns nothing of
    the institution's standing from the answer: their page shows the request
    waiting, as it would a new application. Approving it makes them one of the
    institution's representatives.
    """

    class Status(models.TextChoices):
        # The values of `Membership.Status`, so both read alike in templates.
        APPLIED = "applied", _("Waiting")
        ACTIVE = "active", _("Approved")
        DECLINED = "declined", _("Declined")

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("membership"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("person"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.APPLIED,
        verbose_name=_("status"),
    )
    # Set when the person asks (an application's is set when it is sent).
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request to represent a member")
        verbose_name_plural = _("requests to represent a member")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "person"],
                condition=models.Q(status="applied"),
                name="one_waiting_representation_request",
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.membership}"

    @property
    def institution(self):
        return self.membership.institution

    @property
    def submitted_by(self):
        return self.person

    @property
    def is_pending(self):
        return self.status == self.Status.APPLIED
