"""An evaluation as the pages show it: its notes linked to published articles, the counts in
words, the labels of each note level, and the JSON form stored on the intake.

The evaluation itself is made in ``evaluation``; nothing here runs the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from education.services import in_language

from ..eligibility import COUNTED, UNCERTAIN, Evaluation, Note, TrialResult, normalize_name
from ..links import ArticleLink, link_texts, resolve
from ..models import CriteriaProfile, NoteText
from .note_language import CRITERION_TOPICS, LEVEL_LABELS, load_texts, reader_text

# Borders per level. The urgent and safety notes stand apart; the criteria all share one
# neutral border, so no colour reads as a pass or a fail (the label says it in words).
LEVEL_BORDERS = {
    "urgent": "border-danger",
    "stop": "border-danger",
    "caution": "border-secondary",
    "unmet": "border-secondary",
    "met": "border-secondary",
    "info": "border-secondary",
}

# The criteria in staff words (the queue's column and filter).
CRITERION_STAFF_WORDS = {
    "age": "age",
    "severity": "PHQ-9 severity",
    "failed_trials": "medicine trials",
    "classes": "drug classes",
    "augmentation": "add-on trials",
    "psychotherapy": "talk therapy",
    "exclusions": "exclusions",
}

# Which part of the notes page each level goes to.
URGENT_LEVELS = ("urgent", "stop")


@dataclass(frozen=True)
class TrialCounts:
    """The medicine counts of one evaluation, in the same words everywhere they are shown."""

    counted: int  # toward the failed_trials criterion (full trials, plus side effects if counted)
    required: int
    full_trials: int  # adequate failed trials (in the JSON: adequate_failed_trials)
    side_effects: int  # medicines stopped for side effects (in the JSON: intolerances)
    side_effects_counted: int  # of those, how many the profile counts
    add_ons: int
    uncertain: int

    @classmethod
    def of(cls, evaluation: Evaluation) -> TrialCounts:
        counted = evaluation.counted_failed_trials
        return cls(
            counted=counted,
            required=evaluation.required_failed_trials,
            full_trials=evaluation.adequate_failed_trials,
            side_effects=evaluation.intolerances,
            side_effects_counted=max(0, counted - evaluation.adequate_failed_trials),
            add_ons=evaluation.augmentation_failures,
            uncertain=evaluation.uncertain_trials,
        )

    @property
    def staff(self) -> str:
        """E.g. "1 trial counted (2 needed): 0 adequate failed trials, 1 intolerance"."""
        parts = [
            ngettext(
                "%(count)d adequate failed trial",
                "%(count)d adequate failed trials",
                self.full_trials,
            )
            % {"count": self.full_trials},
            ngettext("%(count)d intolerance", "%(count)d intolerances", self.side_effects)
            % {"count": self.side_effects},
        ]
        if self.side_effects and not self.side_effects_counted:
            parts[-1] += _(" (not counted by this profile)")
        if self.add_ons:
            parts.append(
                ngettext(
                    "%(count)d failed add-on trial", "%(count)d failed add-on trials", self.add_ons
                )
                % {"count": self.add_ons}
            )
        if self.uncertain:
            parts.append(
                ngettext("%(count)d to confirm", "%(count)d to confirm", self.uncertain)
                % {"count": self.uncertain}
            )
        head = ngettext(
            "%(counted)d trial counted (%(required)d needed)",
            "%(counted)d trials counted (%(required)d needed)",
            self.counted,
        ) % {"counted": self.counted, "required": self.required}
        return f"{head}: {', '.join(parts)}"

    @property
    def patient(self) -> str:
        """E.g. "We counted 1 medicine (1 stopped because of side effects)."."""
        if self.counted == 0:
            text = _("We have not counted any medicines that did not help you enough yet.")
        else:
            text = ngettext(
                "We counted %(count)d medicine that did not help you enough",
                "We counted %(count)d medicines that did not help you enough",
                self.counted,
            ) % {"count": self.counted}
            parts = []
            if self.full_trials:
                parts.append(
                    ngettext("%(count)d full trial", "%(count)d full trials", self.full_trials)
                    % {"count": self.full_trials}
                )
            if self.side_effects_counted:
                parts.append(
                    ngettext(
                        "%(count)d stopped because of side effects",
                        "%(count)d stopped because of side effects",
                        self.side_effects_counted,
                    )
                    % {"count": self.side_effects_counted}
                )
            text += f" ({_(' and ').join(parts)})." if parts else "."
        if self.required:
            text += " " + ngettext(
                "The rules we used look for %(count)d.",
                "The rules we used look for %(count)d.",
                self.required,
            ) % {"count": self.required}
        return text


@dataclass(frozen=True)
class LinkedNote:
    """A note with its published articles, in the order staff gave them."""

    note: Note
    articles: tuple[Any, ...]  # education.models.Article
    links: tuple[ArticleLink, ...] = ()  # the same articles as links: link.url, link.text
    # (wording, lang) for the reader (note_language.reader_text); None: the stored English.
    reader: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        """The patient wording in the reader's language (else the English)."""
        return self.reader[0] if self.reader else self.note.text

    @property
    def lang(self) -> str:
        """ "en" when a non-English reader gets the English wording (no translation yet)."""
        return self.reader[1] if self.reader else ""

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.note.level, "")

    @property
    def level_border(self) -> str:
        return LEVEL_BORDERS.get(self.note.level, "")

    @property
    def topic(self) -> str:
        """What a criterion note is about, in plain words ("the medicines you tried")."""
        return CRITERION_TOPICS.get(self.note.code.removeprefix("criterion."), "")


