from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from intranet.params import int_param
from intranet.taxonomy import topic_labels

from .models import Delivery, Kind, StepStatus, TrackerStep
from .services import EMAILED_ELSEWHERE

# A section of the digest cannot be sent at once.
DIGEST_ONLY = (Kind.KNOWLEDGE,)


def preference_kinds():
    return [kind for kind in Kind if kind not in EMAILED_ELSEWHERE]


class TopicsField(forms.ModelMultipleChoiceField):
    """Tags by id; an id that is not a well-formed number is an invalid choice
    rather than a query the database refuses (an overflow, "²")."""

    def _check_values(self, value):
        for pk in value:
            if int_param(str(pk), minimum=1) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class PreferencesForm(forms.Form):
    """How one person hears of each kind of news, and what they follow."""

    topics = TopicsField(
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics I follow"),
    )
    countries = forms.MultipleChoiceField(
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Countries I follow"),
    )

    def __init__(self, *args, countries_offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind in preference_kinds():
            choices = Delivery.choices
            if kind in DIGEST_ONLY:
                choices = [c for c in choices if c[0] != Delivery.IMMEDIATELY]
            self.fields[f"delivery_{kind.value}"] = forms.ChoiceField(
                choices=choices,
                label=kind.label,
                widget=forms.RadioSelect,
            )
        labels = topic_labels()
        tags = Tag.objects.exclude(
            resources_casestudytag_items=None, resources_goodpracticetag_items=None
        ).order_by("name")
        self.fields["topics"].queryset = tags
        self.fields["topics"].label_from_instance = lambda tag: labels.get(
            tag.name, tag.name
        )
        self.fields["countries"].choices = sorted(
            ((code, countries.name(code)) for code in countries_offered),
            key=lambda choice: choice[1],
        )

    def delivery_fields(self):
        return [self[f"delivery_{kind.value}"] for kind in preference_kinds()]


class TrackerStepForm(forms.ModelForm):
    """One step, as a community's moderators keep it."""

    class Meta:
        model = TrackerStep
        fields = ["status", "reached_on", "note", "meeting", "document", "activity"]
        widgets = {
            # An HTML date field reads and sends ISO dates, whatever the language.
            "reached_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, meetings, documents, activities, **kwargs):
        super().__init__(*args, **kwargs)
        # Evidence from this community only.
        self.fields["meeting"].queryset = meetings
        self.fields["document"].queryset = documents
        self.fields["activity"].queryset = activities
        self.fields["status"].choices = StepStatus.choices
