"""Import kinds for institutions and memberships."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from intranet.importing import (
    INSTITUTIONS,
    MEMBERSHIPS,
    Action,
    Kind,
    fold_name,
    register,
)
from intranet.importing.dates import read_day
from intranet.taxonomy import Pillar

from ..models import (
    Institution,
    Membership,
)
from .references import (
    INSTITUTION,
    INSTITUTION_TEXT_FIELDS,
    check_community,
    check_institution,
    check_people,
    institution_names_in_database,
    read_country,
    source_community,
    written,
)


@register
class InstitutionKind(Kind):
    """An institution, found again by its own name."""

    type = INSTITUTION
    noun = "institution"
    verbose_name = _("institution")
    order = INSTITUTIONS
    keys = frozenset({*INSTITUTION_TEXT_FIELDS, "pillar", "country"})

    def label(self, item):
        return f"{self.noun} {item.slug}"

    def identity(self, item):
        return (self.type, item.slug)

    def read(self, item):
        item.values = {}
        for name in INSTITUTION_TEXT_FIELDS:
            field = Institution._meta.get_field(name)
            item.values[name] = item.text(
                name, required=name == "name", max_length=field.max_length
            )
        item.slug = item.title = item.values["name"]
        item.values["pillar"] = item.choice("pillar", Pillar)
        if not item.values["pillar"]:
            raise item.problem("pillar", "missing pillar")
        item.values["country"] = read_country(item)

    def plan(self, item, run):
        institution = Institution.objects.filter(name=item.slug).first()
        action = Action(item, existing=institution, values=item.values)
        if institution is not None:
            current = {key: getattr(institution, key) for key in item.values}
            current["country"] = institution.country.code or ""
            action.compare(current)
        return action

    def remove(self, item):
        Institution.objects.filter(name=item.slug).delete()

    def write(self, action, run):
        institution = action.existing or Institution()
        for key, value in action.values.items():
            setattr(institution, key, value)
        institution.full_clean(exclude=["logo"])
        institution.save()
        action.existing = institution


# --- Memberships --------------------------------------------------------------


@register
class MembershipKind(Kind):
    """An institution's membership of a community, with its representatives."""

    type = "membership"
    noun = "membership"
    verbose_name = _("membership")
    order = MEMBERSHIPS
    keys = frozenset(
        {
            "community",
            "institution",
            "role",
            "status",
            "start_date",
            "end_date",
            "representatives",
        }
    )

    def label(self, item):
        return f"{self.noun} {item.slug}"

    def identity(self, item):
        return (self.type, item.community, fold_name(item.institution))

    def read(self, item):
        item.community = item.slug_value("community")
        item.institution = item.text("institution", required=True)
        item.slug = f"{item.community}/{item.institution}"
        item.title = item.institution
        item.values = {
            "role": item.choice("role", Membership.Role, Membership.Role.PLENARY),
            "status": item.choice(
                "status", Membership.Status, Membership.Status.ACTIVE
            ),
            "start_date": read_day(item, "start_date"),
            "end_date": read_day(item, "end_date"),
        }
        item.representatives = item.words("representatives")

    def plan(self, item, run):
        community = check_community(item, run)
        institution = check_institution(item, run, "institution", item.institution)
        check_people(item, run, "representatives", item.representatives)
        action = Action(item, values=item.values)
        action.extra["institution"] = institution
        if community is None or isinstance(institution, Action):
            return action
        membership = Membership.objects.filter(
            community__translation_key=community.translation_key,
            institution=institution,
        ).first()
        action.existing = membership
        if membership is None:
            return action
        action.compare({key: getattr(membership, key) for key in item.values})
        held = set(membership.representatives.values_list("username", flat=True))
        if set(item.representatives) - held:
            action.changed.append("representatives")
            action.verb = "update"
        return action

    def remove(self, item):
        community = source_community(item.community)
        institution = institution_names_in_database().get(fold_name(item.institution))
        if community is not None and institution is not None:
            Membership.objects.filter(
                community__translation_key=community.translation_key,
                institution=institution,
            ).delete()

    def write(self, action, run):
        item = action.item
        membership = action.existing
        if membership is None:
            membership = Membership(
                community=source_community(item.community),
                institution=written(action.extra["institution"]),
            )
        for key, value in action.values.items():
            setattr(membership, key, value)
        membership.save()
        users = get_user_model().objects.filter(username__in=item.representatives)
        # Added, never removed: representatives also come from the site's own
        # requests, which the file does not know of.
        membership.representatives.add(*users)
        action.existing = membership


# --- Pages --------------------------------------------------------------------
