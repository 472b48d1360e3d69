"""The authorization matrix: every URL pattern of the project, the admin's included, requested
as six kinds of visitor, compared with a declared table.

A URL pattern that no rule in RULES matches fails the test with its name: add one line for it.
Outcomes are compared as kinds: "login" (redirect to the patient sign-in), "admin-login"
(redirect to the admin sign-in), "two-step" (redirect to the two-step pages), "redirect"
(any other redirect), or the status code (200, 403, 404, 405, ...).
"""

import fnmatch
import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from education.models import Article, ImportJob, Question
from education.tests.factories import ArticleFactory
from intake.models import (
    AccessEvent,
    CriteriaProfile,
    DeletionRequest,
    InsurancePlanMapping,
    Intake,
    Reevaluation,
    ReleaseRequest,
    StatusChange,
)
from intake.tests.documents_helpers import add_document
from intake.tests.factories import submitted_intake
from portal.tests.factories import staff_user
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "patient_a", "patient_b", "editor", "reviewer", "superuser")

# Outcomes per role, in ROLES order.
PUBLIC = (200,) * 6
SIGNED_IN = ("login", 200, 200, 200, 200, 200)
SIGNED_IN_POST_ONLY = ("login", 405, 405, 405, 405, 405)
# Patient A's intake is sent (its steps redirect to /intake/); patient B has a draft of their own.
# Staff have no intake: /intake/ is for patients only.
PATIENT_HOME = ("login", 200, 200, 403, 403, 403)
PATIENT_STEP = ("login", "redirect", 200, 403, 403, 403)
# An admin page that only staff open: patients get the admin sign-in, like anonymous visitors.
_ADMIN_DENIED = ("admin-login", "admin-login", "admin-login")
STAFF = (*_ADMIN_DENIED, 200, 200, 200)
STAFF_REDIRECT = (*_ADMIN_DENIED, "redirect", "redirect", "redirect")
CLINICAL = (*_ADMIN_DENIED, 403, 200, 200)
CONTENT = (*_ADMIN_DENIED, 200, 403, 200)
SUPERUSER = (*_ADMIN_DENIED, 403, 403, 200)
NOBODY = (*_ADMIN_DENIED, 403, 403, 403)
ADMIN_POST_ONLY = (*_ADMIN_DENIED, 405, 405, 405)
ADMIN_NOT_FOUND = (*_ADMIN_DENIED, 404, 404, 404)

