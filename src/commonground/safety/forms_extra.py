"""Forms for regular tension reports, text-message alerts and referral through the
directory's referrals route (kept apart from ``forms.py`` so each stays short)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.core.models import Area, Organisation
from commonground.referrals.forms import PHONE
from commonground.referrals.forms import ReferralForm as RouteReferralForm

from .actions import MAX_EVERY_DAYS, DirectoryReferral
from .forms import MAX_TEXT, GovukForm, WardChoiceField
from .models import ReferralService


class TensionScheduleForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the organisation that reports.")},
    )
    ward = WardChoiceField(
        label=_("Ward"),
        queryset=Area.objects.none(),
        error_messages={"required": _("Choose the ward it reports on.")},
    )
    every_days = forms.IntegerField(
        label=_("A report every how many days?"),
        help_text=_("For example 7 for weekly, 14 for fortnightly (1 to 92)."),
        min_value=1,
        max_value=MAX_EVERY_DAYS,
        initial=14,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["ward"].queryset = Area.objects.wards().order_by("name")
        self.fields["ward"].empty_label = _("Choose a ward")
        self.fields["every_days"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        )


class _SmsNumberForm(GovukForm):
    """A tick box for text messages and the mobile number they go to: the number is asked for
    (and checked) only when the box is ticked, and dropped when it is not.  ``consent_field``
    names the subclass's tick box."""

    consent_field = ""
    sms_number = forms.CharField(label=_("Mobile number"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sms_number"].widget.attrs.update(
            {
                "autocomplete": "tel",
                "inputmode": "tel",
                "class": "govuk-input govuk-input--width-20",
            }
        )

    def clean(self):
        data = super().clean()
        number = (data.get("sms_number") or "").strip()
        wanted = data.get(self.consent_field)
        if wanted:
            if not number:
                self.add_error("sms_number", _("Enter the mobile number to text."))
            elif not PHONE.match(number):
                self.add_error(
                    "sms_number", _("Enter a phone number with 10 to 15 digits, like 07700 900123.")
                )
        data["sms_number"] = number if wanted else ""
        return data


class LeadSmsForm(_SmsNumberForm):
    consent_field = "sms_alerts"
    field_order = ["sms_alerts", "sms_number"]
    sms_alerts = forms.BooleanField(label=_("Also send me alerts by text message"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sms_number"].help_text = _(
            "Used only for tension alerts. Leave the box unticked to stop them."
        )


class PartnerSmsForm(_SmsNumberForm):
    """A partner's (or, on their behalf, an officer's) choice of text-message reminders."""

    consent_field = "sms_consent"
    field_order = ["sms_consent", "sms_number"]
    sms_consent = forms.BooleanField(
        label=_("Also remind me by text message when a tension report is overdue"),
        required=False,
    )

    def __init__(self, *args, for_someone_else: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sms_number"].help_text = _(
            "Used only for tension report reminders. Untick the box to stop them."
        )
        if for_someone_else:
            self.fields["sms_consent"].label = _(
                "They have agreed to reminders by text message when a tension report is overdue"
            )


class DirectoryReferralForm(RouteReferralForm):
    """The referrals route's own form (organisation, directory service, first name or
    initials, language, need, how to tell them, consent), plus what kind of service it is
    and a case note kept sealed with the incident report."""

    kind = forms.ChoiceField(
        label=_("What kind of service is it?"),
        choices=ReferralService.choices,
        widget=forms.RadioSelect,
        initial=ReferralService.VICTIM_SUPPORT,
    )
    notes = forms.CharField(
        label=_("Notes (kept with the case, not sent)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
    )

    field_order = ["kind", *RouteReferralForm.field_order, "notes"]

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("prefix", "route")  # ids apart from the other forms on the page
        super().__init__(*args, user=user, **kwargs)
        self.order_fields(self.field_order)

    def route(self) -> DirectoryReferral:
        data = self.cleaned_data
        return DirectoryReferral(
            organisation=data["organisation"],
            service=data["service"],
            first_name=data["first_name"],
            language=data["language"],
            need=data["need"],
            consent_given_by=data["consent_given_by"],
            consent_on=data["consent_on"],
            consent_purpose=data["consent_purpose"],
            channel=data.get("channel") or "",
            contact=data.get("contact") or "",
        )
