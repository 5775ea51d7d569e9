"""What happens to a community's access when it is created or its memberships change.

Memberships are the single source of truth: `sync_community_groups` rewrites the
community's members and moderators groups from them, and the signal handlers call
it on every membership or representative change, so removal revokes access at once.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_supported_language_variant, pgettext
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupPagePermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from intranet.access.audiences import Audience, CollectionTier
from intranet.roles import grant_media_rights
from intranet.signals import membership_decided
from intranet.tasks import send_email
from intranet.translation import translate_page

from .models import (
    MODERATOR_ROLES,
    CommunityPage,
    CoordinationAreaPage,
    Institution,
    MembersAreaPage,
    Membership,
    RepresentationRequest,
)

COMMUNITIES_COLLECTION = "Communities"
COORDINATION_COLLECTION = "coordination group"
PAGE_RIGHTS = ("add_page", "change_page", "publish_page")
SNIPPET_RIGHTS = [
    f"{action}_{model}"
    for model in ("membership", "attributednote")
    for action in ("add", "change", "delete", "view")
] + ["add_institution", "view_institution"]  # to choose or propose, not to edit
PENDING_STATUSES = (Membership.Status.APPLIED, Membership.Status.NOMINATED)
# An institution in one of these may not apply or be nominated again.
BLOCKING_STATUSES = (
    *PENDING_STATUSES,
    Membership.Status.ACTIVE,
    Membership.Status.SUSPENDED,
)


def group_names(community):
    key = slugify(community.slug or community.title)[:60]
    return f"Community {key} ({community.translation_key.hex[:8]}): members", (
        f"Community {key} ({community.translation_key.hex[:8]}): moderators"
    )


def communities_collection():
    existing = Collection.objects.filter(depth=2, name=COMMUNITIES_COLLECTION).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=COMMUNITIES_COLLECTION)


def _create_collection(community, groups):
    parent = communities_collection()
    collection = parent.add_child(name=f"{community.title} ({community.slug})")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    return collection


def _create_coordination_collection(community):
    """The coordination group's collection, inside the community's: its
    restriction names the moderators group only, so members are turned away."""
    collection = community.collection.add_child(
        name=f"{community.title} ({community.slug}): {COORDINATION_COLLECTION}"
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([community.moderators_group])
    return collection


def _grant_moderator_rights(moderators, page, collection=None):
    """Admin access limited to the community's subtree and collection."""
    moderators.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        # The searches that found nothing, to fill the knowledge base's gaps.
        Permission.objects.get(
            content_type__app_label="minka_search", codename="view_zeroresultquery"
        ),
    )
    # Scoped to their own communities by the snippet views (wagtail_hooks).
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="communities",
            codename__in=SNIPPET_RIGHTS,
        )
    )
    for codename in PAGE_RIGHTS:
        GroupPagePermission.objects.get_or_create(
            group=moderators,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    if collection is not None:
        grant_media_rights(collection, [moderators])


def _create_workflow(community, moderators):
    workflow = Workflow.objects.create(
        name=_("Minutes approval: %(community)s") % {"community": community.title}
    )
    task = GroupApprovalTask.objects.create(
        name=_("Coordination group approves: %(community)s")
        % {"community": community.title}
    )
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def community_workflow(community):
    assignment = (
        WorkflowPage.objects.filter(page__translation_key=community.translation_key)
        .select_related("workflow")
        .first()
    )
    return assignment.workflow if assignment else None


def restrict_members_area(area, community):
    """Members area, in every language: members and moderators of the community only.

    Each translation ends with exactly one restriction, to those two groups.
    Only what differs is written, so a second call changes nothing.
    """
    _restrict_to_groups(
        area, {community.members_group_id, community.moderators_group_id}
    )


def restrict_coordination_area(area, community):
    """Coordination area, in every language: the community's moderators group
    (its coordination group and secretariat representatives) only."""
    _restrict_to_groups(area, {community.moderators_group_id})


def _restrict_to_groups(area, group_ids):
    for page in area.get_translations(inclusive=True):
        restrictions = list(
            PageViewRestriction.objects.filter(page=page).order_by("pk")
        )
        restriction = (
            restrictions[0] if restrictions else PageViewRestriction(page=page)
        )
        for extra in restrictions[1:]:
            extra.delete()
        if restriction.pk is None or (
            restriction.restriction_type != PageViewRestriction.GROUPS
            or restriction.password
        ):
            restriction.restriction_type = PageViewRestriction.GROUPS
            restriction.password = ""
            restriction.save()
        if set(restriction.groups.values_list("pk", flat=True)) != group_ids:
            restriction.groups.set(group_ids)


def set_up_community(community):
    """Give a new community (or a new translation of one) what it needs.

    The source page gets two groups, a private collection, a restricted members
    area and a minutes workflow; a translation shares them and gets the same admin
    rights and workflow on its own subtree.
    """
    with transaction.atomic():
        sibling = (
            CommunityPage.objects.filter(translation_key=community.translation_key)
            .exclude(pk=community.pk)
            .exclude(members_group=None)
            .first()
        )
        if sibling is not None:
            fields = {
                "members_group": sibling.members_group,
                "moderators_group": sibling.moderators_group,
                "collection": sibling.collection,
            }
        elif community.members_group_id is None:
            members_name, moderators_name = group_names(community)
            members = Group.objects.get_or_create(name=members_name)[0]
            moderators = Group.objects.get_or_create(name=moderators_name)[0]
            fields = {
                "members_group": members,
                "moderators_group": moderators,
                "collection": _create_collection(community, [members, moderators]),
            }
        else:
            fields = {}
        if fields:
            CommunityPage.objects.filter(pk=community.pk).update(
                **{f"{name}_id": value.pk for name, value in fields.items()}
            )
            for name, value in fields.items():
                setattr(community, name, value)

        _grant_moderator_rights(
            community.moderators_group, community, community.collection
        )
        workflow = community_workflow(community) or _create_workflow(
            community, community.moderators_group
        )
        WorkflowPage.objects.get_or_create(
            page=community, defaults={"workflow": workflow}
        )
        if sibling is None and not MembersAreaPage.objects.child_of(community).exists():
            area = MembersAreaPage(
                title=_("Members area"),
                slug="members",
                locale=community.locale,
                live=True,
            )
            community.add_child(instance=area)
            restrict_members_area(area, community)
        set_up_coordination(community)
        sync_community_groups(community)


def set_up_coordination(community):
    """The coordination tier of a community: its collection (shared by every
    translation) and a coordination area in each members area, restricted to
    the moderators group. Idempotent: a second call changes nothing."""
    if community.collection_id is None or community.moderators_group_id is None:
        return
    translations = CommunityPage.objects.filter(
        translation_key=community.translation_key
    )
    if community.coordination_collection_id is None:
        shared = (
            translations.exclude(coordination_collection=None)
            .values_list("coordination_collection", flat=True)
            .first()
        )
        collection = (
            Collection.objects.get(pk=shared)
            if shared
            else _create_coordination_collection(community)
        )
        translations.update(coordination_collection=collection)
        community.coordination_collection = collection
    areas = [
        page.members_area() for page in translations.order_by("pk").select_related()
    ]
    areas = [area for area in areas if area is not None]
    existing = [
        found
        for area in areas
        if (found := CoordinationAreaPage.objects.child_of(area).first())
    ]
    for area in areas:
        if CoordinationAreaPage.objects.child_of(area).exists():
            continue
        if existing:
            coordination = _translate_coordination_area(existing[0], area.locale)
        else:
            coordination = _create_coordination_area(area)
        existing.append(coordination)
    if existing:
        restrict_coordination_area(existing[0], community)


def collection_tiers():
    """Each community's collection and its coordination collection (one query;
    translations share them)."""
    pairs = (
        CommunityPage.objects.exclude(coordination_collection=None)
        .exclude(collection=None)
        .select_related("collection", "coordination_collection")
        .order_by("pk")
    )
    tiers = {}
    for community in pairs:
        tiers.setdefault(
            community.collection_id,
            CollectionTier(community.collection, community.coordination_collection),
        )
    return list(tiers.values())


def set_up_coordination_everywhere():
    """Give every community its coordination tier, and move the documents
    labelled "Coordination group only" before the tier existed into it (run
    after every `migrate`: a site upgraded from before the tier gets it)."""
    seen = set()
    for community in CommunityPage.objects.exclude(collection=None).order_by("pk"):
        if community.translation_key in seen:
            continue
        seen.add(community.translation_key)
        set_up_coordination(community)
        community.refresh_from_db(fields=["coordination_collection"])
        target = community.coordination_collection
        if target is None:
            continue
        # The library's documents, whichever app keeps them (Wagtail's setting).
        labelled = (
            get_document_model()
            .objects.filter(
                collection__path__startswith=community.collection.path,
                confidentiality=Audience.COORDINATION,
            )
            .exclude(collection__path__startswith=target.path)
        )
        for document in labelled:
            document.collection = target
            document.save()


def _create_coordination_area(members_area):
    with translation.override(members_area.locale.language_code):
        coordination = CoordinationAreaPage(
            title=_("Coordination group"),
            slug=pgettext("URL slug", "coordination"),
            locale=members_area.locale,
            live=True,
        )
    members_area.add_child(instance=coordination)
    return coordination


def _translate_coordination_area(source, locale):
    with translation.override(locale.language_code):
        strings = {
            source.title: _("Coordination group"),
            source.slug: pgettext("URL slug", "coordination"),
        }
    return translate_page(source, locale.language_code, strings)


def sync_community_groups(community):
    """Rewrite the community's groups from its active memberships."""
    if community.members_group_id is None:
        return
    active = Membership.objects.filter(
        community__translation_key=community.translation_key,
        status=Membership.Status.ACTIVE,
    )
    through = Membership.representatives.through
    member_ids = set(
        through.objects.filter(membership__in=active).values_list("user_id", flat=True)
    )
    moderator_ids = set(
        through.objects.filter(
            membership__in=active.filter(role__in=MODERATOR_ROLES)
        ).values_list("user_id", flat=True)
    )
    community.members_group.user_set.set(member_ids)
    community.moderators_group.user_set.set(moderator_ids)


def delete_community_access(community):
    """Remove the community's groups, collection and workflow (demo reset)."""
    workflow = community_workflow(community)
    if workflow is not None:
        tasks = [wt.task for wt in workflow.workflow_tasks.all()]
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.delete()
        for task in tasks:
            task.delete()
    groups = [community.members_group, community.moderators_group]
    collection = community.collection
    for group in groups:
        if group is not None:
            group.delete()
    if collection is not None:
        collection.get_descendants(inclusive=True).delete()


class RequestRefused(Exception):
    """The institution is a member already, or already waits for a decision."""

    def __init__(self, membership):
        self.membership = membership
        super().__init__(refusal_message(membership))


def refusal_message(membership):
    """Why `membership`'s institution cannot apply or be nominated again."""
    if membership.status == Membership.Status.ACTIVE:
        text = _("%(name)s is already a member of this community.")
    else:
        text = _("%(name)s already has a pending application or nomination.")
    return text % {"name": membership.institution}


def may_know_of(user, membership):
    """Whether `user` may be told that `membership` stands in the way of a new
    request: they represent its institution (in any community).

    Anyone else is answered as if their request were new, so that the forms
    never reveal which institutions are members or wait for a decision. That
    includes whoever submitted the standing request: were a second request of
    theirs refused where a member's is not, two requests would tell a new
    institution from a member.
    """
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        institution_id=membership.institution_id, representatives=user
    ).exists()


