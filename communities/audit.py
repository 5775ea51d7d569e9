"""Every change to a membership, in Wagtail's audit log: an institution applies
or is nominated, is approved, declined, suspended, reinstated or leaves, its
role changes, its representatives change. Who did it is the log context's
person (see `intranet.audit`).

A community's moderators read the entries of their own communities only: those
of its memberships (through the membership permission policy) and of its two
groups (the scope registered here).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log

from intranet.audit import register_audit_scope

from .models import Membership, MembershipRole
from .permissions import moderated_communities

Status = Membership.Status

APPLY = "minka.membership.apply"
NOMINATE = "minka.membership.nominate"
CREATE = "minka.membership.create"
APPROVE = "minka.membership.approve"
DECLINE = "minka.membership.decline"
SUSPEND = "minka.membership.suspend"
REINSTATE = "minka.membership.reinstate"
LEAVE = "minka.membership.leave"
STATUS = "minka.membership.status"
ROLE = "minka.membership.role"
REPRESENTATIVES = "minka.membership.representatives"

_CREATED = {Status.APPLIED: APPLY, Status.NOMINATED: NOMINATE}
_BECAME = {Status.DECLINED: DECLINE, Status.SUSPENDED: SUSPEND, Status.LEFT: LEAVE}


def _facts(membership):
    return {
        "community": str(membership.community.title),
        "community_id": membership.community_id,
        "institution": str(membership.institution),
        "role": membership.role,
        "status": membership.status,
    }


def status_action(before, after):
    """The audit action for a membership whose status went from `before` to
    `after` (None if it did not change)."""
    if before == after:
        return None
    if after == Status.ACTIVE:
        return REINSTATE if before == Status.SUSPENDED else APPROVE
    return _BECAME.get(after, STATUS)


def remember_state(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    instance._audit_before = (
        Membership.objects.filter(pk=instance.pk).values("status", "role").first()
    )


def membership_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        data = _facts(instance)
        log(instance, _CREATED.get(instance.status, CREATE), data=data)
        return
    action = status_action(before["status"], instance.status)
    if action:
        log(
            instance,
            action,
            data={**_facts(instance), "previous_status": before["status"]},
        )
    if before["role"] != instance.role:
        log(
            instance,
            ROLE,
            data={**_facts(instance), "previous_role": before["role"]},
        )
    instance._audit_before = {"status": instance.status, "role": instance.role}


def _usernames(pks):
    User = get_user_model()
    return sorted(
        User.objects.filter(pk__in=pks).values_list(User.USERNAME_FIELD, flat=True)
    )


def representatives_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        if reverse:
            instance._audit_cleared = list(instance.community_memberships.all())
        else:
            instance._audit_cleared = _usernames(instance.representatives.values("pk"))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    key = "added" if action == "post_add" else "removed"
    if not reverse:
        if action == "post_clear":
            people = getattr(instance, "_audit_cleared", [])
        else:
            people = _usernames(pk_set or ())
        if people:
            log(instance, REPRESENTATIVES, data={**_facts(instance), key: people})
        return
    # From the person's side: the memberships they now represent, or no longer.
    if action == "post_clear":
        memberships = getattr(instance, "_audit_cleared", [])
    else:
        memberships = Membership.objects.filter(pk__in=pk_set or ())
    for membership in memberships:
        log(
            membership,
            REPRESENTATIVES,
            data={**_facts(membership), key: [instance.get_username()]},
        )


def community_groups_in_reach(user):
    """The members and moderators groups of the communities `user` moderates."""
    communities = moderated_communities(user)
    return Group.objects.filter(
        Q(pk__in=communities.values("members_group"))
        | Q(pk__in=communities.values("moderators_group"))
    ).values("pk")


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or "—"


class _MembershipFormatter(LogFormatter):
    text = ""

    def values(self, log_entry):
        data = log_entry.data or {}
        return {
            "institution": data.get("institution", log_entry.label),
            "community": data.get("community", ""),
            "role": _label(MembershipRole, data.get("role")),
            "previous_role": _label(MembershipRole, data.get("previous_role")),
            "status": _label(Status, data.get("status")),
            "previous_status": _label(Status, data.get("previous_status")),
            "people": ", ".join(data.get("added") or data.get("removed") or []),
        }

    def format_message(self, log_entry):
        return str(self.text) % self.values(log_entry)


def _formatter(label, text):
    return type("_Formatter", (_MembershipFormatter,), {"label": label, "text": text})


# Marked here, translated when shown: in the reader's language.
_ACTIONS = {
    APPLY: (
        _("Membership: apply"),
        _("%(institution)s applied to join %(community)s"),
    ),
    NOMINATE: (
        _("Membership: nominate"),
        _("%(institution)s was nominated to join %(community)s"),
    ),
    CREATE: (
        _("Membership: create"),
        _("%(institution)s added to %(community)s as %(role)s (%(status)s)"),
    ),
    APPROVE: (
        _("Membership: approve"),
        _("Approved %(institution)s as %(role)s of %(community)s"),
    ),
    DECLINE: (
        _("Membership: decline"),
        _("Declined the membership of %(institution)s in %(community)s"),
    ),
    SUSPEND: (
        _("Membership: suspend"),
        _("Suspended the membership of %(institution)s in %(community)s"),
    ),
    REINSTATE: (
        _("Membership: reinstate"),
        _("Reinstated the membership of %(institution)s in %(community)s"),
    ),
    LEAVE: (
        _("Membership: leave"),
        _("%(institution)s left %(community)s"),
    ),
    STATUS: (
        _("Membership: change status"),
        _(
            "The membership of %(institution)s in %(community)s went from "
            "%(previous_status)s to %(status)s"
        ),
    ),
    ROLE: (
        _("Membership: change role"),
        _(
            "The role of %(institution)s in %(community)s changed from "
            "%(previous_role)s to %(role)s"
        ),
    ),
}


class _RepresentativesFormatter(_MembershipFormatter):
    label = _("Membership: change representatives")

    def format_message(self, log_entry):
        values = self.values(log_entry)
        if (log_entry.data or {}).get("added"):
            text = _("%(people)s now represent %(institution)s in %(community)s")
        else:
            text = _("%(people)s no longer represent %(institution)s in %(community)s")
        return str(text) % values


@hooks.register("register_log_actions")
def register_membership_actions(actions):
    for action, (label, text) in _ACTIONS.items():
        actions.register_action(action)(_formatter(label, text))
    actions.register_action(REPRESENTATIVES)(_RepresentativesFormatter)


def register():
    pre_save.connect(remember_state, sender=Membership)
    post_save.connect(membership_saved, sender=Membership)
    m2m_changed.connect(
        representatives_changed, sender=Membership.representatives.through
    )
    register_audit_scope(Group, community_groups_in_reach)
