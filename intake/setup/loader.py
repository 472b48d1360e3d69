"""Loads the set-up data files (intake/setup/*.json, read by ``files``) into the database.

Idempotent and all or nothing, as education's ``import_qa`` is for articles: a row missing from
the database is created; a row still holding what the last load wrote (its fingerprint, kept in
``SetupRecord``) is brought up to date with the file; a row staff edited in the admin since, or
deleted, is left as it is and reported as kept. Loading the same files twice writes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from intake.models import (
    CriteriaProfile,
    Medication,
    MedicationAlias,
    NoteText,
    SetupRecord,
    StepHelp,
)
from portal.models import PolicyText
from portal.policies import publish

from ..services.reevaluation import request_reevaluation
from . import files


class SetupError(Exception):
    """The data files cannot be loaded; the message says which row and why."""


@dataclass
class Report:
    """What a load did, row by row (each entry names the kind and the row)."""

    versions: dict[str, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Rows already as the files say, whose fingerprint this load recorded (a database set up by
    # the old data migrations, or a row staff changed back to the file's values).
    recorded: int = 0
    # The kinds with a row created or updated.
    changed_kinds: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self, *, list_created: bool = True) -> list[str]:
        files_read = ", ".join(f"{kind} v{number}" for kind, number in self.versions.items())
        lines = [
            f"Created {len(self.created)}, updated {len(self.updated)}, kept {len(self.kept)}, "
            f"unchanged {len(self.unchanged)} ({files_read}).",
        ]
        if not self.changed:
            lines.append("Nothing changed.")
        if self.recorded:
            lines.append(
                f"Recorded a fingerprint for {self.recorded} rows already as the files say "
                "(so that later edits in the admin are noticed)."
            )
        for label, entries in (
            ("Created", self.created if list_created else []),
            ("Updated", self.updated),
            ("Kept (edited or deleted by staff since it was loaded, left as it is)", self.kept),
        ):
            lines += [f"{label}: {entry}" for entry in entries]
        return lines


def fingerprint(values: dict) -> str:
    """A fingerprint of a row's loaded values, to notice later edits."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _plain(value):
    """A field's value as the data files write it (2.50 mg as 2.5, dates as YYYY-MM-DD)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class Kind:
    """One kind of set-up row: how to find, build, compare and write it."""

    name = ""  # the files' kind
    label = ""  # what the report calls one row
    model = None
    key_field = ""
    # Fields added to the files after rows were first loaded: a row whose fingerprint was
    # recorded before them (and whose added fields are still empty) is still as loaded.
    added_fields: tuple[str, ...] = ()
    # Fields the pages read when they show a row, never the stored evaluations: a change to
    # only these re-evaluates nothing.
    display_only: tuple[str, ...] = ()

    def fingerprints(self, values: dict) -> set[str]:
        """The fingerprints a row holding ``values`` may have been recorded with."""
        found = {fingerprint(values)}
        if self.added_fields and not any(values.get(name) for name in self.added_fields):
            found.add(fingerprint({k: v for k, v in values.items() if k not in self.added_fields}))
        return found

    def only_display_changed(self, old: dict, new: dict) -> bool:
        hidden = set(self.display_only)
        return bool(hidden) and {k: v for k, v in old.items() if k not in hidden} == {
            k: v for k, v in new.items() if k not in hidden
        }

    def fields(self) -> list[str]:
        return sorted(files.KINDS[self.name][3] - {"aliases"})

    def existing(self) -> dict:
        return {getattr(row, self.key_field).casefold(): row for row in self.model.objects.all()}

    def values(self, obj) -> dict:
        return {name: _plain(getattr(obj, name)) for name in self.fields()}

    def build(self, row: dict):
        """An unsaved row holding the file's values, checked as the admin's form checks them."""
        obj = self.model(**{name: row[name] for name in self.fields()})
        obj.full_clean(validate_unique=False, validate_constraints=False)
        return obj

    def write(self, obj, built, row: dict) -> None:
        if obj is None:
            built.save()
            return
        for name in self.fields():
            setattr(obj, name, getattr(built, name))
        obj.save()

    def check(self, rows: list[dict]) -> None:
        """Checks across rows (each row's own are in ``build``)."""


class Medications(Kind):
    name, label, model, key_field = "medications", "medication", Medication, "generic_name"

    def existing(self):
        return {
            row.generic_name.casefold(): row
            for row in Medication.objects.prefetch_related("aliases")
        }

    def values(self, obj):
        aliases = getattr(obj, "_setup_aliases", None)
        if aliases is None:
            aliases = [alias.name for alias in obj.aliases.all()]
        return {**super().values(obj), "aliases": sorted(aliases, key=str.casefold)}

    def build(self, row):
        aliases = row["aliases"]
        if not isinstance(aliases, list) or not all(
            isinstance(name, str) and name.strip() for name in aliases
        ):
            raise ValidationError({"aliases": "must be a list of brand names."})
        obj = super().build(row)
        obj._setup_aliases = aliases
        return obj

    def check(self, rows):
        try:
            files.build_catalogue(rows)
        except (TypeError, ValueError) as error:
            raise SetupError(f"intake/setup/medications.json: {error}.") from None

    def write(self, obj, built, row):
        super().write(obj, built, row)
        medication = obj or built
        wanted = {name.casefold(): name for name in row["aliases"]}
        have = {alias.name.casefold(): alias for alias in medication.aliases.all()}
        medication.aliases.filter(
            pk__in=[a.pk for k, a in have.items() if k not in wanted]
        ).delete()
        MedicationAlias.objects.bulk_create(
            MedicationAlias(medication=medication, name=name)
            for key, name in wanted.items()
            if key not in have
        )


class Profiles(Kind):
    name, label, model, key_field = "profiles", "criteria profile", CriteriaProfile, "key"

    def check(self, rows):
        if sum(1 for row in rows if row["is_default"] is True) != 1:
            raise SetupError('intake/setup/profiles.json: exactly one profile needs "is_default".')
        # The old default gives way before the new one takes its place.
        rows.sort(key=lambda row: row["is_default"] is True)


class NoteTexts(Kind):
    name, label, model, key_field = "note_texts", "note text", NoteText, "code"
    # The Spanish is filled in when a page shows a note (intake/services/results.py); the
    # stored evaluations hold the English only.
    added_fields = display_only = ("patient_text_es",)

    def build(self, row):
        _check_links(row["article_slugs"])
        return super().build(row)


class StepHelpLines(Kind):
    name, label, model, key_field = "step_help", "“why we ask” line", StepHelp, "step"
    added_fields = ("text_es",)

    def build(self, row):
        _check_links(row["article_slugs"])
        return super().build(row)


class StaffGroups(Kind):
    name, label, model, key_field = "staff_groups", "staff group", Group, "name"

    def existing(self):
        return {group.name.casefold(): group for group in Group.objects.all()}

    def values(self, obj):
        permissions = getattr(obj, "_setup_permissions", None)
        if permissions is None:
            permissions = obj.permissions.select_related("content_type")
        names = [f"{p.content_type.app_label}.{p.codename}" for p in permissions]
        return {"name": obj.name, "permissions": sorted(names)}

    def build(self, row):
        names = row["permissions"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValidationError({"permissions": "must be a list of “app_label.codename”."})
        found = {
            f"{p.content_type.app_label}.{p.codename}": p
            for p in Permission.objects.select_related("content_type")
        }
        missing = sorted(set(names) - set(found))
        if missing:
            raise ValidationError({"permissions": f"no such permission: {', '.join(missing)}."})
        group = Group(name=row["name"])
        group._setup_permissions = [found[name] for name in names]
        return group

    def write(self, obj, built, row):
        group = obj or Group.objects.create(name=built.name)
        group.permissions.set(built._setup_permissions)


class LegalTexts(Kind):
    """The notice and consent texts (portal.PolicyText), one row per kind: its latest version.
    A changed file publishes a new version; one staff published since is kept."""

    name, label, model, key_field = "legal_texts", "notice or consent text", PolicyText, "kind"

    def existing(self):
        latest = {}
        for text in PolicyText.objects.order_by("kind", "version"):
            latest[text.kind] = text
        return latest

    def write(self, obj, built, row):
        publish(
            kind=built.kind,
            title=built.title,
            text=built.text,
            title_es=built.title_es,
            text_es=built.text_es,
        )


KINDS = [Medications(), Profiles(), NoteTexts(), StepHelpLines(), LegalTexts(), StaffGroups()]


def register(kind: Kind, spec: tuple[str, str, str, frozenset[str]], folder) -> None:
    """Load another app's kind of set-up row too (its ``AppConfig.ready`` calls this)."""
    if any(known.name == kind.name for known in KINDS):
        return
    files.register(kind.name, spec, folder)
    KINDS.append(kind)


# The kinds the stored evaluations are made from: a load that changes one re-evaluates them.
NOTES_MADE_FROM = {"medications", "profiles", "note_texts"}


def _check_links(links) -> None:
    if not isinstance(links, list) or not all(
        isinstance(link, dict)
        and set(link) == {"slug", "text"}
        and all(isinstance(link[part], str) and link[part].strip() for part in ("slug", "text"))
        for link in links
    ):
        raise ValidationError({"article_slugs": "must be a list of {“slug”, “text”} links."})


def load_clinic_setup(*, dry_run: bool = False) -> Report:
    """Write the set-up data files to the database; all or nothing (``dry_run``: nothing)."""
    read = {}
    for kind in KINDS:
        try:
            read[kind.name] = files.read(kind.name)
        except files.SetupFileError as error:
            raise SetupError(str(error)) from None
    report = Report(versions={name: version for name, (version, _) in read.items()})
    try:
        with transaction.atomic():
            _ensure_permissions()
            for kind in KINDS:
                _load_kind(kind, read[kind.name][1], report)
            if report.changed_kinds & NOTES_MADE_FROM and not dry_run:
                request_reevaluation(reason="Set-up data loaded (load_clinic_setup)")
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        raise SetupError(f"The database refused the set-up data: {error}") from None
    return report


def _load_kind(kind: Kind, rows: list[dict], report: Report) -> None:
    kind.check(rows)
    existing = kind.existing()
    records = {record.key: record for record in SetupRecord.objects.filter(kind=kind.name)}
    filename = files.where(kind.name)
    for row in rows:
        key = row[kind.key_field]
        label = f"{kind.label} {key}"
        try:
            built = kind.build(row)
        except ValidationError as error:
            raise SetupError(f"{filename}: {label}: {_say(error)}") from None
        built_values = kind.values(built)
        loaded = fingerprint(built_values)
        obj = existing.get(key.casefold())
        record = records.get(key)
        if obj is None and record is not None:
            report.kept.append(f"{label} (deleted)")
            continue
        if obj is None:
            kind.write(None, built, row)
            report.created.append(label)
            report.changed_kinds.add(kind.name)
        else:
            values = kind.values(obj)
            current = fingerprint(values)
            if current == loaded:
                report.unchanged.append(label)
                if record is not None and record.fingerprint == loaded:
                    continue
                report.recorded += 1
            elif record is not None and record.fingerprint in kind.fingerprints(values):
                kind.write(obj, built, row)
                report.updated.append(label)
                if not kind.only_display_changed(values, built_values):
                    report.changed_kinds.add(kind.name)
            else:
                report.kept.append(label)
                continue
        SetupRecord.objects.update_or_create(
            kind=kind.name, key=key, defaults={"fingerprint": loaded}
        )


def _ensure_permissions() -> None:
    """Every model's permissions exist (a test's flush empties them; migrate makes them)."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


def _say(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(message for message in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
