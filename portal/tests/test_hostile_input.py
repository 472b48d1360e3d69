"""Hostile input: random and hostile values POSTed to every form of the project, and given to
`evaluate_case`. Never a 500 (the test client re-raises any uncaught exception), always a 2xx,
3xx or 4xx, and a rejected form leaves the rows as they were.

Each form starts from valid data and, per field, keeps it, drops it, or replaces it with a hostile
value (very long strings, NUL bytes, odd Unicode, out-of-range and non-numbers, several values
for one field); extra fields are added. Examples are bounded (MAX_EXAMPLES per form).
"""

import contextlib
import io
import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from education.models import Article, Question
from intake.eligibility.case_json import CaseError, parse_case_json
from intake.models import (
    DeletionRequest,
    Document,
    Intake,
    IntakeMessage,
    IntakeStep,
    SafetyAnswer,
    StatusChange,
    Trial,
    UrgentAlert,
)
from intake.questions import ANSWER_STEP_SLUGS
from intake.roles import CLINICAL_REVIEWERS
from intake.tests.documents_helpers import PDF, jpeg_with_exif, png_bytes
from intake.tests.factories import step_data, submitted_intake
from intake.uploads import document_storage
from portal.tests.factories import staff_user

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30
fuzz = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "A" * 100_000,
    "é" * 20_000,
    "\u202eevil\u202c",
    "\ufeff",
    "\u0000\u0001\u001f\u007f",
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U0001f9e0\U0001f48a",
    "Z̷̢̛̗a̴̧̛l̶g̸o̵",
    "\u200b\u200c\u200d",
    "<script>alert(1)</script>",
    "'; DROP TABLE intake_intake; --",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "3.5",
    "1,000",
    "٣",
    "\uff11\uff12",
    "Ⅻ",
    "true",
    "null",
    "[]",
    "{}",
    "on",
    "13",
    "0000-00-00",
    "2024-02-30",
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# Several values for one field (a list), as a forged form could send.
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))
extra_fields = st.dictionaries(
    st.text(min_size=1, max_size=30).filter(lambda k: "\x00" not in k),
    hostile_text,
    max_size=3,
)


@st.composite
def mutated(draw, valid):
    """``valid`` with each field kept, dropped or replaced, and a few extra fields."""
    data = {}
    for key, value in valid.items():
        choice = draw(st.sampled_from(["keep", "keep", "drop", "hostile"]))
        if choice == "keep":
            data[key] = value
        elif choice == "hostile":
            data[key] = draw(hostile_value)
    data.update(draw(extra_fields))
    return data


def assert_answered(response):
    assert 200 <= response.status_code < 500, response.status_code


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- Accounts ---------------------------------------------------------------------------------


SIGNUP = {
    "full_name": "Carol Example",
    "email": "carol@example.com",
    "date_of_birth_0": "3",
    "date_of_birth_1": "27",
    "date_of_birth_2": "1980",
    "password1": "correct horse battery",
    "password2": "correct horse battery",
    "privacy_notice": "on",
    "notice_version": "1",
}


@fuzz
@given(data=mutated(SIGNUP))
def test_sign_up_answers_any_input(client, django_user_model, data):
    before = django_user_model.objects.count()
    response = client.post(reverse("signup"), data)
    assert_answered(response)
    after = django_user_model.objects.count()
    assert after == before + (1 if response.status_code == 302 and after > before else 0)


@fuzz
@given(data=mutated({"username": "alice@example.com", "password": "wrong password"}))
def test_sign_in_answers_any_input(client, patient, data):
    assert_answered(client.post(reverse("login"), data))


@fuzz
@given(data=mutated({"email": "alice@example.com"}))
def test_password_reset_answers_any_input(client, patient, data):
    assert_answered(client.post(reverse("password_reset"), data))


@fuzz
@given(
    url=st.sampled_from(
        ["two_factor_setup", "two_factor_new_codes", "two_factor_turn_off", "keep_alive"]
    ),
    data=mutated({"code": "123456", "next": "/intake/"}),
)
def test_the_account_and_two_step_forms_answer_any_input(patient, url, data):
    assert_answered(signed_in(patient).post(reverse(url), data))


