import re

from django import forms

MAX_QUERY_CHARS = 200
# Control characters (NUL and the like) mean nothing in a search and PostgreSQL refuses NUL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the answers",
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": "That search is too long. Try a few words, such as “side effects” "
            "or “insurance” (at most %(limit_value)d characters)."
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. side effects"}),
    )

    def clean_q(self):
        return " ".join(_CONTROL_CHARACTERS.sub(" ", self.cleaned_data["q"]).split())
