"""The eligibility rules fed from the database: one code path for the web pages, the admin and
``manage.py evaluate_case``.

The rules are pure (``intake.eligibility``); this module builds the case from an intake, loads
what staff edit in the admin (catalogue, profiles, plan mappings, note texts) in a fixed, small
number of queries, runs the rules, and resolves each note's article slugs to published articles
(one query, through education's helper). Nothing is cached between calls, so the next
evaluation after a staff edit uses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from education.services import in_language, published_articles_by_slug
from portal.i18n import reader_language

from ..eligibility import Catalogue, evaluate, normalize_name
from ..eligibility import NoteText as PureNoteText
from ..eligibility.case_json import CaseError, parse_case, parse_case_json
from ..links import ArticleLink, link_slugs, link_texts, resolve
from ..models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Intake,
    Medication,
    NoteText,
    Status,
    StepHelp,
)
from ..models.medications import normalize_spaces
from .case import case_from_intake
from .results import Result, evaluation_from_stored, is_stored, stored_from_result

logger = logging.getLogger(__name__)

# The intake statuses in which the patient sees the notes: sent, and not yet closed.
NOTES_SHOWN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW)


class ProfileError(Exception):
    """No criteria profile to evaluate with: an unknown key, or none set up."""


# --- loading ---------------------------------------------------------------------------------


def load_catalogue() -> Catalogue:
    """The medication catalogue (2 queries). A name that clashes with another (only possible if
    a row bypassed the admin's checks) is left out and logged, so one bad row never stops the
    notes: generic names first, then brand and other names."""
    rows = list(Medication.objects.prefetch_related("aliases"))
    owner: dict[str, str] = {}
    kept = []
    for medication in rows:
        key = normalize_name(medication.generic_name)
        if key in owner:
            logger.warning("Medication %r clashes with %s", medication.generic_name, owner[key])
            continue
        owner[key] = medication.generic_name
        kept.append(medication)
    medications = []
    for medication in kept:
        aliases = []
        for alias in medication.aliases.all():
            key = normalize_name(alias.name)
            if owner.setdefault(key, medication.generic_name) != medication.generic_name:
                logger.warning(
                    "Medication name %r is used by %s and %s",
                    alias.name,
                    owner[key],
                    medication.generic_name,
                )
                continue
            aliases.append(alias.name)
        medications.append(medication.to_pure(aliases=aliases))
    return Catalogue(medications)


def load_note_texts() -> dict[str, PureNoteText]:
    """Note wording by note key (1 query)."""
    return _note_texts(list(NoteText.objects.all()))


def _note_texts(rows) -> dict[str, PureNoteText]:
    return {
        row.code: PureNoteText(row.patient_text, row.staff_text, link_slugs(row.article_slugs))
        for row in rows
    }


def resolve_profile(*, profile_key: str | None = None, plan_name: str = "") -> CriteriaProfile:
    """The profile named by ``profile_key``; else the one staff mapped to the patient's insurance
    plan (matched ignoring capitals and extra spaces); else the clinic default (1-2 queries)."""
    if profile_key is not None:
        profile = CriteriaProfile.objects.filter(key=profile_key).first()
        if profile is None:
            keys = ", ".join(CriteriaProfile.objects.order_by("key").values_list("key", flat=True))
            raise ProfileError(
                f"There is no criteria profile {profile_key!r}. "
                f"The profiles are: {keys or 'none yet'}."
            )
        return profile
    return ProfileChoice.load(plans=bool(normalize_spaces(plan_name))).for_plan(plan_name)


def _plan_key(plan_name: str) -> str:
    return normalize_spaces(plan_name).lower()


@dataclass(frozen=True)
class ProfileChoice:
    """The profiles and plan mappings, loaded once, to pick each patient's profile from."""

    profiles: tuple[CriteriaProfile, ...]
    by_plan: dict[str, CriteriaProfile]

    @classmethod
    def load(cls, *, plans: bool = True) -> ProfileChoice:
        """1 query, 2 with the plan mappings (``plans``)."""
        profiles = tuple(CriteriaProfile.objects.order_by("-is_default", "key"))
        by_pk = {profile.pk: profile for profile in profiles}
        by_plan = {}
        if plans:
            for plan_name, profile_id in InsurancePlanMapping.objects.values_list(
                "plan_name", "profile_id"
            ):
                by_plan[_plan_key(plan_name)] = by_pk[profile_id]
        return cls(profiles, by_plan)

    def for_plan(self, plan_name: str = "") -> CriteriaProfile:
        """The profile mapped to ``plan_name``, else the clinic default."""
        profile = self.by_plan.get(_plan_key(plan_name))
        if profile is not None:
            return profile
        if not self.profiles:
            raise ProfileError("No criteria profile is set up yet. Add one in the admin.")
        profile = self.profiles[0]
        if not profile.is_default:
            logger.warning("No default criteria profile is set; using %s", profile.key)
        return profile


@dataclass(frozen=True)
class SetupData:
    """What staff edit for the notes, loaded once: a batch of re-evaluations shares it."""

    catalogue: Catalogue
    texts: dict[str, PureNoteText]
    link_texts: dict[str, dict[str, str]]
    articles: dict[str, Any]

    @classmethod
    def load(cls) -> SetupData:
        """The catalogue, the note texts and their published articles (4 queries)."""
        catalogue = load_catalogue()
        rows = list(NoteText.objects.all())
        texts = _note_texts(rows)
        slugs = {slug for text in texts.values() for slug in text.article_slugs}
        articles = published_articles_by_slug(slugs) if slugs else {}
        link_text = {row.code: link_texts(row.article_slugs) for row in rows}
        return cls(catalogue, texts, link_text, articles)


# --- evaluating ------------------------------------------------------------------------------


def _evaluate(case, profile: CriteriaProfile, setup: SetupData | None = None) -> Result:
    setup = setup or SetupData.load()
    evaluation = evaluate(
        case,
        profile.to_pure(),
        setup.catalogue,
        setup.texts,
        published_articles=set(setup.articles),
    )
    return Result(
        evaluation=evaluation,
        profile=profile,
        articles=setup.articles,
        link_texts=setup.link_texts,
    )


def evaluate_case_dict(
    case_dict: Any, profile_key: str | None = None, *, plan_name: str = ""
) -> Result:
    """Evaluate a case in the JSON form of docs/contract.md (decoded). Raises CaseError for a
    case that does not follow it, ProfileError for an unknown profile."""
    case = parse_case(case_dict)
    return _evaluate(case, resolve_profile(profile_key=profile_key, plan_name=plan_name))


def evaluate_case_text(text: str | bytes, profile_key: str | None = None) -> Result:
    """Evaluate a case JSON document (what ``manage.py evaluate_case`` reads)."""
    case = parse_case_json(text)
    return _evaluate(case, resolve_profile(profile_key=profile_key))


def evaluate_intake(intake, profile_key: str | None = None) -> Result:
    """Evaluate an intake: its answers as the case JSON, its insurance plan picking the profile
    unless ``profile_key`` is given."""
    return evaluate_case_dict(
        case_from_intake(intake), profile_key, plan_name=intake.insurance_plan
    )


def notes_shown_to_patient(intake, *, closed_too=False) -> bool:
    statuses = (*NOTES_SHOWN_STATUSES, Status.CLOSED) if closed_too else NOTES_SHOWN_STATUSES
    return intake is not None and intake.status in statuses


# --- the stored evaluation ------------------------------------------------------------------
# One evaluation per intake, stored on it (Intake.evaluation) when it is sent and when staff
# re-evaluate: the patient's notes, the queue, the admin page, the print packet and the FHIR
# Bundle all read it, so they always show the same counts.


def result_from_stored(data: dict[str, Any]) -> Result:
    """A Result from a stored evaluation; links go to the articles published now."""
    evaluation = evaluation_from_stored(data)
    profile = CriteriaProfile.objects.filter(key=evaluation.profile).first()
    if profile is None:  # deleted since: its name as it was
        profile = CriteriaProfile(key=evaluation.profile, name=data.get("profile_name", ""))
    slugs = {slug for note in evaluation.notes for slug in note.articles}
    articles = published_articles_by_slug(slugs) if slugs else {}
    return Result(evaluation=evaluation, profile=profile, articles=articles)


def intake_result(intake) -> Result | None:
    """The evaluation every page shows for ``intake``. A sent intake: its stored evaluation
    (made and stored now if it has none yet). A draft: evaluated afresh, not stored, since its
    answers are still changing. None when the rules refuse the case or no profile is set up
    (logged)."""
    if intake.status == Status.DRAFT:
        try:
            return evaluate_intake(intake)
        except (CaseError, ProfileError):
            logger.exception("Eligibility notes could not be made for intake %s", intake.pk)
            return None
    if not is_stored(intake.evaluation):
        refresh_evaluation(intake=intake)
        if not is_stored(intake.evaluation):
            return None
    return result_from_stored(intake.evaluation)


def unconfirmed_numbers(result: Result) -> list[str]:
    """For staff: the numbers behind these notes that do not come straight from their source,
    each with the reason (the profile's, then each listed medicine's), in plain sentences."""
    lines = []
    reason = (result.profile.unconfirmed_reason or "").strip()
    if reason:
        lines.append(f"{result.profile.name}: {reason}")
    names = {t.generic_name for t in result.evaluation.trials if t.generic_name}
    if names:
        for name, reason in (
            Medication.objects.filter(generic_name__in=names)
            .exclude(unconfirmed_reason="")
            .order_by("generic_name")
            .values_list("generic_name", "unconfirmed_reason")
        ):
            lines.append(f"{name[:1].upper()}{name[1:]} dose: {reason}")
    return lines


def patient_evaluation(intake, *, closed_too=False) -> Result | None:
    """The evaluation a patient sees for a sent intake (``closed_too``: or a closed one, on
    /intake/), or None. A case the rules refuse or a missing profile is logged for staff and
    shows no notes, never an error page."""
    if not notes_shown_to_patient(intake, closed_too=closed_too):
        return None
    return intake_result(intake)


def review_snapshot(
    intake, *, setup: SetupData | None = None, profiles: ProfileChoice | None = None
):
    """The queue's columns from one evaluation of ``intake`` (a dict of Intake fields). A case
    the rules refuse or a missing profile leaves them empty, logged for staff. ``setup`` and
    ``profiles``: loaded once for many intakes (intake/services/reevaluation.py)."""
    fields = {
        "review_phq9_total": intake.phq9_total,
        "review_severity": intake.phq9_severity or "",
        "review_failed_trials": None,
        "review_profile_key": "",
        "review_unmet": "",
        "evaluation": None,
        "evaluated_at": timezone.now(),
    }
    try:
        if setup is None or profiles is None:
            result = evaluate_intake(intake)
        else:
            case = parse_case(case_from_intake(intake))
            result = _evaluate(case, profiles.for_plan(intake.insurance_plan), setup)
    except (CaseError, ProfileError):
        logger.exception("The review snapshot of intake %s could not be made", intake.pk)
        return fields
    evaluation = result.evaluation
    unmet = [name for name, value in evaluation.criteria.items() if value == "unmet"]
    fields.update(
        evaluation=stored_from_result(result),
        review_failed_trials=evaluation.adequate_failed_trials,
        review_profile_key=evaluation.profile,
        review_unmet=f",{','.join(unmet)}," if unmet else "",
    )
    return fields


def refresh_evaluation(*, intake):
    """Store the evaluation of one intake (at submission, and when staff press Re-evaluate).
    A change to what the notes are made from re-evaluates every open intake in the background
    (intake/services/reevaluation.py)."""
    fields = review_snapshot(intake)
    Intake.objects.filter(pk=intake.pk).update(**fields)
    for name, value in fields.items():
        setattr(intake, name, value)
    return intake


def refresh_evaluations(queryset):
    """Re-evaluate many intakes at once (the queue's bulk action); returns how many."""
    from .reevaluation import reevaluate_intakes

    return reevaluate_intakes(list(queryset.order_by("pk").values_list("pk", flat=True)))


# --- "why we ask" ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WhyWeAsk:
    text: str
    articles: tuple[Any, ...]
    links: tuple[ArticleLink, ...] = ()  # the same articles as links: link.url, link.text
    lang: str = ""  # "en" when a Spanish reader gets the English (no Spanish line yet)


def why_we_ask(step: str) -> WhyWeAsk | None:
    """The "why we ask" line of an intake step in the reader's language (the English, marked
    ``lang="en"``, while it has no Spanish) with its published articles, each in the reader's
    language where translated (2 queries; 3 for a Spanish reader)."""
    row = StepHelp.objects.filter(step=step).first()
    if row is None or not row.text.strip():
        return None
    text, lang = row.text, ""
    if reader_language() == "es":
        text, lang = (row.text_es, "") if row.text_es.strip() else (row.text, "en")
    slugs = link_slugs(row.article_slugs)
    found = published_articles_by_slug(slugs) if slugs else {}
    found = in_language(found, reader_language())
    links = resolve(slugs, found, link_texts(row.article_slugs))
    return WhyWeAsk(text, tuple(link.article for link in links), links, lang)


# --- writes ----------------------------------------------------------------------------------


@transaction.atomic
def save_profile(*, profile: CriteriaProfile) -> CriteriaProfile:
    """Save a profile; if it is to be the default, the previous default stops being one first
    (the database allows one default only)."""
    if profile.is_default:
        CriteriaProfile.objects.filter(is_default=True).exclude(pk=profile.pk).update(
            is_default=False
        )
    profile.save()
    return profile