# (key pattern, method, outcomes). The key is the URL name ("namespace:name"), or for an unnamed
# pattern "admin:<app>_<model>_redirect" / "admin:catch_all". First match wins (fnmatch: "*" is
# anything), so put exceptions above the general rule. A new URL is one line here.
RULES = [
    # --- Public pages
    ("home", "GET", PUBLIC),
    ("healthz", "GET", PUBLIC),
    ("privacy_notice", "GET", PUBLIC),
    ("favicon", "GET", ("redirect",) * 6),
    ("set_language", "GET", (405,) * 6),  # a POST (portal/tests/test_language.py)
    ("education:*", "GET", PUBLIC),
    ("django.contrib.sitemaps.views.sitemap", "GET", PUBLIC),
    # --- The patient's own intake: no ids in the URL, always the signed-in person's own.
    ("intake:home", "GET", PATIENT_HOME),
    # The TMS course: patient A has an active course, patient B none (a page that says so).
    ("treatment:course", "GET", PATIENT_HOME),
    # The check-in: patient A's is due (the form; an empty one is refused, 400); patient B has
    # no course (a page that says so; a POST is refused, 409).
    ("treatment:check_in", "GET", PATIENT_HOME),
    ("treatment:check_in", "POST", ("login", 400, 409, 403, 403, 403)),
    # Nothing saved in this session: back to the check-in.
    ("treatment:check_in_thanks", "GET", ("login", "redirect", "redirect", 403, 403, 403)),
    # A made-up link: 404 for every patient, as another patient's link is.
    ("treatment:check_in_link", "GET", ("login", 404, 404, 403, 403, 403)),
    ("intake:message", "GET", (405,) * 6),
    # An empty message: "please write your message" (400), each on their own intake.
    ("intake:message", "POST", ("login", 400, 400, 403, 403, 403)),
    # Papers: the page of the signed-in person's own intake; a paper by id is its owner's only.
    ("intake:documents", "GET", PATIENT_HOME),
    ("intake:documents", "POST", ("login", 400, 400, 403, 403, 403)),  # no file chosen
    ("intake:document", "GET", ("login", 200, 404, 403, 403, 403)),
    ("intake:document_remove", "GET", (405,) * 6),
    ("intake:document_remove", "POST", ("login", "redirect", 404, 403, 403, 403)),
    # Records, guardian, consent (docs/consent.md): the guardian page is for patients under 18
    # (both sample patients are adults: sent back to the review); the consent stays open after
    # sending. Empty POSTs: a 400 with messages, never a 500.
    ("intake:guardian", "GET", ("login", "redirect", "redirect", 403, 403, 403)),
    ("intake:guardian", "POST", ("login", "redirect", "redirect", 403, 403, 403)),
    ("intake:tms_consent", "GET", PATIENT_HOME),
    ("intake:tms_consent", "POST", ("login", 400, 400, 403, 403, 403)),
    ("intake:release", "POST", ("login", "redirect", 400, 403, 403, 403)),
    ("intake:*", "GET", PATIENT_STEP),
    ("intake:home", "POST", (405,) * 6),
    # An empty POST: patient B's own draft says "no version sent" (409) / "nothing to send" (400).
    ("intake:review", "POST", ("login", "redirect", 400, 403, 403, 403)),
    ("intake:step", "POST", ("login", "redirect", 409, 403, 403, 403)),
    # --- Accounts
    ("login", "GET", PUBLIC),
    ("logout", "GET", (405,) * 6),
    ("signup", "GET", (200, *("redirect",) * 5)),
    ("signup_done", "GET", PUBLIC),
    ("signup_confirm", "GET", (400,) * 6),  # a forged link: a plain "link not valid" page
    ("password_reset*", "GET", PUBLIC),
    ("account_security", "GET", SIGNED_IN),
    ("two_factor_verify", "GET", ("login", *("redirect",) * 5)),  # nothing pending: away
    ("two_factor_setup", "GET", SIGNED_IN),
    ("two_factor_new_codes", "GET", SIGNED_IN_POST_ONLY),
    ("two_factor_turn_off", "GET", SIGNED_IN_POST_ONLY),
    ("my_data", "GET", PATIENT_HOME),
    ("my_data_json", "GET", PATIENT_HOME),
    ("my_data_delete", "GET", PATIENT_HOME),
    # Patient A's intake by id: another patient gets a 404, never a 403.
    ("my_data_fhir", "GET", ("login", 200, 404, 403, 403, 403)),
    ("keep_alive", "GET", (405,) * 6),
    ("keep_alive", "POST", (401, 204, 204, 204, 204, 204)),
    # --- The admin: its own pages
    ("admin:login", "GET", (200, 200, 200, "redirect", "redirect", "redirect")),
    ("admin:logout", "GET", ("redirect", "redirect", "redirect", 405, 405, 405)),
    ("admin:autocomplete", "GET", NOBODY),  # without its query: refused
    # Patient A's intake: a content editor (no view permission on intakes) gets the same 404
    # as for a missing id (portal/admin_edges.py; the first is the project's, at the same address).
    ("view_on_site", "GET", (*_ADMIN_DENIED, 404, "redirect", "redirect")),
    ("admin:view_on_site", "GET", (*_ADMIN_DENIED, 404, "redirect", "redirect")),
    ("admin:*_redirect", "GET", STAFF_REDIRECT),  # <pk>/ -> <pk>/change/, checked there
    ("admin:app_list", "GET", (*_ADMIN_DENIED, 404, 200, 200)),  # filled with "intake"
    ("admin:catch_all", "GET", ADMIN_NOT_FOUND),
    ("admin:index", "GET", STAFF),
    ("admin:password_change*", "GET", STAFF),
    ("admin:jsi18n", "GET", STAFF),
    # --- Accounts, groups, sign-in records and two-step devices: superusers only
    ("admin:auth_*", "GET", SUPERUSER),
    ("admin:portal_user_*", "GET", SUPERUSER),
    ("admin:portal_clinic_add", "GET", NOBODY),  # one record, made on first use
    ("admin:portal_clinic_delete", "GET", NOBODY),
    ("admin:portal_clinic_changelist", "GET", (*_ADMIN_DENIED, 403, 403, "redirect")),
    ("admin:portal_clinic_*", "GET", SUPERUSER),
    # Notice and consent texts: staff publish new versions; none is ever deleted.
    ("admin:portal_policytext_delete", "GET", NOBODY),
    ("admin:portal_policytext_*", "GET", STAFF),
    ("admin:axes_*_add", "GET", NOBODY),
    ("admin:axes_*", "GET", SUPERUSER),
    ("admin:otp_*", "GET", SUPERUSER),
    # --- Education: content editors
    ("admin:education_article_preview", "GET", ADMIN_POST_ONLY),
    ("admin:education_*", "GET", CONTENT),
    # --- Intake: clinical reviewers; intakes and the audit trail are never added or deleted
    ("admin:intake_intake_add", "GET", NOBODY),
    ("admin:intake_intake_delete", "GET", NOBODY),
    ("admin:intake_intake_delete", "POST", NOBODY),
    ("admin:intake_accessevent_add", "GET", NOBODY),
    ("admin:intake_deletionrequest_add", "GET", NOBODY),  # patients ask; staff carry it out
    ("admin:intake_deletionrequest_delete", "GET", NOBODY),
    ("admin:intake_accessevent_delete", "GET", NOBODY),
    # Records requests: the patient names them; staff track them and never add or delete one.
    ("admin:intake_releaserequest_add", "GET", NOBODY),
    ("admin:intake_releaserequest_delete", "GET", NOBODY),
    ("admin:intake_intake_assign", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_start", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_request_info", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_close", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_reevaluate", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_urgent_acknowledge", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_urgent_followup", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_message", "GET", ADMIN_POST_ONLY),
    ("admin:intake_intake_message", "POST", (*_ADMIN_DENIED, 403, "redirect", "redirect")),
    ("admin:intake_intake_start", "POST", (*_ADMIN_DENIED, 403, "redirect", "redirect")),
    # A patient's paper: reviewers (each download an access event), never an editor.
    ("admin:intake_document_download", "GET", CLINICAL),
    ("admin:intake_*", "GET", CLINICAL),
    ("admin:auditlog_logentry_add", "GET", NOBODY),
    ("admin:auditlog_logentry_delete", "GET", NOBODY),
    ("admin:auditlog_*", "GET", CLINICAL),
    # Clinical records of a course are not deleted by reviewers; a protocol no longer offered is.
    ("admin:treatment_protocol_delete", "GET", CLINICAL),
    ("admin:treatment_course_fhir", "GET", CLINICAL),  # each download an access event
    # Sessions are logged from their course (one screen); an empty POST: a 400 with messages.
    ("admin:treatment_treatmentsession_add", "GET", NOBODY),
    ("admin:treatment_course_log_session", "POST", (*_ADMIN_DENIED, 403, 400, 400)),
    ("admin:treatment_*_delete", "GET", SUPERUSER),
    # The Outcomes page and its CSV, the extension request packet: reviewers and superusers.
    ("admin:treatment_outcomes", "GET", CLINICAL),
    ("admin:treatment_outcomes_csv", "GET", CLINICAL),
    ("admin:treatment_course_extension_packet", "GET", CLINICAL),
    ("admin:treatment_*", "GET", CLINICAL),
]


# --- Enumerating the URL patterns ----------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = namespace + pattern.name
            elif route.endswith("(?P<url>.*)$"):
                key = f"{namespace}catch_all"
            else:
                model = re.match(r"^admin/(\w+)/(\w+)/", route)
                key = f"{namespace}{model[1]}_{model[2]}_redirect" if model else route
            yield key, route


def all_patterns():
    return list(_walk(get_resolver().url_patterns))


def rule_for(key, method="GET"):
    for pattern, rule_method, outcomes in RULES:
        if rule_method == method and fnmatch.fnmatchcase(key, pattern):
            return outcomes
    return None


# --- Sample objects and filling the routes ----------------------------------------------------


@pytest.fixture
def world(patient, other_patient, editor, reviewer, superuser):
    intake = submitted_intake(patient=patient)
    StatusChange.objects.filter(intake=intake).update(by=patient)
    document = add_document(intake)
    article = ArticleFactory()
    ImportJob.objects.create(text="Q?\nA. B.\n", file_name="qa.txt", answers_total=1)
    Reevaluation.objects.create(reason="Medication “sertraline” changed")
    AccessEvent.objects.create(
        user=patient, user_email=patient.email, action="view", intake_id=intake.pk
    )
    users = {
        "patient_a": patient,
        "patient_b": other_patient,
        "editor": editor,
        "reviewer": reviewer,
        "superuser": superuser,
    }
    DeletionRequest.objects.create(patient=other_patient)
    course_of(intake, extension=6)
    ReleaseRequest.objects.create(intake=intake, name="Dr. Sample", city="Springfield")
    InsurancePlanMapping.objects.create(
        plan_name="Sample Health PPO", profile=CriteriaProfile.objects.order_by("pk").first()
    )
    # Devices of another staff member: a signed-in role with a device would be asked for a code.
    _otp_samples(staff_user("otto@clinic.example", superuser=True, full_name="Otto Other"))
    return {
        "intake": intake,
        "article": article,
        "users": users,
        "patient": patient,
        "document": document,
    }


def _axes_samples():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    common = {"username": "alice@example.com", "ip_address": "10.0.0.1", "user_agent": "test"}
    AccessAttempt.objects.create(**common, failures_since_start=1)
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)