def _name_key(name):
    return " ".join(name.split()).casefold()


def find_institution(name):
    """The institution called `name` in any language, whatever its spacing or
    letter case ("Ministry of Energy and Mines" finds "Ministerio de Energía y
    Minas" when that is its English name)."""
    key = _name_key(name)
    if not key:
        return None
    spaced = " ".join(name.split())
    fields = ["name", *(f"name_{code}" for code, _label in settings.LANGUAGES)]
    matches = Q()
    for field in fields:
        matches |= Q(**{f"{field}__iexact": spaced})
    found = Institution.objects.filter(matches).order_by("pk").first()
    if found is not None:
        return found
    # SQLite folds the case of ASCII letters only ("DEFENSORÍA" is not
    # "Defensoría" to it); compare in Python, applications are rare.
    for pk, *names in Institution.objects.order_by("pk").values_list("pk", *fields):
        if any(_name_key(existing) == key for existing in names if existing):
            return Institution.objects.get(pk=pk)
    return None


def institution_named(name, **details):
    """The institution called `name` (`find_institution`), created with
    `details` when there is none.

    Two requests naming a new institution at the same moment, in whatever
    letter case, both find none; the database lets one create it (one name per
    institution, whatever the case: `Institution.Meta.constraints`) and the
    other finds the one just created."""
    institution = find_institution(name)
    if institution is not None:
        return institution
    try:
        with transaction.atomic():  # a savepoint: the caller's work goes on
            return Institution.objects.create(name=name, **details)
    except IntegrityError:
        institution = find_institution(name)
        if institution is None:
            raise
        return institution


