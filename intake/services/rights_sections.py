"""Other apps' parts of a patient's data, for the patient's rights (rights.py): intake knows
nothing of them (it must not import them); each registers itself from its ``AppConfig.ready()``
with ``register_section``: what the patient's copy shows, and which rows are theirs.

On deletion every row the section names is deleted with its change-log (django-auditlog) rows,
before the patient's intakes are (a section's rows may hang on an intake)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Section:
    name: str
    # user -> JSON-ready values: the section's part of the patient's copy.
    export: Callable
    # user -> the querysets of the patient's rows, each of one model.
    records: Callable


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, *, export: Callable, records: Callable) -> None:
    """Add (or replace) the section ``name`` of the patient's data."""
    _SECTIONS[name] = Section(name, export, records)


def sections() -> Iterable[Section]:
    return tuple(_SECTIONS.values())


def export_sections(user) -> dict:
    return {section.name: section.export(user) for section in sections()}


def forget_sections(user) -> int:
    """Delete every section's rows of ``user`` and their change-log rows; returns how many."""
    deleted = 0
    for section in sections():
        querysets = list(section.records(user))
        for queryset in querysets:
            pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
            if pks:
                content_type = ContentType.objects.get_for_model(queryset.model)
                LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()
        # The rows themselves, the parents last (a cascade may already have taken a child).
        for queryset in querysets:
            deleted += queryset.delete()[0]
    return deleted