@dataclass(frozen=True)
class Result:
    """One evaluation with what pages need around it."""

    evaluation: Evaluation
    profile: CriteriaProfile
    articles: dict[str, Any]  # published articles by slug (only those notes may link to)
    # {note key: {slug: link text}}; None: read from the note texts when first needed.
    link_texts: dict[str, dict[str, str]] | None = None

    @property
    def notes(self) -> list[LinkedNote]:
        return [self.linked(note) for note in self.evaluation.notes]

    @cached_property
    def _link_texts(self) -> dict[str, dict[str, str]]:
        return self.link_texts if self.link_texts is not None else load_link_texts()

    @cached_property
    def _reader_texts(self) -> dict[str, str]:
        """The note wordings in the reader's language (none read for English)."""
        return load_texts()

    @cached_property
    def _articles(self) -> dict[str, Any]:
        """The articles in the reader's language where translated (1 query, none in English)."""
        return in_language(self.articles, get_language())

    def linked(self, note: Note) -> LinkedNote:
        links = resolve(note.articles, self._articles, self._link_texts.get(note.key))
        reader = reader_text(note, self._reader_texts, self.evaluation)
        return LinkedNote(note, tuple(link.article for link in links), links, reader)

    def notes_linking_to(self, article) -> list[LinkedNote]:
        """The notes that link to this article (an Article)."""
        return [linked for linked in self.notes if any(a.pk == article.pk for a in linked.articles)]

    def as_dict(self, **kwargs) -> dict[str, Any]:
        return self.evaluation.as_dict(**kwargs)

    @property
    def counts(self) -> TrialCounts:
        return TrialCounts.of(self.evaluation)

    @property
    def urgent_notes(self) -> list[LinkedNote]:
        """Urgent and safety notes: they stand apart from the criteria."""
        return [linked for linked in self.notes if linked.note.level in URGENT_LEVELS]

    @property
    def safety_notes(self) -> list[LinkedNote]:
        return [
            linked
            for linked in self.notes
            if linked.note.level not in URGENT_LEVELS and linked.note.key.startswith("safety.")
        ]

    @property
    def mentions_safety_answers(self) -> bool:
        """A "yes" on the safety screen (an implant, a device, a condition): bring its papers."""
        return any(
            note.key.startswith("safety.") and note.key != "safety.unanswered"
            for note in self.evaluation.notes
        )

    @property
    def in_place(self) -> list[LinkedNote]:
        return [linked for linked in self.notes if linked.note.key.endswith(".met")]

    @property
    def closer_look(self) -> list[LinkedNote]:
        """Criteria that need a closer look: not yet in place, or an answer to check."""
        return [
            linked
            for linked in self.notes
            if linked.note.code.startswith("criterion.") and not linked.note.key.endswith(".met")
        ]

    @property
    def details(self) -> list[LinkedNote]:
        """Everything else: the other notes, most serious first."""
        shown = {id(n.note) for n in self.urgent_notes + self.safety_notes}
        return [
            linked
            for linked in self.notes
            if id(linked.note) not in shown and not linked.note.code.startswith("criterion.")
        ]

    @property
    def mentions_talk_therapy(self) -> bool:
        return any(note.code == "criterion.psychotherapy" for note in self.evaluation.notes)

    def criteria_notes(self) -> list[LinkedNote]:
        return [linked for linked in self.notes if linked.note.code.startswith("criterion.")]

    @property
    def counted_trials(self) -> list[TrialResult]:
        return [t for t in self.evaluation.trials if t.status == COUNTED]

    def trial_summary(self) -> dict[str, Any]:
        """For the patient: which medicines counted, and how many need a closer look."""
        names: dict[str, list[str]] = {"failed_trials": [], "intolerance": [], "augmentation": []}
        for trial in self.counted_trials:
            names[trial.counts_toward].append(_trial_name(trial))
        trials = self.evaluation.trials
        return {
            "listed": len(trials),
            "full_trials": names["failed_trials"],
            "side_effects": names["intolerance"],
            "add_ons": names["augmentation"],
            "uncertain": sum(1 for t in trials if t.status == UNCERTAIN),
        }

    def trial_rows(self) -> list[dict[str, Any]]:
        """The trial-by-trial table: each trial with the note that explains it."""
        by_trial = {
            (note.key, note.params.get("number")): note
            for note in self.evaluation.notes
            if note.key.startswith("trial.")
        }
        return [
            {"trial": trial, "note": by_trial.get((trial.reason, trial.index + 1))}
            for trial in self.evaluation.trials
        ]