def _otp_samples(user):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    StaticDevice.objects.create(user=user, name="backup")


def _sample_pk(app_label, model_name, world):
    if (app_label, model_name) == ("portal", "user"):
        return world["patient"].pk
    if (app_label, model_name) == ("intake", "intake"):
        return world["intake"].pk
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
            obj = model._default_manager.order_by("pk").first()
            assert obj is not None, f"no sample object for {app_label}.{model_name}"
            return obj.pk
    raise AssertionError(f"no admin model {app_label}.{model_name}")


def fill(route, world):
    """The route with every parameter filled with a sample value."""
    if route.endswith("(?P<url>.*)$"):
        return "/admin/no-such-page/"
    model = re.match(r"^admin/(\w+)/(\w+)/", route)
    article = world["article"]
    values = {
        "step": "about-you",
        "slug": article.question.slug,
        "question_slug": article.question.slug,
        "uidb64": "MQ",
        "token": "not-a-token",
        "app_label": "intake",
        "content_type_id": ContentType.objects.get_for_model(Intake).pk,
        "id": world["patient"].pk,
        "document_id": world["document"].pk,
    }
    if re.search(r"<slug:question_slug>/<slug:slug>", route):
        values["slug"] = article.slug
    if not model:
        values["pk"] = world["intake"].pk  # patient A's own intake
    if model and "<" in route:
        values["object_id"] = values["pk"] = _sample_pk(model[1], model[2], world)
    if "view_on_site" in route or route.startswith("admin/r/"):
        values["object_id"] = world["intake"].pk

    history = re.search(r"\^\(\[\^/\]\+\)/history/\(\[\^/\]\+\)/\$$", route)
    if history:
        model_class = {"question": Question, "article": Article}[model[2]]
        record = model_class.history.order_by("history_id").first()
        return f"/{model[0]}{record.id}/history/{record.history_id}/"

    if "(?P<" in route:  # a re_path: its named groups
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route.replace("^", "").replace("$", ""))

    def one(match):
        name = match[2]
        assert name in values, f"no sample value for <{name}> in {route}"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, route)


