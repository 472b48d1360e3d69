"""The clinic's set-up data files in this folder, read as plain data (no Django, no database).

One JSON file per kind, each an object with a ``"version"`` (a whole number, raised whenever the
file's content changes) and one list of rows:

- ``medications.json``: ``"medications"``, the catalogue: generic name, class, the minimum
  adequate and usual maximum mg a day (``null``: adequacy is not judged by a dose), whether it
  is an augmentation agent, brand names (``aliases``), the source, why a dose is unconfirmed,
  and the ingredient's RxNorm code (``rxnorm``, empty when not known; docs/clinical-facts.md);
- ``profiles.json``: ``"profiles"``, the criteria profiles (``key`` names one; exactly one has
  ``"is_default": true``; ``effective_date`` is ``YYYY-MM-DD``);
- ``note_texts.json``: ``"note_texts"``, the wording of each note (``code``, ``patient_text``,
  its Spanish ``patient_text_es``, ``staff_text``) and the articles it links to
  (``article_slugs``: ``{"slug", "text"}`` pairs);
- ``step_help.json``: ``"step_help"``, the "why we ask" line of each intake step (``text``, its
  Spanish ``text_es``) and its links;
- ``legal_texts.json``: ``"legal_texts"``, the starter privacy notice, TMS consent and records
  release (``kind``, ``title``, ``text``, and the Spanish ``title_es``, ``text_es``): EXAMPLE
  texts each clinic replaces (docs/consent.md);
- ``staff_groups.json``: ``"groups"``, each staff group's ``name`` and ``permissions``
  (``"app_label.codename"``).

Field names are the model fields' names (intake/models/). ``manage.py load_clinic_setup`` writes
these rows to the database (intake/setup/loader.py); the tests and the bench read them here.
Every number cites its source in words; see docs/clinical-facts.md.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from intake.eligibility import Catalogue, Medication, NoteText, Profile

FOLDER = Path(__file__).resolve().parent


class SetupFileError(ValueError):
    """A data file cannot be read; the message names the file and what is wrong."""


# kind: (file, list key, the field naming a row, the fields every row has)
KINDS: dict[str, tuple[str, str, str, frozenset[str]]] = {
    "medications": (
        "medications.json",
        "medications",
        "generic_name",
        frozenset(
            {
                "generic_name",
                "drug_class",
                "min_adequate_daily_mg",
                "usual_max_daily_mg",
                "is_augmentation_agent",
                "aliases",
                "source",
                "unconfirmed_reason",
                "rxnorm",
            }
        ),
    ),
    "profiles": (
        "profiles.json",
        "profiles",
        "key",
        frozenset(
            {
                "key",
                "name",
                "source",
                "effective_date",
                "unconfirmed_reason",
                "is_default",
                "min_age",
                "min_failed_trials",
                "min_classes",
                "min_trial_weeks",
                "intolerance_counts",
                "min_augmentation_failures",
                "psychotherapy_required",
                "min_psychotherapy_weeks",
                "psychotherapy_weeks_unconfirmed",
                "min_phq9_total",
                "exclude_psychosis",
                "exclude_bipolar",
                "exclude_substance_use",
            }
        ),
    ),
    "note_texts": (
        "note_texts.json",
        "note_texts",
        "code",
        frozenset({"code", "patient_text", "patient_text_es", "staff_text", "article_slugs"}),
    ),
    "step_help": (
        "step_help.json",
        "step_help",
        "step",
        frozenset({"step", "text", "text_es", "article_slugs"}),
    ),
    "legal_texts": (
        "legal_texts.json",
        "legal_texts",
        "kind",
        frozenset({"kind", "title", "text", "title_es", "text_es"}),
    ),
    "staff_groups": (
        "staff_groups.json",
        "groups",
        "name",
        frozenset({"name", "permissions"}),
    ),
}


# Another app's kinds live in its own folder (``register``); intake's are in this one.
FOLDERS: dict[str, Path] = {}


def register(kind: str, spec: tuple[str, str, str, frozenset[str]], folder: Path) -> None:
    """Add another app's kind of set-up file (read from ``folder``), e.g. the course's
    protocols: the apps that build on intake bring their set-up data to the same command."""
    KINDS[kind] = spec
    FOLDERS[kind] = folder


def where(kind: str) -> str:
    """The file of ``kind`` as the messages name it, relative to the project."""
    folder = FOLDERS.get(kind, FOLDER)
    return f"{folder.parent.name}/{folder.name}/{KINDS[kind][0]}"


def read(kind: str, folder: Path | None = None) -> tuple[int, list[dict]]:
    """(version, rows) of one kind's file, its shape checked; raises SetupFileError."""
    filename, list_key, key_field, fields = KINDS[kind]
    path = (folder or FOLDERS.get(kind, FOLDER)) / filename
    where_ = where(kind) if folder is None else str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SetupFileError(f"{where_}: cannot read it ({error.strerror}).") from None
    except ValueError as error:
        raise SetupFileError(f"{where_}: not valid JSON ({error}).") from None
    if not isinstance(data, dict) or set(data) != {"version", list_key}:
        raise SetupFileError(f'{where_}: expected an object with "version" and "{list_key}".')
    version, rows = data["version"], data[list_key]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SetupFileError(f'{where_}: "version" must be a whole number, 1 or more.')
    if not isinstance(rows, list):
        raise SetupFileError(f'{where_}: "{list_key}" must be a list.')
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise SetupFileError(f"{where_}: row {number} is not an object.")
        name = row.get(key_field)
        label = f"row {number} ({name})" if isinstance(name, str) else f"row {number}"
        missing, unknown = fields - set(row), set(row) - fields
        if missing or unknown:
            problems = [f"missing {', '.join(sorted(missing))}"] if missing else []
            problems += [f"unknown {', '.join(sorted(unknown))}"] if unknown else []
            raise SetupFileError(f"{where_}: {label}: {'; '.join(problems)}.")
        if not isinstance(name, str) or not name.strip():
            raise SetupFileError(f'{where_}: {label}: "{key_field}" must be a non-empty text.')
        if name.casefold() in seen:
            raise SetupFileError(f"{where_}: {label}: {key_field} {name!r} appears twice.")
        seen.add(name.casefold())
    return version, rows


