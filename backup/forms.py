from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from . import services


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Backup file",
        help_text="The JSON backup (.json), or the zip of CSV files (.zip).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.zip,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", "Import into my diary"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(services.too_large_message(), code="too_large")
        return upload