def outcome(response):
    if response.status_code in (301, 302, 303, 307, 308):
        target = response["Location"]
        if target.startswith("/accounts/login/"):
            return "login"
        if target.startswith("/admin/login/"):
            return "admin-login"
        if target.startswith("/accounts/two-factor/"):
            return "two-step"
        return "redirect"
    return response.status_code


def clients(world):
    result = {"anonymous": Client()}
    for role, user in world["users"].items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def test_every_url_pattern_has_a_rule():
    missing = [key for key, _route in all_patterns() if rule_for(key) is None]
    assert not missing, "URL patterns with no rule in RULES (add one line each): " + ", ".join(
        missing
    )


# Pages a content editor must never open: anything of intakes, patients' accounts or the audit.
EDITOR_NEVER = ("intake:*", "admin:intake_*", "admin:portal_user_*", "admin:auditlog_*")


def test_every_url_pattern_answers_each_role_as_declared(world):
    by_role = clients(world)
    _axes_samples()  # after the sign-ins, which clear axes' attempts
    requests = [(key, route, "GET") for key, route in all_patterns()]
    # Then the state-changing endpoints that have a POST rule (after every GET, as they change
    # things: a reviewer's "start" moves patient A's intake into review).
    requests += [(key, route, "POST") for key, route, _ in requests if rule_for(key, "POST")]
    mismatches = []
    for key, route, method in requests:
        expected = rule_for(key, method)
        if expected is None:
            continue  # reported by test_every_url_pattern_has_a_rule
        url = fill(route, world)
        for role, want in zip(ROLES, expected, strict=True):
            client = by_role[role]
            response = client.get(url) if method == "GET" else client.post(url, {})
            got = outcome(response)
            where = f"{method} {url} ({key}) as {role}"
            if role == "patient_b" and got == 403:
                mismatches.append(f"{where}: 403, but another patient must get 404")
            if role == "editor" and got == 200 and _any(key, EDITOR_NEVER):
                mismatches.append(f"{where}: a content editor opened it")
            if got != want:
                mismatches.append(f"{where}: got {got!r}, declared {want!r}")
    assert not mismatches, "\n".join(mismatches)


def _any(key, patterns):
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def test_a_url_without_a_rule_is_named_in_the_failure(monkeypatch):
    """The guard itself can fail: drop the rule for the home page and it names "home"."""
    monkeypatch.setattr(
        __import__(__name__, fromlist=["RULES"]),
        "RULES",
        [rule for rule in RULES if rule[0] != "home"],
    )
    with pytest.raises(AssertionError, match=r"\bhome\b"):
        test_every_url_pattern_has_a_rule()


def test_a_denied_post_leaves_the_intake_as_it_was(world):
    """Besides the status: an editor's or another patient's review POST changes nothing."""
    intake = world["intake"]
    editor = Client()
    editor.force_login(world["users"]["editor"])
    other = Client()
    other.force_login(world["users"]["patient_b"])
    changes = StatusChange.objects.count()
    for action in ("assign", "start", "request_info", "close", "reevaluate"):
        url = f"/admin/intake/intake/{intake.pk}/review/{action}/"
        assert editor.post(url, {"message": "x", "outcome": "x"}).status_code == 403
        assert outcome(other.post(url, {})) == "admin-login"
    intake.refresh_from_db()
    assert intake.status == "submitted"
    assert intake.assigned_to_id is None
    assert StatusChange.objects.count() == changes
