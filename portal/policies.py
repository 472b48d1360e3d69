"""The clinic's notice and consent texts (``PolicyText``) and what patients agreed to
(``PolicyAgreement``): reads and the writes, keyword-only (docs/consent.md)."""

from django.db import transaction
from django.db.models import Max

from .models import PolicyAgreement, PolicyText

Kind = PolicyText.Kind


def current_text(kind):
    return PolicyText.objects.current(kind)


@transaction.atomic
def publish(*, kind, title, text, title_es="", text_es=""):
    """A new version of a text (English, and Spanish when given): never an edit of one
    patients may have agreed to."""
    # Lock the kind's rows so that two editors saving at once get two versions, not a clash.
    list(PolicyText.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
    last = PolicyText.objects.filter(kind=kind).aggregate(last=Max("version"))["last"] or 0
    return PolicyText.objects.create(
        kind=kind, title=title, text=text, title_es=title_es, text_es=text_es, version=last + 1
    )


def record_agreement(*, user, text, typed_name="", language=None):
    """``language``: the language the page was read in (default: the current one); what is
    recorded is the language of the wording shown then (English when the Spanish is blank)."""
    return PolicyAgreement.objects.create(
        user=user,
        kind=text.kind,
        text=text,
        version=text.version,
        typed_name=typed_name,
        language=text.in_language(language).lang,
    )


def latest_agreement(user, kind):
    return PolicyAgreement.objects.filter(user=user, kind=kind).order_by("-at", "-pk").first()


def unsigned_current(user, kind):
    """The current version of ``kind`` when ``user`` has not agreed to that very version, else
    None (also None when no version is published: there is nothing to sign)."""
    text = current_text(kind)
    if text is None or PolicyAgreement.objects.filter(user=user, text=text).exists():
        return None
    return text


def agreements_of(user):
    return [
        {
            "kind": a.kind,
            "kind_label": a.get_kind_display(),
            "version": a.version,
            "at": a.at,
            "typed_name": a.typed_name,
            "language": a.language,
        }
        for a in PolicyAgreement.objects.filter(user=user).order_by("at", "pk")
    ]
