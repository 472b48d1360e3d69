"""Every answer of an intake as question/answer rows per step, for the review and status pages.

The questions are the forms' own labels, so the review says exactly what the step asked.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .eligibility.vocabulary import SAFETY_QUESTIONS
from .forms import AboutYouForm, ConsentForm, DepressionForm, OtherTreatmentsForm, Phq9Form
from .models import MONTHS, TrialOutcome, YesNo, YesNoNotSure
from .questions import STEPS_BY_SLUG

NOT_ANSWERED = "Not answered"
_MONTHS = dict(MONTHS)


def _display(field, value):
    if value in (None, ""):
        return NOT_ANSWERED
    choices = getattr(field, "choices", None)
    if choices:
        return dict(choices).get(value, value)
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "F j, Y, g:i A")
    if isinstance(value, datetime.date):
        return date_format(value, "F j, Y")
    return str(value)


def _month_year(month, year):
    if not year:
        return NOT_ANSWERED
    return f"{_MONTHS[month]} {year}" if month else str(year)


def _form_rows(form_class, intake, skip=()):
    form = form_class(instance=intake, intake=intake, patient=intake.patient)
    rows = []
    for name, field in form.fields.items():
        if name in skip:
            continue
        rows.append((field.label, _display(field, getattr(intake, name))))
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
            "When this episode began",
            _month_year(intake.episode_start_month, intake.episode_start_year),
        ),
    )
    phq9 = _form_rows(Phq9Form, intake)
    total = intake.phq9_total
    if total is not None:
        # The total only: the severity band is for the care team to explain (see the admin).
        phq9.append(("Total score", f"{total} of 27"))
    other = _form_rows(
        OtherTreatmentsForm, intake, skip=("ect_month", "ect_year", "tms_month", "tms_year")
    )
    other.append(("When the last ECT was", _month_year(intake.ect_month, intake.ect_year)))
    other.append(("When the last TMS was", _month_year(intake.tms_month, intake.tms_year)))
    safety_answers = {a.key: a for a in intake.safety_answers.all()}
    safety = []
    for key, question in SAFETY_QUESTIONS.items():
        answer = safety_answers.get(key)
        value = dict(YesNo.choices).get(answer.answer, NOT_ANSWERED) if answer else NOT_ANSWERED
        if answer and answer.answer == "yes" and answer.details:
            value = f"{value}: {answer.details}"
        safety.append((question, value))
    consent = _form_rows(ConsentForm, intake)
    if intake.signed_at:
        consent.append(("Signed on", _display(None, intake.signed_at)))
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
    dose = f"{trial.daily_dose_mg.normalize():f} mg a day" if trial.daily_dose_mg else None
    return {
        "medication": trial.medication,
        "rows": [
            ("Highest daily dose", dose or NOT_ANSWERED),
            ("Weeks at that dose", NOT_ANSWERED if trial.weeks is None else str(trial.weeks)),
            ("When you started it", _month_year(trial.start_month, trial.start_year)),
            (
                "During this episode",
                dict(YesNoNotSure.choices).get(trial.current_episode, NOT_ANSWERED),
            ),
            ("As an add-on", dict(YesNo.choices).get(trial.augmentation, NOT_ANSWERED)),
            ("Still taking it", "Yes" if trial.still_taking else "No"),
            ("How it worked", dict(TrialOutcome.choices).get(trial.outcome, NOT_ANSWERED)),
            ("Side effects", trial.side_effects or "None given"),
        ],
    }
