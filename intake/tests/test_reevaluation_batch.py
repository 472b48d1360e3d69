"""A batch of the background re-evaluation (intake/services/reevaluation.py) reads only what the
rules need and writes its rows together; it must store exactly what ``refresh_evaluation``
stores one intake at a time, every column, for intakes of every shape."""

import datetime
import gc

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import CriteriaProfile, Intake, Status
from intake.services import reevaluation
from intake.services.evaluation import refresh_evaluation
from intake.services.reevaluation import SNAPSHOT_FIELDS, reevaluate_batch

from .factories import build_intake, make_intake, submitted_intake

pytestmark = pytest.mark.django_db

COMPARED = [name for name in SNAPSHOT_FIELDS if name != "evaluated_at"]


def intakes_of_every_shape():
    full = make_intake(None, safety_yes=("metal_in_head", "seizure"), insurance_plan="Acme Gold")
    full.patient.date_of_birth = datetime.date(1990, 1, 2)
    full.patient.save()
    CriteriaProfile.objects.get(key="fda-label").plan_mappings.create(plan_name=" ACME  gold")
    return [
        full,
        # The age from the account, not the intake; an add-on and a medicine not in the list.
        submitted_intake(
            date_of_birth=None,
            trials=0,
            high_mood="not_sure",
            psychosis="current",
            tms_had="yes",
            tms_improvement_pct=40,
            ect_had="yes",
            therapy_had="yes",
            therapy_kind="",
            evaluate=False,
        ),
        build_intake(
            status=Status.IN_REVIEW,
            trials=(
                {"medication": "Abilify", "daily_dose_mg": 5, "weeks": 4, "augmentation": "yes"},
                {"medication": "madeupzine", "daily_dose_mg": None, "weeks": None},
                {"medication": "sertraline", "daily_dose_mg": 37.5, "current_episode": ""},
            ),
        ),
        # The questionnaire unfinished, item 9 answered: no total, the crisis note.
        build_intake(phq9=(3, 3, None, 2, 1, 2, 2, 1, 2), trials=(), safety_yes=()),
    ]


def stored(intakes):
    rows = Intake.objects.filter(pk__in=[i.pk for i in intakes]).order_by("pk")
    return list(rows.values("pk", *COMPARED))


def test_a_batch_stores_every_column_one_intake_at_a_time_stores():
    intakes = intakes_of_every_shape()
    for intake in intakes:
        refresh_evaluation(intake=Intake.objects.get(pk=intake.pk))
    one_by_one = stored(intakes)
    assert {row["review_profile_key"] for row in one_by_one} == {"fda-label", "typical-2-classes"}
    assert all(row["evaluation"]["notes"] for row in one_by_one)
    Intake.objects.update(
        evaluation=None,
        evaluated_at=None,
        review_phq9_total=None,
        review_severity="",
        review_failed_trials=None,
        review_profile_key="",
        review_unmet="",
    )
    started = timezone.now()

    assert reevaluate_batch([i.pk for i in intakes]) == len(intakes)

    assert stored(intakes) == one_by_one
    times = Intake.objects.filter(pk__in=[i.pk for i in intakes]).values_list("evaluated_at")
    assert all(at >= started for (at,) in times)


def test_without_a_profile_a_batch_stores_what_one_at_a_time_stores():
    intakes = [submitted_intake(evaluate=False), submitted_intake(evaluate=False, trials=3)]
    CriteriaProfile.objects.all().delete()
    for intake in intakes:
        refresh_evaluation(intake=Intake.objects.get(pk=intake.pk))
    one_by_one = stored(intakes)
    assert [row["evaluation"] for row in one_by_one] == [None, None]
    assert [row["review_phq9_total"] for row in one_by_one] == [16, 16]
    Intake.objects.update(review_phq9_total=None, review_severity="")

    reevaluate_batch([i.pk for i in intakes])

    assert stored(intakes) == one_by_one


def test_a_batch_of_mixed_intakes_runs_as_many_queries_as_a_batch_of_one():
    intakes = intakes_of_every_shape() + [submitted_intake(trials=3) for _ in range(5)]

    def count(ids):
        with CaptureQueriesContext(connection) as queries:
            reevaluate_batch(ids)
        return len(queries)

    assert count([intakes[-1].pk]) == count([i.pk for i in intakes]) <= 12


@pytest.mark.django_db(transaction=True)  # the batch's transaction is a real one, and ends
@pytest.mark.skipif(connection.vendor != "postgresql", reason="lz4 is PostgreSQL's")
def test_a_batch_stores_its_evaluations_with_lz4_and_they_read_back_as_one_by_one():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not (cursor.fetchone() or [False])[0]:
            pytest.skip("this PostgreSQL was built without lz4")
    intakes = intakes_of_every_shape()
    for intake in intakes:
        refresh_evaluation(intake=intake)
    one_by_one = stored(intakes)

    with transaction.atomic():  # as run_job runs each batch
        reevaluate_batch([i.pk for i in intakes])
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_toast_compression")
            inside = cursor.fetchone()[0]

    assert stored(intakes) == one_by_one
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT pg_column_compression(evaluation) FROM intake_intake "
            "WHERE id = ANY(%s) AND evaluation IS NOT NULL",
            [[i.pk for i in intakes]],
        )
        assert {row[0] for row in cursor.fetchall()} == {"lz4"}
        # Only the batch's own transaction: the connection's other writes keep the default.
        cursor.execute("SHOW default_toast_compression")
        assert cursor.fetchone()[0] != "lz4"
    assert inside == "lz4"


def test_a_batch_pauses_the_cycle_collector_and_turns_it_back_on(monkeypatch):
    intakes = [submitted_intake(trials=3) for _ in range(3)]
    real = reevaluation.review_snapshot
    collector_on = []

    def watched(intake, **kwargs):
        collector_on.append(gc.isenabled())
        return real(intake, **kwargs)

    monkeypatch.setattr(reevaluation, "review_snapshot", watched)
    assert gc.isenabled()

    reevaluate_batch([i.pk for i in intakes])

    assert collector_on == [False, False, False]
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        reevaluate_batch([i.pk for i in intakes])
        assert not gc.isenabled()
    finally:
        gc.enable()
