"""Patient rights: a patient's own data as JSON (and FHIR, intake/fhir.py), and deletion on
request, carried out by a clinical reviewer: the account and data are deleted, except intakes
the clinic already reviewed, which are kept without identity (clinical numbers and statuses
stay; names, contact details, dates of birth, free text and every uploaded document go). Both are
audited."""

import logging
import re
import uuid
from urllib.parse import quote, quote_plus

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp import devices_for_user

from portal.identity import email_key
from portal.models import PolicyAgreement
from portal.policies import agreements_of
from portal.services import _send

from ..models import (
    AccessEvent,
    DeletionRequest,
    Guardian,
    Intake,
    IntakeMessage,
    ReleaseRequest,
    SafetyAnswer,
    Status,
    StatusChange,
    Trial,
    UrgentAlert,
)
from .documents import forget_documents

# Other apps add their part of the patient's data with register_section (rights_sections.py).
from .rights_sections import export_sections, forget_sections, register_section  # noqa: F401

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "tms-portal.patient-data/1"

# Staff-side bookkeeping the patient's copy leaves out (ids of staff accounts).
_INTAKE_EXCLUDE = {"patient", "assigned_to", "countersigned_by"}
# An intake with any of these statuses was looked at by the clinic and is kept, anonymised.
REVIEWED_STATUSES = (Status.IN_REVIEW, Status.NEEDS_INFO, Status.CLOSED)

# What anonymisation empties: identity, contact and every free-text answer or message.
INTAKE_IDENTIFYING_TEXT = (
    "legal_name",
    "preferred_name",
    "phone",
    "interpreter_language",
    "referring_clinician",
    "insurance_plan",
    "hospital_details",
    "substance_details",
    "ketamine_details",
    "signed_name",
    "countersigned_name",
)
# A message the rules need non-empty (the constraint on "needs more information") gets this.
REMOVED = "[removed at the patient's request]"
INTAKE_IDENTIFYING_NULLS = ("date_of_birth",)


class DeletionError(Exception):
    """A deletion the rules refuse; ``str()`` is fit to show."""


def _values(obj, exclude=()):
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = field.value_from_object(obj)
    return data


def patient_data(user):
    """Everything the portal holds about ``user`` (a patient), as JSON-ready values."""
    intakes = (
        Intake.objects.for_patient(user)
        .prefetch_related(
            "trials",
            "safety_answers",
            "status_changes",
            "steps",
            "messages",
            "documents",
            "release_requests",
        )
        .order_by("created_at", "pk")
    )
    data = {
        "format": EXPORT_FORMAT,
        "clinic": settings.CLINIC_NAME,
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_of_birth": user.date_of_birth,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "intakes": [],
        # The privacy notice acknowledged, the releases and consents signed (version, when).
        "agreements": agreements_of(user),
        "deletion_requests": [
            {"requested_at": r.requested_at, "state": r.state, "done_at": r.done_at}
            for r in user.deletion_requests.all()
        ],
    }
    for intake in intakes:
        entry = _values(intake, _INTAKE_EXCLUDE)
        entry["status_label"] = intake.get_status_display()
        entry["phq9_total"] = intake.phq9_total
        entry["trials"] = [_values(t, {"intake"}) for t in intake.trials.all()]
        entry["safety_answers"] = [
            {**_values(a, {"intake"}), "question": a.question} for a in intake.safety_answers.all()
        ]
        entry["status_history"] = [
            {
                "at": c.at,
                "from_status": c.from_status,
                "to_status": c.to_status,
                # Only the clinic's requests to the patient; the care team's comments stay
                # with the care team (docs/messages.md).
                "note": c.message if c.to_status == Status.NEEDS_INFO else "",
            }
            for c in intake.status_changes.all()
        ]
        entry["messages"] = [
            {"at": m.created_at, "from": "clinic" if m.from_clinic else "you", "text": m.body}
            for m in intake.messages.all()
        ]
        entry["records_requests"] = [
            _values(r, {"intake", "note"}) for r in intake.release_requests.all()
        ]
        guardian = Guardian.objects.filter(intake=intake).first()
        entry["parent_or_guardian"] = _values(guardian, {"intake"}) if guardian else None
        entry["steps"] = [
            {"step": s.step, "completed": s.completed, "saved_at": s.saved_at}
            for s in intake.steps.all()
        ]
        entry["documents"] = [
            {
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at,
            }
            for d in intake.documents.all()
        ]
        data["intakes"].append(entry)
    data.update(export_sections(user))
    return data


