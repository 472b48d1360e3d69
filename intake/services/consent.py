"""The patient's records release, their parent or guardian (under 18), and the TMS consent:
keyword-only, atomic writes (docs/consent.md). Signatures are typed names checked as the
intake's own (intake/signature.py) and recorded against the version of the text shown."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from portal.models import PolicyText
from portal.policies import current_text, record_agreement

from ..guardian import is_minor
from ..models import EDITABLE_STATUSES, Guardian, ReleaseRequest
from ..signature import expected_signature, signature_matches
from .errors import IntakeError, IntakeNotEditableError
from .steps import _lock_open_intake

RELEASE_FIELDS = ("kind", "name", "practice", "phone", "city")
GUARDIAN_FIELDS = ("name", "relationship", "phone", "email")


class SignatureError(IntakeError):
    def __init__(self, message=None):
        super().__init__(
            message or gettext("The name you typed does not match the name on your account.")
        )


def _editable_intake(patient):
    intake = _lock_open_intake(patient, create=True)
    if intake.status not in EDITABLE_STATUSES:
        raise IntakeNotEditableError()
    return intake


@transaction.atomic
def save_release(*, patient, rows, signed_name, text):
    """Replace the patient's list of prior prescribers and pharmacies with ``rows`` (dicts of
    RELEASE_FIELDS, an ``id`` for a row already saved) and, when there is any row, record
    their signature of the release ``text`` (the version they were shown)."""
    intake = _editable_intake(patient)
    if rows and not signature_matches(signed_name, expected_signature(patient, intake)):
        raise SignatureError()
    existing = {r.pk: r for r in intake.release_requests.select_for_update()}
    kept = set()
    for row in rows:
        request = existing.get(row.get("id")) or ReleaseRequest(intake=intake)
        for name in RELEASE_FIELDS:
            setattr(request, name, row[name])
        request.save()
        kept.add(request.pk)
    intake.release_requests.exclude(pk__in=kept).delete()
    if rows:
        record_agreement(user=patient, text=text, typed_name=signed_name.strip())
    return intake


@transaction.atomic
def save_guardian(*, patient, name, relationship, phone, email, signed_name):
    """A minor's parent or guardian and their consent: the typed name must be theirs."""
    intake = _editable_intake(patient)
    if not is_minor(intake):
        raise IntakeError(gettext("A parent or guardian is only needed for patients under 18."))
    if not signature_matches(signed_name, name):
        raise SignatureError(gettext("The signature must be the parent or guardian's full name."))
    Guardian.objects.update_or_create(
        intake=intake,
        defaults={
            "name": " ".join(name.split()),
            "relationship": relationship,
            "phone": phone,
            "email": email,
            "signed_name": " ".join(signed_name.split()),
            "signed_at": timezone.now(),
        },
    )
    return intake


@transaction.atomic
def sign_tms_consent(*, patient, signed_name, version):
    """The patient signs the TMS consent they read (``version``); refused when the name does
    not match the account's, or when a newer version was published meanwhile."""
    text = current_text(PolicyText.Kind.TMS_CONSENT)
    if text is None:
        raise IntakeError(
            gettext("The clinic has not published its consent yet. Please call the clinic.")
        )
    if text.version != version:
        raise IntakeError(
            gettext(
                "The consent changed while this page was open. Please read it again, then sign."
            )
        )
    if not signature_matches(signed_name, expected_signature(patient)):
        raise SignatureError()
    return record_agreement(user=patient, text=text, typed_name=" ".join(signed_name.split()))