@cache
def _read(kind: str) -> tuple[int, list[dict]]:
    return read(kind)


def rows(kind: str) -> list[dict]:
    """A fresh copy of one kind's rows (the bundled files), in file order."""
    return copy.deepcopy(_read(kind)[1])


def version(kind: str) -> int:
    return _read(kind)[0]


def medications() -> list[dict]:
    return rows("medications")


def profiles() -> list[dict]:
    return rows("profiles")


def default_profile_key() -> str:
    (key,) = (row["key"] for row in profiles() if row["is_default"])
    return key


def note_texts() -> dict[str, dict]:
    """{code: row}."""
    return {row["code"]: row for row in rows("note_texts")}


def step_help() -> dict[str, dict]:
    """{step: row}."""
    return {row["step"]: row for row in rows("step_help")}


def staff_groups() -> dict[str, list[tuple[str, str]]]:
    """{group name: [(app label, permission codename), ...]}."""
    return {
        row["name"]: [tuple(name.split(".", 1)) for name in row["permissions"]]
        for row in rows("staff_groups")
    }


def link_pairs(links) -> tuple[tuple[str, str], ...]:
    """A row's ``article_slugs`` as (slug, link text) pairs."""
    return tuple((link["slug"], link["text"]) for link in links)


# --- the eligibility rules' plain inputs (for tests, tools and the bench) ----------------------


def build_catalogue(rows: list[dict] | None = None) -> Catalogue:
    """The catalogue of the bundled file (or of ``rows``); raises ValueError when two medicines
    share a name."""
    return Catalogue(
        Medication(
            generic_name=row["generic_name"],
            drug_class=row["drug_class"],
            min_adequate_daily_mg=row["min_adequate_daily_mg"],
            usual_max_daily_mg=row["usual_max_daily_mg"],
            is_augmentation_agent=row["is_augmentation_agent"],
            aliases=tuple(row["aliases"]),
        )
        for row in (medications() if rows is None else rows)
    )


def build_profiles() -> dict[str, Profile]:
    names = tuple(Profile.__dataclass_fields__)
    return {row["key"]: Profile(**{name: row[name] for name in names}) for row in profiles()}


def build_note_texts() -> dict[str, NoteText]:
    return {
        code: NoteText(
            row["patient_text"],
            row["staff_text"],
            tuple(slug for slug, _ in link_pairs(row["article_slugs"])),
        )
        for code, row in note_texts().items()
    }
