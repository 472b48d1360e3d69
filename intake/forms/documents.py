from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Document
from ..uploads import UploadRejected, check_upload

ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class DocumentForm(forms.Form):
    """One paper: which kind, and the file. The file's type is checked from its content, and
    ``cleaned_data["file"]`` is the ``uploads.CleanFile`` to keep."""

    kind = forms.ChoiceField(
        choices=Document.Kind.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Please pick which paper this is.")},
    )
    file = forms.FileField(
        label=_("Choose a file or take a photo"),
        allow_empty_file=True,  # refused by check_upload, with its own words
        error_messages={
            "required": _("Please choose a file first."),
            "invalid": _("We could not read this file. Please try again."),
            "missing": _("Please choose a file first."),
            "empty": _("This file is empty. Please choose another file."),
            "max_length": _("The file name is too long. Please rename the file and try again."),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = settings.DOCUMENT_MAX_BYTES / (1024 * 1024)
        self.fields["file"].help_text = _("A PDF, JPEG or PNG file, up to %(size)s MB.") % {
            "size": f"{size:.0f}"
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            return check_upload(upload)
        except UploadRejected as error:
            raise forms.ValidationError(error.message, code=error.code) from error
