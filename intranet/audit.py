"""The audit trail: who downloaded a restricted document, and who gave or took
away access (a person added to or removed from a group), in Wagtail's own log.

Entries are Wagtail log entries, so the admin's "Site history" report lists
them and exports them as CSV; `intranet.admin_views.SiteHistoryView` shows each
person only the entries of objects in their reach, as answered by the scopes
registered here (`register_audit_scope`) and the scoped permission policies.

Who acted comes from Wagtail's log context: the admin opens one for each of its
views, and `AuditContextMiddleware` opens one for every other signed-in request
(applications and decisions on the site). Work without a request (commands,
tasks) is logged without a person.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.log_actions import LogContext, LogFormatter, log
from wagtail.permissions import policy_registry

from .access import can_view_collection

DOWNLOAD = "minka.document.download"
GRANT = "minka.access.grant"
REVOKE = "minka.access.revoke"

_scopes = {}


def register_audit_scope(model, object_ids_for):
    """Say whose audit entries about `model` a person may read.

    `object_ids_for(user)` returns the primary keys (a queryset or iterable) of
    the `model` rows whose entries `user` may see; superusers see all. Without
    a scope, a model's entries follow Wagtail's rule (any right on the model).
    """
    _scopes[model] = object_ids_for


def audit_scope(model):
    return _scopes.get(model)


class AuditContextMiddleware:
    """Name the signed-in person as the author of whatever the request logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with LogContext(user=user):
            return self.get_response(request)


def _people(pks):
    User = get_user_model()
    return sorted(
        User.objects.filter(pk__in=pks).values_list(User.USERNAME_FIELD, flat=True)
    )


def _log_membership_of_group(group, action, people):
    for person in people:
        log(group, action, data={"person": person})


def group_members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A person added to or removed from a group, from either side."""
    if action == "pre_clear":
        # Who is about to go: a clear does not name them afterwards.
        if isinstance(instance, Group):
            instance._audit_cleared = _people(instance.user_set.values("pk"))
        else:
            instance._audit_cleared = list(instance.groups.all())
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = GRANT if action == "post_add" else REVOKE
    if isinstance(instance, Group):
        if action == "post_clear":
            people = getattr(instance, "_audit_cleared", [])
        else:
            people = _people(pk_set or ())
        _log_membership_of_group(instance, verb, people)
        return
    # From the person's side: the groups they joined or left.
    if action == "post_clear":
        groups = getattr(instance, "_audit_cleared", [])
    else:
        groups = Group.objects.filter(pk__in=pk_set or ())
    person = instance.get_username()
    for group in groups:
        log(group, verb, data={"person": person})


def document_downloaded(sender, instance, request, **kwargs):
    """A document of a restricted collection was served (the privacy check has
    passed by then: Wagtail sends this signal just before the file)."""
    if instance.collection_id and can_view_collection(
        AnonymousUser(), instance.collection
    ):
        return
    user = request.user if request.user.is_authenticated else None
    log(instance, DOWNLOAD, user=user, data={"title": instance.title})


def documents_in_reach(user):
    """Documents whose entries a person may read: those of the collections they
    manage (a community's moderators, their community's library)."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.instances_user_has_any_permission_for(user, ["change"]).values("pk")


class _DownloadFormatter(LogFormatter):
    label = _("Download a restricted document")

    def format_message(self, log_entry):
        return gettext("Downloaded the restricted document “%(title)s”") % {
            "title": log_entry.data.get("title", log_entry.label)
        }


class _GrantFormatter(LogFormatter):
    label = _("Access: add to group")

    def format_message(self, log_entry):
        return gettext("Added %(person)s to the group “%(group)s”") % {
            "person": log_entry.data.get("person", "?"),
            "group": log_entry.label,
        }


class _RevokeFormatter(LogFormatter):
    label = _("Access: remove from group")

    def format_message(self, log_entry):
        return gettext("Removed %(person)s from the group “%(group)s”") % {
            "person": log_entry.data.get("person", "?"),
            "group": log_entry.label,
        }


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(DOWNLOAD)(_DownloadFormatter)
    actions.register_action(GRANT)(_GrantFormatter)
    actions.register_action(REVOKE)(_RevokeFormatter)


def register():
    m2m_changed.connect(group_members_changed, sender=get_user_model().groups.through)
    document_served.connect(document_downloaded, sender=get_document_model())
    register_audit_scope(get_document_model(), documents_in_reach)