@fuzz
@given(
    data=mutated({"code": "CODE", "next": "/intake/"}),
    code=st.one_of(st.just("CODE"), st.just("RECOVERY"), hostile_value),
)
def test_the_two_step_code_page_of_a_pending_sign_in_answers_any_input(patient, data, code):
    """Signed in with a password, the code not given yet: only the right code lets them in,
    and a wrong one changes nothing but the guess counter."""
    device = TOTPDevice.objects.get_or_create(
        user=patient, name="Authenticator app", defaults={"confirmed": True}
    )[0]
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, last_t=-1)
    recovery = StaticDevice.objects.get_or_create(user=patient, name="Recovery codes")[0]
    StaticDevice.objects.filter(pk=recovery.pk).update(throttling_failure_count=0)
    if not recovery.token_set.exists():
        recovery.token_set.create(token="abcd2345")
    client = Client()
    client.force_login(patient)  # the sign-in signal marks the session: the code is due
    known = {}
    if "code" in data:
        device.refresh_from_db()
        right = f"{totp(device.bin_key):06d}"
        known = {"CODE": right, "RECOVERY": "abcd2345"}
        data["code"] = known.get(code, code) if isinstance(code, str) else code
    tokens = StaticToken.objects.filter(device__user=patient).count()
    response = client.post(reverse("two_factor_verify"), data)
    assert_answered(response)
    verified = client.get(reverse("intake:home")).status_code == 200
    assert verified == (data.get("code") in known.values())
    if not verified:
        assert StaticToken.objects.filter(device__user=patient).count() == tokens
        assert response.status_code in (200, 400)


@fuzz
@given(
    data=mutated(
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"}
    )
)
def test_the_set_new_password_form_answers_any_input(patient, data):
    """The form behind the emailed reset link: the password changes only on a redirect."""
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(patient.pk))
    token = default_token_generator.make_token(patient)
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token])).url
    assert form_url.endswith("/set-password/")
    old_hash = patient.password
    response = client.post(form_url, data)
    assert_answered(response)
    patient.refresh_from_db()
    if response.status_code != 302:
        assert patient.password == old_hash
    else:
        # Saved: both fields said the same (valid) password, and that is the password now.
        assert patient.password != old_hash
        new_password = data["new_password2"]
        assert patient.check_password(
            new_password[-1] if isinstance(new_password, list) else new_password
        )
        patient.set_password("correct horse battery")
        patient.save()


@fuzz
@given(data=mutated({"confirm": "yes"}))
def test_the_deletion_request_answers_any_input(patient, data):
    """One pending request at most, and only when the box was ticked."""
    DeletionRequest.objects.filter(patient=patient).delete()
    client = signed_in(patient)
    response = client.post(reverse("my_data_delete"), data)
    assert_answered(response)
    # Asked (a redirect back to "My data") or not (the page again with a message).
    expected = 1 if response.status_code == 302 else 0
    assert DeletionRequest.objects.filter(patient=patient).count() == expected
    if expected == 0:
        assert response.status_code == 400
        assert "Please tick the box" in response.content.decode()


@fuzz
@given(query=hostile_value)
def test_search_answers_any_query(client, query):
    assert_answered(client.get(reverse("education:search"), {"q": query}))


# --- The intake steps ---------------------------------------------------------------------------


def snapshot(patient):
    intakes = list(Intake.objects.filter(patient=patient).order_by("pk").values())
    ids = [row["id"] for row in intakes]
    return (
        intakes,
        list(IntakeStep.objects.filter(intake__in=ids).order_by("pk").values()),
        list(Trial.objects.filter(intake__in=ids).order_by("pk").values()),
        list(SafetyAnswer.objects.filter(intake__in=ids).order_by("pk").values()),
        StatusChange.objects.filter(intake__in=ids).count(),
        list(IntakeMessage.objects.filter(intake__in=ids).order_by("pk").values()),
        list(UrgentAlert.objects.filter(intake__in=ids).order_by("pk").values()),
    )


def assert_all_or_nothing(before, after, step):
    """A step is saved whole (its version moves on; "Save and continue" with answers missing
    saves a draft and shows the page again with a 400) or not at all: a refused step leaves
    the intake, its trials and safety answers as they were."""
    versions = {row["step"]: row["version"] for row in after[1]}
    old_versions = {row["step"]: row["version"] for row in before[1]}
    if versions.get(step) == old_versions.get(step):
        assert after == before, f"{step} was refused, but rows changed"


@fuzz
@given(step=st.sampled_from(ANSWER_STEP_SLUGS), data=st.data())
def test_every_intake_step_answers_any_input_and_a_refusal_writes_nothing(patient, step, data):
    client = signed_in(patient)
    url = reverse("intake:step", args=[step])
    version = client.get(url).context["version"]
    valid = {"version": str(version), **step_data(step)}
    if step == "antidepressants":
        # Forged management counts too, and rows beyond the count.
        valid.update({"trials-2-medication": "lithium", "trials-2-weeks": "4"})
    posted = data.draw(mutated(valid))
    before = snapshot(patient)
    response = client.post(url, posted)
    assert_answered(response)
    assert_all_or_nothing(before, snapshot(patient), step)


