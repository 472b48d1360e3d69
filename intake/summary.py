"""Every answer of an intake as question/answer rows per step, for the review and status pages.

The questions are the forms' own labels, so the review says exactly what the step asked.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .eligibility.vocabulary import SAFETY_QUESTIONS
from .forms import AboutYouForm, ConsentForm, DepressionForm, OtherTreatmentsForm, Phq9Form
from .models import MONTHS, TrialOutcome, YesNo, YesNoNotSure
from .questions import STEPS_BY_SLUG

NOT_ANSWERED = _("Not answered")
_MONTHS = dict(MONTHS)
# Follow-up questions and the question they follow. A follow-up left blank after an answer
# that does not lead to it ("No", "Not sure", or no answer yet) does not apply: it is not
# listed, rather than shown as "Not answered" (ECT sessions after "No").
FOLLOW_UPS = {
    "hospital_details": "hospital_stays",
    "substance_details": "substance_use_90d",
    "therapy_kind": "therapy_had",
    "therapy_weeks": "therapy_had",
    "therapy_outcome": "therapy_had",
    "ect_sessions": "ect_had",
    "ect_outcome": "ect_had",
    "ect_when": "ect_had",
    "tms_improvement_pct": "tms_had",
    "tms_when": "tms_had",
    "ketamine_details": "ketamine",
}
_NOT_LEADING = (None, "", "no", "not_sure")


def _applies(intake, name, value):
    """False for a blank follow-up whose question was not answered "yes"."""
    main = FOLLOW_UPS.get(name)
    if main is None or value not in (None, ""):
        return True
    return getattr(intake, main) not in _NOT_LEADING


def _display(field, value):
    if value in (None, ""):
        return NOT_ANSWERED
    choices = getattr(field, "choices", None)
    if choices:
        return dict(choices).get(value, value)
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _month_year(month, year):
    if not year:
        return NOT_ANSWERED
    if not month:
        return str(year)
    return gettext("%(month)s %(year)s") % {"month": _MONTHS[month], "year": year}


def _form_rows(form_class, intake, skip=(), saved=True):
    """``saved``: False for a step the patient has not saved yet, whose unticked boxes are
    their default, not an answer ("Not answered", not "No")."""
    form = form_class(instance=intake, intake=intake, patient=intake.patient)
    rows = []
    for name, field in form.fields.items():
        # The language question is the account's (User.language), not the intake's.
        value = intake.patient.language if name == "language" else getattr(intake, name)
        if name in skip or not _applies(intake, name, value):
            continue
        if value is False and not saved:
            value = None
        rows.append((field.label, _display(field, value)))
    return rows


def _section(slug, rows, **extra):
    return {
        "slug": slug,
        "title": STEPS_BY_SLUG[slug].title,
        # Edited from the review, "Save and continue" comes back to the review.
        "edit_url": reverse("intake:step", args=[slug]) + "?from=review",
        "rows": rows,
        **extra,
    }


def summarise(intake):
    about = _form_rows(AboutYouForm, intake)
    depression = _form_rows(
        DepressionForm, intake, skip=("episode_start_month", "episode_start_year")
    )
    depression.insert(
        1,
        (
            gettext("When this episode began"),
            _month_year(intake.episode_start_month, intake.episode_start_year),
        ),
    )
    phq9 = _form_rows(Phq9Form, intake)
    total = intake.phq9_total
    if total is not None:
        # The total only: the severity band is for the care team to explain (see the admin).
        phq9.append((gettext("Total score"), gettext("%(total)s of 27") % {"total": total}))
    other = _form_rows(
        OtherTreatmentsForm, intake, skip=("ect_month", "ect_year", "tms_month", "tms_year")
    )
    for kind, label in (
        ("ect", gettext("When the last ECT was")),
        ("tms", gettext("When the last TMS was")),
    ):
        year = getattr(intake, f"{kind}_year")
        if _applies(intake, f"{kind}_when", year):
            other.append((label, _month_year(getattr(intake, f"{kind}_month"), year)))
    safety_answers = {a.key: a for a in intake.safety_answers.all()}
    safety = []
    for key, question in SAFETY_QUESTIONS.items():
        answer = safety_answers.get(key)
        value = dict(YesNo.choices).get(answer.answer, NOT_ANSWERED) if answer else NOT_ANSWERED
        if answer and answer.answer == "yes" and answer.details:
            value = f"{value}: {answer.details}"
        safety.append((question, value))
    saved = {step.step for step in intake.steps.all()}
    consent = _form_rows(ConsentForm, intake, saved="consent" in saved)
    if intake.signed_at:
        consent.append((gettext("Signed on"), _display(None, intake.signed_at)))
    return [
        _section("about-you", about),
        _section("depression", depression),
        _section("phq9", phq9),
        _section(
            "antidepressants",
            [],
            trials=[_trial_rows(t) for t in intake.trials.all()],
            no_antidepressants=intake.no_antidepressants,
        ),
        _section("other-treatments", other),
        _section("safety", safety),
        _section("consent", consent),
    ]


def _trial_rows(trial):
    dose = (
        gettext("%(dose)s mg a day") % {"dose": f"{trial.daily_dose_mg.normalize():f}"}
        if trial.daily_dose_mg
        else None
    )
    return {
        "medication": trial.medication,
        "rows": [
            (gettext("Highest daily dose"), dose or NOT_ANSWERED),
            (
                gettext("Weeks at that dose"),
                NOT_ANSWERED if trial.weeks is None else str(trial.weeks),
            ),
            (gettext("When you started it"), _month_year(trial.start_month, trial.start_year)),
            (
                gettext("During this episode"),
                dict(YesNoNotSure.choices).get(trial.current_episode, NOT_ANSWERED),
            ),
            (gettext("As an add-on"), dict(YesNo.choices).get(trial.augmentation, NOT_ANSWERED)),
            (gettext("Still taking it"), gettext("Yes") if trial.still_taking else gettext("No")),
            (gettext("How it worked"), dict(TrialOutcome.choices).get(trial.outcome, NOT_ANSWERED)),
            (gettext("Side effects"), trial.side_effects or gettext("None given")),
        ],
    }
