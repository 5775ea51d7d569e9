"""Forms members and visitors fill in: applications, nominations, decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from intranet.taxonomy import Pillar

from .services import (
    find_institution,
    may_know_of,
    refusal_message,
    standing_request,
)


class InstitutionProposalForm(forms.Form):
    """An institution that wants to join (application) or is proposed (nomination)."""

    institution_name = forms.CharField(
        max_length=255, label=_("Institution"), help_text=_("Its full name.")
    )
    acronym = forms.CharField(max_length=40, required=False, label=_("Acronym"))
    pillar = forms.ChoiceField(choices=Pillar.choices, label=_("Pillar"))
    # Choices are set per form: country names follow the reader's language.
    country = LazyTypedChoiceField(choices=(), required=False, label=_("Country"))
    letter = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("Letter"),
        help_text=_("The letter addressed to the coordination group."),
        error_messages={"required": _("Please write the letter: it cannot be empty.")},
    )
    motivation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Why should it join?"),
    )

    def __init__(self, *args, community, user, **kwargs):
        self.community = community
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]

    def clean_letter(self):
        letter = self.cleaned_data["letter"].strip()
        if not letter:
            raise forms.ValidationError(
                _("Please write the letter: it cannot be empty.")
            )
        return letter

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("institution_name") or "").strip()
        if not name:
            return cleaned
        self.institution = find_institution(name)
        standing = standing_request(self.community, self.institution)
        # Only the institution's own people learn that it is a member or waits;
        # anyone else's request is answered like a new one (see the view).
        if standing is not None and may_know_of(self.user, standing):
            self.add_error("institution_name", refusal_message(standing))
        return cleaned


class DecisionForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        label=_("Decision"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Reason"),
        help_text=_("Required when declining; sent to the applicant."),
    )

    def __init__(self, *args, pending, **kwargs):
        self.pending = pending
        super().__init__(*args, **kwargs)

    def clean_membership(self):
        membership = self.pending.filter(pk=self.cleaned_data["membership"]).first()
        if membership is None:
            raise forms.ValidationError(
                _("This application was already decided or does not exist.")
            )
        return membership

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "decline"
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Please give a reason for declining."))
        return cleaned
