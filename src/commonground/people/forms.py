"""Forms: the public "register your interest" form, the pool import, quotas and a run."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import characteristics as chars
from .models import Algorithm, Pool

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class RegisterForm(forms.Form):
    """One question per characteristic (each with "prefer not to say"), then contact details."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    code = forms.CharField(
        label=_("Invitation code (from your letter), if you have one"),
        max_length=12,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Partnership keeps these answers to choose a representative panel, "
            "and deletes my details after two years or when I ask."
        )
    )

    def __init__(self, *args, pool: Pool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.features = list(pool.characteristics)
        for feature in self.features:
            self.fields[f"c_{feature}"] = forms.ChoiceField(
                label=chars.QUESTIONS[feature],
                choices=chars.choices(feature),
                widget=forms.RadioSelect,
            )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(
                _("Give a phone number, an email address or a postal address so we can reach you.")
            )
        return data

    def characteristic_fields(self):
        return [self[f"c_{f}"] for f in self.features]

    def contact_fields(self):
        return [self[name] for name in ("name", "phone", "email", "address", "postcode", "code")]

    @property
    def answers(self) -> dict[str, str]:
        return {f: self.cleaned_data[f"c_{f}"] for f in self.features}

    @property
    def contact(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("name", "phone", "email", "address", "postcode")
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file of respondents"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as CSV UTF-8.")
            ) from None


class RunForm(forms.Form):
    algorithm = forms.ChoiceField(
        label=_("Method"), choices=Algorithm.choices, initial=Algorithm.MAXIMIN
    )
    seed = forms.IntegerField(
        label=_("Seed announced before the draw"),
        min_value=0,
        max_value=2**62,
        required=False,
        help_text=_(
            "Leave empty for a new random seed; it is shown and recorded, so anyone can repeat the draw."  # noqa: E501
        ),
    )