def _trial_name(trial: TrialResult) -> str:
    entered = trial.medication.strip()
    generic = trial.generic_name
    if generic is None or normalize_name(entered) == normalize_name(generic):
        return (generic or entered)[:1].upper() + (generic or entered)[1:]
    return f"{entered} ({generic})"


def load_link_texts() -> dict[str, dict[str, str]]:
    """{note key: {article slug: link text}} (1 query)."""
    rows = NoteText.objects.only("code", "article_slugs")
    return {row.code: link_texts(row.article_slugs) for row in rows}


# --- the stored form ------------------------------------------------------------------------
# One evaluation per intake, stored on it (Intake.evaluation) when it is sent and when staff
# re-evaluate: the patient's notes, the queue, the admin page, the print packet and the FHIR
# Bundle all read it, so they always show the same counts.

STORED_VERSION = 1


def stored_from_result(result: Result) -> dict[str, Any]:
    """The evaluation as JSON for Intake.evaluation (both wordings, the trials, the counts)."""
    evaluation = result.evaluation
    data = evaluation.as_dict(include_trials=True)
    counts = TrialCounts.of(evaluation)
    data.update(
        version=STORED_VERSION,
        profile_name=result.profile.name,
        counted_failed_trials=evaluation.counted_failed_trials,
        required_failed_trials=evaluation.required_failed_trials,
        uncertain_trials=evaluation.uncertain_trials,
        counts={"staff": counts.staff, "patient": counts.patient},
        notes=[
            {
                "code": note.code,
                "key": note.key,
                "level": note.level,
                "params": dict(note.params),
                "text": note.text,
                "staff_text": note.staff_text,
                "articles": list(note.articles),
            }
            for note in evaluation.notes
        ],
    )
    return data


def evaluation_from_stored(data: dict[str, Any]) -> Evaluation:
    return Evaluation(
        profile=data["profile"],
        phq9_total=data["phq9_total"],
        severity=data["severity"],
        adequate_failed_trials=data["adequate_failed_trials"],
        failed_classes=tuple(data["failed_classes"]),
        augmentation_failures=data["augmentation_failures"],
        intolerances=data["intolerances"],
        criteria=dict(data["criteria"]),
        notes=tuple(
            Note(
                note["code"],
                note["level"],
                note["params"],
                note["key"],
                note["text"],
                note["staff_text"],
                tuple(note["articles"]),
            )
            for note in data["notes"]
        ),
        trials=tuple(TrialResult(**trial) for trial in data.get("trials", ())),
        counted_failed_trials=data["counted_failed_trials"],
        required_failed_trials=data["required_failed_trials"],
        uncertain_trials=data["uncertain_trials"],
    )


def is_stored(data: Any) -> bool:
    return isinstance(data, dict) and data.get("version") == STORED_VERSION
