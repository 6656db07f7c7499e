from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    """A CSV or XLSX of figures; the rows themselves are checked by validation.py."""

    file = forms.FileField(
        label=_("File of figures"),
        help_text=_("A .csv (UTF-8) or .xlsx file laid out like the indicator's template."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(_("The file must be a .csv or an .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 50 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use the token?"),
        max_length=100,
        help_text=_("For example, 'Police data warehouse'. Shown in the list of tokens."),
    )
