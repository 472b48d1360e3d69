"""Other apps' parts of a patient's data, for the patient's rights (rights.py): intake knows
nothing of them (it must not import them); each registers itself from its ``AppConfig.ready()``
with ``register_section``: what the patient's copy shows, and which rows are theirs.

On deletion every row the section names is deleted with its change-log (django-auditlog) rows,
before the patient's intakes are (a section's rows may hang on an intake)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


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


def _logged_pks(querysets, user):
    """The change-log ids (``object_pk``) of each queryset's model that are the patient's: the
    rows there now, and rows deleted earlier (a session staff removed, with its side effects),
    found because their create and delete entries name a parent that is the patient's: the
    account itself, or a row (there now or deleted earlier) of another of these models.
    Parents come last in ``querysets``, so they are looked at first."""
    pks_of = {type(user): {str(user.pk)}}
    for queryset in reversed(querysets):
        model = queryset.model
        content_type = ContentType.objects.get_for_model(model)
        pks = {str(pk) for pk in queryset.values_list("pk", flat=True)}
        names = Q()
        for field in model._meta.concrete_fields:
            parents = pks_of.get(getattr(field, "related_model", None))
            if field.many_to_one and parents:
                for side in (0, 1):
                    names |= Q(**{f"changes__{field.name}__{side}__in": sorted(parents)})
        if names:
            pks.update(
                LogEntry.objects.filter(content_type=content_type)
                .filter(names)
                .values_list("object_pk", flat=True)
            )
        pks_of[model] = pks_of.get(model, set()) | pks
    return pks_of


def forget_sections(user) -> int:
    """Delete every section's rows of ``user`` and their change-log rows, those of rows deleted
    earlier too; returns how many rows of the sections were deleted."""
    deleted = 0
    for section in sections():
        querysets = list(section.records(user))
        for model, pks in _logged_pks(querysets, user).items():
            if pks and model is not type(user):
                content_type = ContentType.objects.get_for_model(model)
                LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()
        # The rows themselves, the parents last (a cascade may already have taken a child).
        for queryset in querysets:
            deleted += queryset.delete()[0]
    return deleted
