"""The PHQ-9 in each language a patient can read it in, each in its published wording.

English: the US Core / LOINC wording (vocabulary.py). Spanish: the validated form for the US,
Pfizer's "PHQ-9 Spanish for the USA" (PHQ Screeners, free to reproduce, translate and display;
docs/clinical-facts.md section 4x), word for word. A validated instrument is only valid in its
published wording, so it is never in the .po: no translator may reword it. The order, values,
scoring, LOINC codes and the item-9 rule are those of the English form.

Pure Python: no Django, nothing else of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import (
    PHQ9_ANSWERS,
    PHQ9_DIFFICULTY_ANSWERS,
    PHQ9_DIFFICULTY_ITEM,
    PHQ9_ITEMS,
    PHQ9_STEM,
)

# "PHQ-9 Spanish for the USA" (Pfizer, PHQ Screeners), as published.
PHQ9_STEM_ES = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
PHQ9_ITEMS_ES = (
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o que ha quedado mal con "
    "usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
    "periódico o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
    "contrario \u2013 muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
)
PHQ9_ANSWERS_ES = (
    (0, "Ningún día"),
    (1, "Varios días"),
    (2, "Más de la mitad de los días"),
    (3, "Casi todos los días"),
)
PHQ9_DIFFICULTY_ITEM_ES = (
    "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas "
    "para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras "
    "personas?"
)
PHQ9_DIFFICULTY_ANSWERS_ES = (
    (0, "No ha sido difícil"),
    (1, "Un poco difícil"),
    (2, "Muy difícil"),
    (3, "Extremadamente difícil"),
)


@dataclass(frozen=True)
class Phq9Form:
    """One published wording of the PHQ-9: what a patient reads, in their language."""

    stem: str
    items: tuple[str, ...]
    answers: tuple[tuple[int, str], ...]
    difficulty_item: str
    difficulty_answers: tuple[tuple[int, str], ...]


PHQ9_FORMS = {
    "en": Phq9Form(
        PHQ9_STEM, PHQ9_ITEMS, PHQ9_ANSWERS, PHQ9_DIFFICULTY_ITEM, PHQ9_DIFFICULTY_ANSWERS
    ),
    "es": Phq9Form(
        PHQ9_STEM_ES,
        PHQ9_ITEMS_ES,
        PHQ9_ANSWERS_ES,
        PHQ9_DIFFICULTY_ITEM_ES,
        PHQ9_DIFFICULTY_ANSWERS_ES,
    ),
}


def phq9_form(language: str | None) -> Phq9Form:
    """The PHQ-9 in ``language`` ("es", "es-us"), or in English when there is none in it."""
    return PHQ9_FORMS.get((language or "en").split("-")[0].lower(), PHQ9_FORMS["en"])