@fuzz
@given(
    counts=st.fixed_dictionaries(
        {
            "trials-TOTAL_FORMS": st.sampled_from(["0", "1", "3", "1001", "-1", "x", "", "1e9"]),
            "trials-INITIAL_FORMS": st.sampled_from(["0", "2", "-5", "999999", "x"]),
            "trials-MIN_NUM_FORMS": st.sampled_from(["0", "-1", "x"]),
            "trials-MAX_NUM_FORMS": st.sampled_from(["30", "0", "100000", "x"]),
        }
    ),
    row_id=st.sampled_from(["", "1", "-1", "999999999", "x", "1.5"]),
)
def test_the_medicines_formset_survives_forged_counts(patient, counts, row_id):
    client = signed_in(patient)
    url = reverse("intake:step", args=["antidepressants"])
    version = client.get(url).context["version"]
    posted = {"version": str(version), **step_data("antidepressants"), **counts}
    posted["trials-0-id"] = row_id
    before = snapshot(patient)
    response = client.post(url, posted)
    assert_answered(response)
    assert_all_or_nothing(before, snapshot(patient), "antidepressants")


@fuzz
@given(data=mutated({"action": "submit", "confirm": "on", "version": "0"}))
def test_the_review_and_send_answers_any_input(patient, data):
    client = signed_in(patient)
    for step in ANSWER_STEP_SLUGS[:2]:
        url = reverse("intake:step", args=[step])
        version = client.get(url).context["version"]
        client.post(url, {"version": str(version), **step_data(step)})
    before = snapshot(patient)
    response = client.post(reverse("intake:review"), data)
    assert_answered(response)
    if response.status_code != 302:
        assert snapshot(patient) == before


def test_raw_bodies_with_bad_encodings_and_nul_bytes_are_answered(patient):
    client = signed_in(patient)
    bodies = [
        b"legal_name=%ED%A0%80&phone=%00%00",  # a UTF-8-encoded surrogate, NUL bytes
        b"legal_name=%FF%FE%FD",  # not UTF-8 at all
        b"version=%00&action=%ED%BF%BF",
        b"\xff\xfe\x00\x00=\x00",
    ]
    for step in ANSWER_STEP_SLUGS:
        for body in bodies:
            response = client.post(
                reverse("intake:step", args=[step]),
                body,
                content_type="application/x-www-form-urlencoded",
            )
            assert_answered(response)


@fuzz
@given(data=mutated({"body": "Can I come on a Saturday?"}))
def test_the_patients_message_to_the_clinic_answers_any_input(patient, data):
    """A message is sent whole (a redirect back to the thread) or refused with the page again;
    a refused one writes nothing."""
    client = Client()
    client.force_login(patient)
    intake = Intake.objects.filter(patient=patient).first() or submitted_intake(patient=patient)
    before = IntakeMessage.objects.filter(intake=intake).count()
    response = client.post(reverse("intake:message"), data)
    assert_answered(response)
    after = IntakeMessage.objects.filter(intake=intake).count()
    assert after == before + (1 if response.status_code == 302 else 0)


@fuzz
@given(
    data=mutated(
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"}
    )
)
def test_the_choose_a_password_page_of_a_sign_up_answers_any_input(django_user_model, data):
    """The sign-up email's link: the account is turned on only on a redirect."""
    from portal.tokens import email_confirmation_token

    user = django_user_model.objects.create_user(
        email="new@example.com", password="typed at sign up", is_active=False
    )
    django_user_model.objects.filter(pk=user.pk).update(awaiting_confirmation=True)
    user.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("signup_confirm", args=[uid, email_confirmation_token.make_token(user)])
    response = Client().post(url, data)
    assert_answered(response)
    user.refresh_from_db()
    assert user.is_active == (response.status_code == 302)
    assert not user.check_password("typed at sign up") or response.status_code != 302
    user.delete()


# --- Staff: the review actions and the Q&A import -----------------------------------------------


