from django import forms

from ..models import MAX_MESSAGE_LENGTH
from ..services.messages import MessageError, clean_body


class MessageForm(forms.Form):
    """A message to the thread. No maxlength in the page: a longer paste is not cut silently,
    it is refused with a plain message and kept in the box to shorten."""

    body = forms.CharField(
        label="Your message",
        help_text=f"Up to {MAX_MESSAGE_LENGTH:,} characters.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_body(self):
        try:
            return clean_body(self.cleaned_data.get("body"))
        except MessageError as error:
            raise forms.ValidationError(str(error)) from error