def standing_request(community, institution):
    """The membership that keeps `institution` from applying to `community` again:
    active, suspended or waiting for a decision; None when it may apply."""
    if institution is None:
        return None
    return (
        community.memberships()
        .filter(institution=institution, status__in=BLOCKING_STATUSES)
        .select_related("institution")
        .first()
    )


def requests_of(user, community):
    """What concerns `user` in `community`: the applications and nominations they
    submitted or that concern an institution they represent, and their requests
    to represent a member, pending or decided, newest first."""
    if not user.is_authenticated:
        return []
    represented = Membership.objects.filter(representatives=user).values("institution")
    memberships = (
        community.memberships()
        .filter(Q(submitted_by=user) | Q(institution__in=represented))
        .filter(
            Q(status__in=PENDING_STATUSES)
            | Q(status=Membership.Status.DECLINED)
            | Q(status=Membership.Status.ACTIVE, decided_at__isnull=False)
        )
        .select_related("institution")
    )
    representation = RepresentationRequest.objects.filter(
        person=user, membership__community__translation_key=community.translation_key
    ).select_related("membership__institution")
    return sorted(
        [*memberships, *representation],
        key=lambda each: (each.submitted_at is not None, each.submitted_at, each.pk),
        reverse=True,
    )


def pending_representation_requests(community):
    """Requests to represent one of `community`'s institutions, oldest first."""
    return (
        RepresentationRequest.objects.filter(
            membership__community__translation_key=community.translation_key,
            status=RepresentationRequest.Status.APPLIED,
        )
        .select_related("membership__institution", "person")
        .order_by("submitted_at", "pk")
    )