def patient_data_json(user):
    return DjangoJSONEncoder(indent=2, ensure_ascii=False).encode(patient_data(user))


@transaction.atomic
def request_deletion(*, patient):
    """Record that ``patient`` asks for deletion; an already pending request is returned."""
    pending = DeletionRequest.objects.select_for_update().filter(
        patient=patient, state=DeletionRequest.State.PENDING
    )
    existing = pending.first()
    if existing is not None:
        return existing, False
    return DeletionRequest.objects.create(patient=patient), True


def pending_request(patient):
    return DeletionRequest.objects.filter(
        patient=patient, state=DeletionRequest.State.PENDING
    ).first()


def is_reviewed(intake):
    return intake.status in REVIEWED_STATUSES


def _anonymise_intake(intake):
    for name in INTAKE_IDENTIFYING_TEXT:
        setattr(intake, name, "")
    for name in INTAKE_IDENTIFYING_NULLS:
        setattr(intake, name, None)
    intake.staff_message = REMOVED if intake.staff_message else ""
    intake.save()
    Trial.objects.filter(intake=intake).update(side_effects="")
    SafetyAnswer.objects.filter(intake=intake).update(details="")
    StatusChange.objects.filter(intake=intake).update(message="")
    UrgentAlert.objects.filter(intake=intake).exclude(followup_note="").update(
        followup_note=REMOVED
    )
    IntakeMessage.objects.filter(intake=intake).update(body=REMOVED)
    # The prescribers and pharmacies named, and the guardian, identify the patient; the count of
    # requests and their tracking stay with the kept intake.
    ReleaseRequest.objects.filter(intake=intake).update(
        name=REMOVED, practice="", phone="", city="", note=""
    )
    Guardian.objects.filter(intake=intake).delete()


def _forget_log_entries(*, user, intake_ids):
    """django-auditlog's change log holds old values (names, answers): remove the rows about
    this patient's intakes and their parts, and the patient's email where they acted."""
    ids_by_model = {
        Intake: list(intake_ids),
        Trial: list(Trial.objects.filter(intake_id__in=intake_ids).values_list("pk", flat=True)),
        SafetyAnswer: list(
            SafetyAnswer.objects.filter(intake_id__in=intake_ids).values_list("pk", flat=True)
        ),
        StatusChange: list(
            StatusChange.objects.filter(intake_id__in=intake_ids).values_list("pk", flat=True)
        ),
        UrgentAlert: list(
            UrgentAlert.objects.filter(intake_id__in=intake_ids).values_list("pk", flat=True)
        ),
        IntakeMessage: list(
            IntakeMessage.objects.filter(intake_id__in=intake_ids).values_list("pk", flat=True)
        ),
    }
    id_texts = [str(pk) for pk in intake_ids]
    for model, ids in ids_by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        pks = {str(pk) for pk in ids}
        if model is not Intake and id_texts:
            # Parts removed earlier (a deleted trial) are no longer in their table; their
            # create and delete entries still name the intake they belonged to.
            pks.update(
                LogEntry.objects.filter(content_type=content_type)
                .filter(Q(changes__intake__0__in=id_texts) | Q(changes__intake__1__in=id_texts))
                .values_list("object_pk", flat=True)
            )
        if pks:
            LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()
    LogEntry.objects.filter(actor=user).update(actor=None, actor_email="", remote_addr=None)


def _encoded(texts):
    """The texts as typed and as a query string encodes them."""
    return texts | {quote_plus(t) for t in texts} | {quote(t) for t in texts}


