"""Work plans and their activities: what a community plans and what it held."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin

from intranet.access.references import ReferenceCheckedPageForm

from .community_tree import community_above
from .institutions import Institution
from .memberships import Membership


class ActivityType(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    PROMOTION = "promotion", _("Promotion")
    STUDY = "study", _("Study")
    LOBBYING = "lobbying", _("Lobbying")
    ASSESSMENT = "assessment", _("Security and human rights assessment")
    SITE_VISIT = "site_visit", _("Site visit")
    MONITORING = "monitoring", _("Monitoring and evaluation")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# The sectors a held activity reports its participants by.
PARTICIPANT_SECTORS = (
    ("police", _("Police")),
    ("government", _("Civil servants")),
    ("companies", _("Companies")),
    ("security_providers", _("Private security providers")),
    ("unions", _("Unions")),
    ("ngos", _("NGOs")),
    ("community_leaders", _("Community leaders")),
    ("international", _("International agencies")),
    ("others", _("Others")),
)
SECTOR_FIELDS = [f"participants_{key}" for key, _label in PARTICIPANT_SECTORS]


class WorkPlanPageForm(ReferenceCheckedPageForm):
    """Each activity's "assigned to" checklist offers the institutions of the
    plan's community (a membership of any status) and those the plan assigns
    already, never the whole registry: it would name who applied elsewhere."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("activities")
        if formset is None or "assigned_institutions" not in formset.form.base_fields:
            return
        anchor = self.instance if self.instance.pk else self.parent_page
        community = community_above(anchor, inclusive=True) if anchor else None
        offered = Q(pk__in=[])
        if community is not None:
            offered = Q(
                pk__in=Membership.objects.filter(
                    community__translation_key=community.translation_key
                ).values("institution")
            )
        if self.instance.pk:
            offered |= Q(
                pk__in=Activity.assigned_institutions.through.objects.filter(
                    activity__plan=self.instance
                ).values("institution")
            )
        queryset = Institution.objects.filter(offered)
        # On a class of this form's own: new activities' forms (and the blank
        # one the editor copies) are built from it; the shared class is untouched.
        narrowed = type(formset.form.__name__, (formset.form,), {})
        field = copy.deepcopy(narrowed.base_fields["assigned_institutions"])
        field.queryset = queryset
        narrowed.base_fields = {**narrowed.base_fields, "assigned_institutions": field}
        formset.form = narrowed
        for form in formset.forms:
            form.fields["assigned_institutions"].queryset = queryset


class WorkPlanPage(Page):
    """A community's plan for a period of at least a year, with its activities."""

    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    objectives = RichTextField(blank=True, verbose_name=_("objectives"))

    content_panels = Page.content_panels + [
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("objectives"),
        InlinePanel("activities", heading=_("Activities"), label=_("activity")),
    ]

    base_form_class = WorkPlanPageForm
    parent_page_types = ["communities.MembersAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("work plan")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan must end after it starts.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["community"] = community_above(self)
        context["activity_list"] = self.activities.prefetch_related(
            "assigned_institutions"
        ).order_by("date", "sort_order")
        return context


class Activity(TranslatableMixin, ClusterableModel, Orderable):
    """One activity of a work plan; held ones record participants by sector.

    Translated with its plan: wagtail-localize offers the title and description
    to translate and copies the rest (type, date, status, figures, assigned
    institutions) from the plan translations are made from. A clusterable
    model, so that drafts and revisions carry its assigned institutions.
    """

    plan = ParentalKey(
        WorkPlanPage, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(max_length=255, verbose_name=_("title"))
    activity_type = models.CharField(
        max_length=30, choices=ActivityType.choices, verbose_name=_("type")
    )
    date = models.DateField(null=True, blank=True, verbose_name=_("date"))
    status = models.CharField(
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        verbose_name=_("status"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    assigned_institutions = ParentalManyToManyField(
        Institution, blank=True, related_name="+", verbose_name=_("assigned to")
    )
    participants_police = models.PositiveIntegerField(
        default=0, verbose_name=_("police")
    )
    participants_government = models.PositiveIntegerField(
        default=0, verbose_name=_("civil servants")
    )
    participants_companies = models.PositiveIntegerField(
        default=0, verbose_name=_("companies")
    )
    participants_security_providers = models.PositiveIntegerField(
        default=0, verbose_name=_("private security providers")
    )
    participants_unions = models.PositiveIntegerField(
        default=0, verbose_name=_("unions")
    )
    participants_ngos = models.PositiveIntegerField(default=0, verbose_name=_("NGOs"))
    participants_community_leaders = models.PositiveIntegerField(
        default=0, verbose_name=_("community leaders")
    )
    participants_international = models.PositiveIntegerField(
        default=0, verbose_name=_("international agencies")
    )
    participants_others = models.PositiveIntegerField(
        default=0, verbose_name=_("others")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("activity_type"),
        FieldPanel("date"),
        FieldPanel("status"),
        FieldPanel("description"),
        FieldPanel("assigned_institutions", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel(name) for name in SECTOR_FIELDS],
            heading=_("Participants by sector (held activities)"),
        ),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    @property
    def participants(self):
        return sum(getattr(self, name) for name in SECTOR_FIELDS)

    @property
    def participants_by_sector(self):
        return [
            (label, getattr(self, f"participants_{key}"))
            for key, label in PARTICIPANT_SECTORS
        ]