@fuzz
@given(
    action=st.sampled_from(
        [
            "assign",
            "start",
            "request_info",
            "close",
            "reevaluate",
            "message",
            "urgent_acknowledge",
            "urgent_followup",
        ]
    ),
    data=mutated(
        {
            "message": "Please tell us your dose.",
            "outcome": "ready_to_schedule",
            "comment": "Fine.",
            "countersignature": "Rita Reviewer",
            "body": "We can see you on Monday.",
            "contact": "phone",
            "note": "Called; safe.",
        }
    ),
)
def test_the_review_actions_answer_any_input(action, data):
    reviewer = Client()
    user = staff_user("rita@clinic.example", CLINICAL_REVIEWERS)
    reviewer.force_login(user)
    # The urgent path's actions need an urgent intake (item 9 above "Not at all").
    item9 = 1 if action.startswith("urgent_") else 0
    intake = submitted_intake(phq9=(3, 3, 2, 2, 1, 2, 2, 1, item9))
    before = snapshot(intake.patient)
    url = reverse(f"admin:intake_intake_{action}", args=[intake.pk])
    response = reviewer.post(url, data)
    assert_answered(response)
    if response.status_code >= 400:
        assert snapshot(intake.patient) == before
    intake.patient.delete()  # first: an acknowledgement keeps its reviewer (PROTECT)
    user.delete()


upload_bytes = st.one_of(
    st.binary(max_size=2000),
    hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"",
            b"\xff\xfe\x00Q?\n",
            b"What is TMS?\nShort. \x00 answer.\n",
            ("What is TMS?\n" + "A. " + "x" * 1_200_000 + "\n").encode(),
            "¿Qué es TMS?\nTítulo. Respuesta.\n".encode("latin-1"),
            b"?\n.\n" * 1000,
        ]
    ),
)


@fuzz
@given(content=upload_bytes, name=st.sampled_from(["qa.txt", "qa.exe", "", "\x00.txt", "a" * 300]))
def test_the_qa_import_answers_any_upload(admin_client, content, name):
    counts = (Question.objects.count(), Article.objects.count())
    upload = SimpleUploadedFile(name or "x", content, content_type="text/plain")
    response = admin_client.post(reverse("admin:education_article_import"), {"file": upload})
    assert_answered(response)
    if not response.context or response.context.get("report") is None:
        assert (Question.objects.count(), Article.objects.count()) == counts


document_bytes = st.one_of(
    upload_bytes,
    st.sampled_from([PDF, jpeg_with_exif(), png_bytes(), b"%PDF-", b"\xff\xd8\xff", b""]),
    st.binary(max_size=2000).map(lambda tail: PDF[:40] + tail),
    st.binary(max_size=2000).map(lambda tail: jpeg_with_exif()[:200] + tail),
)


@fuzz
@given(
    content=document_bytes,
    name=st.sampled_from(["card.jpg", "x.pdf", "", "\x00.png", "../../etc/passwd", "a" * 300]),
    data=mutated({"kind": "insurance_front"}),
)
def test_the_document_upload_answers_any_file_and_a_refusal_keeps_nothing(
    patient, content, name, data
):
    """A paper is kept (a redirect) or refused with the page again; no file without its row."""
    intake = Intake.objects.filter(patient=patient).first() or submitted_intake(patient=patient)
    storage = document_storage()

    def files():
        return set(storage.listdir(str(intake.pk))[1]) if storage.exists(str(intake.pk)) else set()

    def rows():
        names = Document.objects.filter(intake=intake).values_list("stored_name", flat=True)
        return {name.split("/")[-1] for name in names}

    files_before, rows_before = files(), rows()
    upload = SimpleUploadedFile(name or "x", content, content_type="application/pdf")
    response = signed_in(patient).post(reverse("intake:documents"), {**data, "file": upload})
    assert_answered(response)
    if response.status_code != 302:
        assert (files(), rows()) == (files_before, rows_before)
    assert rows() <= files()


# --- evaluate_case ----------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text,
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=20,
)
CASE_KEYS = ["age", "phq9", "trials", "psychotherapy", "ect", "prior_tms", "safety", "diagnosis"]
case_like = st.dictionaries(st.sampled_from(CASE_KEYS) | hostile_text, json_values, max_size=8)
case_texts = st.one_of(
    case_like.map(json.dumps),
    json_values.map(json.dumps),
    st.sampled_from(["", "{", "NaN", "[1e999]", '{"age": Infinity}', "\x00", '{"a":1,"a":2}']),
    st.text(max_size=200),
)


@fuzz
@given(text=case_texts)
def test_parse_case_json_accepts_or_refuses_with_a_case_error(text):
    with contextlib.suppress(CaseError):
        parse_case_json(text)


@fuzz
@given(content=st.one_of(case_texts.map(str.encode), st.binary(max_size=500)))
def test_evaluate_case_command_answers_any_file(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("case") / "case.json"
    path.write_bytes(content)
    try:
        call_command("evaluate_case", str(path), stdout=io.StringIO())
    except CommandError as error:
        refused = error
    else:
        refused = None
    assert refused is None or refused.returncode == 2