def _scrub_trail(*, user, intakes):
    """Remove what is left of the patient in the audit trail: their email and names in access
    events (a CSV export's search, ``q=alice%40example.com``), and change-log rows of intake
    models that still hold their email. Names are only scrubbed as whole words in access
    events, and never delete change-log rows: another patient may share a name."""
    emails = _encoded({user.email})
    names = {user.full_name}
    for intake in intakes:
        names.update((intake.legal_name, intake.preferred_name, intake.phone))
    names = _encoded({n.strip() for n in names if n and len(n.strip()) >= 3})
    texts = sorted(emails | names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in texts) + r")(?!\w)", re.I)
    matches = Q()
    for text in texts:
        matches |= Q(detail__icontains=text)
    for event in AccessEvent.objects.filter(matches).only("pk", "detail"):
        scrubbed = pattern.sub("[removed]", event.detail)
        if scrubbed != event.detail:
            AccessEvent.objects.filter(pk=event.pk).update(detail=scrubbed)
    content_types = [
        ContentType.objects.get_for_model(model)
        for model in (Intake, Trial, SafetyAnswer, StatusChange, UrgentAlert, IntakeMessage)
    ]
    matches = Q()
    for text in emails:
        matches |= (
            Q(changes_text__icontains=text)
            | Q(object_repr__icontains=text)
            | Q(changes__icontains=text)
        )
    LogEntry.objects.filter(content_type__in=content_types).filter(matches).delete()


def _forget_sign_in_records(email):
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        # Sign-in records name the email's key (portal/identity.py).
        model.objects.filter(Q(username__iexact=email) | Q(username=email_key(email))).delete()


def carry_out_deletion(*, deletion_request, by, remote_addr=None):
    """Delete the patient's account and data, keeping reviewed intakes without identity.

    All or nothing: any error leaves everything as it was. The patient is emailed once it is
    committed. Returns the updated request."""
    with transaction.atomic():
        locked = DeletionRequest.objects.select_for_update().get(pk=deletion_request.pk)
        if locked.state != DeletionRequest.State.PENDING or locked.patient_id is None:
            raise DeletionError("This request was already carried out.")
        user = locked.patient
        if user.is_staff or user.is_superuser:
            raise DeletionError("This is a staff account; remove staff accounts by hand.")
        email, language = user.email, user.language  # the mail goes out once they are gone
        intakes = list(Intake.objects.select_for_update().filter(patient=user))
        kept = [i for i in intakes if is_reviewed(i)]
        dropped = [i for i in intakes if not is_reviewed(i)]
        with disable_auditlog():
            forget_sections(user)
            _forget_log_entries(user=user, intake_ids=[i.pk for i in intakes])
            _scrub_trail(user=user, intakes=intakes)
            # Papers identify the patient: none is kept, not even on a kept intake.
            forget_documents(intakes=intakes)
            for intake in kept:
                _anonymise_intake(intake)
            Intake.objects.filter(pk__in=[i.pk for i in dropped]).delete()
            PolicyAgreement.objects.filter(user=user).delete()
            if kept:
                # The kept intakes need an owner row: an account with no identity that cannot
                # sign in.
                user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
                user.full_name = ""
                user.date_of_birth = None
                user.is_active = False
                user.awaiting_confirmation = False
                user.set_unusable_password()
                user.last_login = None
                user.save()
                _remove_devices(user)
            else:
                user.delete()
        # The patient's own export and request events named them by email.
        AccessEvent.objects.filter(user_email__iexact=email).update(
            user=None, user_email="deleted patient", remote_addr=None
        )
        _forget_sign_in_records(email)
        DeletionRequest.objects.filter(pk=locked.pk).update(
            patient=None if not kept else user,
            state=DeletionRequest.State.DONE,
            done_at=timezone.now(),
            done_by=by,
            result=(DeletionRequest.Result.ANONYMISED if kept else DeletionRequest.Result.DELETED),
            kept_intakes=len(kept),
            deleted_intakes=len(dropped),
        )
        AccessEvent.objects.create(
            user=by,
            user_email=by.email,
            action=AccessEvent.Action.DELETE,
            detail=(
                f"Deletion request {locked.pk}: {len(dropped)} intake(s) deleted, "
                f"{len(kept)} kept without identity."
            ),
            remote_addr=remote_addr,
        )
        transaction.on_commit(lambda: _email_patient(email, kept=len(kept), language=language))
    locked.refresh_from_db()
    return locked


def _remove_devices(user):
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def _email_patient(email, *, kept, language=None):
    _send(template="data_deleted", to=email, context={"kept": kept}, language=language)