def decided_representation_requests(community):
    """Decided requests to represent one of `community`'s institutions, newest
    decision first."""
    return (
        RepresentationRequest.objects.filter(
            membership__community__translation_key=community.translation_key
        )
        .exclude(decided_at=None)
        .select_related("membership__institution", "person", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def decide_representation(representation, approved, by, reason=""):
    """Approve (the person joins the institution's representatives) or decline
    a request to represent a member, and record who and when."""
    representation.record_decision(approved, by, reason)
    with transaction.atomic():
        representation.save()
        if approved:
            representation.membership.representatives.add(representation.person)
    notify_representation_decision(representation)


def decide(membership, approved, by, reason=""):
    """Approve or decline an application or nomination, and record who and when.

    Approving an application makes the person who applied the institution's
    representative (a nominated institution gets its representatives later).
    """
    was_application = membership.status == Membership.Status.APPLIED
    membership.record_decision(approved, by, reason)
    if approved and membership.start_date is None:
        membership.start_date = timezone.localdate()
    with transaction.atomic():
        membership.save()
        if approved and was_application and membership.submitted_by_id:
            membership.representatives.add(membership.submitted_by)
    notify_decision(membership, nomination=not was_application)
    membership_decided.send(
        sender=Membership, membership=membership, nomination=not was_application
    )


def propose_institution(community, data, by, nomination=False, language=None):
    """Record an application (or a member's nomination) of an institution.

    When the institution is a member already or waits for a decision, a second
    request never overwrites the first: `RequestRefused` is raised for those who
    may know of it (`may_know_of`) and for nominations; the person's own standing
    application is returned unchanged; anyone else's application becomes a
    request to represent the institution, returned instead of the membership.
    `language` is the one the request was written in; the person is answered in
    it unless they chose a language of their own.
    """
    if language:
        _remember_language(by, language)
    name = " ".join(data["institution_name"].split())
    status = Membership.Status.NOMINATED if nomination else Membership.Status.APPLIED
    try:
        with transaction.atomic():
            institution = institution_named(
                name,
                acronym=data.get("acronym", ""),
                pillar=data["pillar"],
                country=data.get("country") or "",
            )
            membership = (
                community.memberships()
                .select_for_update()
                .filter(institution=institution)
                .first()
            )
            standing = membership is not None and membership.status in (
                BLOCKING_STATUSES
            )
            if not standing:
                if membership is None:
                    membership = Membership(
                        community=community, institution=institution
                    )
                membership.status = status
                membership.role = Membership.Role.PLENARY
                membership.letter = data["letter"]
                membership.motivation = data.get("motivation", "")
                membership.submitted_by = by
                membership.submitted_at = timezone.now()
                membership.decided_by = membership.decided_at = None
                membership.decision_reason = ""
                membership.save()
    except IntegrityError:
        # Another request for the same institution was saved a moment earlier.
        membership = standing_request(community, find_institution(name))
        if membership is None:
            raise
        standing = True
    if standing:
        if nomination or may_know_of(by, membership):
            raise RequestRefused(membership)
        if membership.submitted_by_id == by.pk:
            # Their own request again: the first one stands, nothing is sent.
            return membership
        return _ask_to_represent(membership, by, data)
    _notify_moderators(community, membership)
    return membership


def _ask_to_represent(membership, person, data):
    """Record `person`'s request to represent `membership`'s institution (once
    while it waits) and tell the moderators. The person is answered as if the
    institution had applied anew."""
    with transaction.atomic():
        representation, created = RepresentationRequest.objects.get_or_create(
            membership=membership,
            person=person,
            status=RepresentationRequest.Status.APPLIED,
            defaults={
                "letter": data["letter"],
                "motivation": data.get("motivation", ""),
            },
        )
    if created:
        _notify_moderators(membership.community, representation)
    return representation


def _remember_language(user, language):
    """Keep the language a person writes to us in, unless they chose one."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


def language_of(user):
    """The language to write to `user` in: the one they chose (or last wrote to
    us in), else the site's."""
    chosen = (
        UserProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    if chosen:
        try:
            return get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def _community_in(community, language):
    """The live translation of `community` in `language`, else `community`."""
    translation = (
        CommunityPage.objects.live()
        .filter(
            translation_key=community.translation_key,
            locale__language_code=language,
        )
        .first()
    )
    return translation or community


def _absolute(url):
    """`url` on the site's public address (emails are read away from the site)."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.BASE_URL}{url}"


def _notify_moderators(community, membership):
    """Each moderator, in their own language, with a link to the applications."""
    moderators = community.moderators_group.user_set.filter(is_active=True).exclude(
        email=""
    )
    person = membership.submitted_by
    for moderator in moderators.order_by("pk"):
        language = language_of(moderator)
        with translation.override(language):
            page = _community_in(community, language)
            names = {
                "institution": membership.institution.display_name,
                "community": page.title,
            }
            if isinstance(membership, RepresentationRequest):
                subject = _("A request to represent %(institution)s in %(community)s")
            elif membership.status == Membership.Status.NOMINATED:
                subject = _("New nomination to %(community)s: %(institution)s")
            else:
                subject = _("New application to join %(community)s: %(institution)s")
            body = render_to_string(
                "communities/email/proposal_received.txt",
                {
                    "membership": membership,
                    "representation": isinstance(membership, RepresentationRequest),
                    "community": page,
                    "person": (person.get_full_name() or person.username)
                    if person
                    else "",
                    "link": _absolute(
                        reverse("communities:applications", args=[page.slug])
                    ),
                },
            )
            send_email.enqueue(subject % names, body.strip() + "\n", [moderator.email])


def notify_decision(membership, nomination=False):
    """Tell whoever applied or nominated what the coordination group decided, in
    their language, with a link to the community page."""
    person = membership.submitted_by
    if person is None or not person.email:
        return
    language = language_of(person)
    approved = membership.status == Membership.Status.ACTIVE
    with translation.override(language):
        page = _community_in(membership.community, language)
        names = {
            "institution": membership.institution.display_name,
            "community": page.title,
        }
        if nomination and approved:
            subject = _(
                "Your nomination of %(institution)s to %(community)s was approved"
            )
        elif nomination:
            subject = _(
                "Your nomination of %(institution)s to %(community)s was declined"
            )
        elif approved:
            subject = _("Your request to join %(community)s was approved")
        else:
            subject = _("Your request to join %(community)s was declined")
        body = render_to_string(
            "communities/email/decision.txt",
            {
                "membership": membership,
                "community": page,
                "approved": approved,
                "link": _absolute(page.get_url()),
            },
        )
        send_email.enqueue(subject % names, body.strip() + "\n", [person.email])


def notify_representation_decision(representation):
    """Tell the person what the coordination group decided on their request to
    represent a member, in their language. A refusal reads like any declined
    application's."""
    person = representation.person
    if not person.email:
        return
    language = language_of(person)
    approved = representation.status == RepresentationRequest.Status.ACTIVE
    with translation.override(language):
        page = _community_in(representation.membership.community, language)
        names = {
            "institution": representation.institution.display_name,
            "community": page.title,
        }
        if approved:
            subject = _("Your request to join %(community)s was approved")
        else:
            subject = _("Your request to join %(community)s was declined")
        body = render_to_string(
            "communities/email/decision.txt",
            {
                "membership": representation,
                "representation": True,
                "community": page,
                "approved": approved,
                "link": _absolute(page.get_url()),
            },
        )
        send_email.enqueue(subject % names, body.strip() + "\n", [person.email])
