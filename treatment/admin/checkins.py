"""PHQ-9 check-ins: the list, and a score taken in the clinic, entered by staff. A check-in is
a record of care: never changed here. Item 9 above "Not at all" raises the intake's urgent
alert again, as the patient's own check-in does (treatment/services/checkins.py)."""

from django import forms
from django.contrib import admin

from intake.audit import record_access
from intake.eligibility.vocabulary import PHQ9_DIFFICULTY_ANSWERS, PHQ9_ITEM_MAX, PHQ9_MAX_TOTAL
from intake.models import AccessEvent
from portal.admin_base import ModelAdmin

from ..models import CheckIn
from ..services.checkins import clinic_score_problems, save_clinic_check_in

ITEMS = tuple(f"item_{number}" for number in range(1, 10))


def _item_field(number):
    return forms.IntegerField(
        label=f"Item {number}",
        required=False,
        min_value=0,
        max_value=PHQ9_ITEM_MAX,
        help_text=f"0 to {PHQ9_ITEM_MAX}.",
    )


TOTAL_RANGE = f"The total must be between 0 and {PHQ9_MAX_TOTAL}."
ITEM9_RANGE = f"Item 9 must be between 0 (not at all) and {PHQ9_ITEM_MAX}."


def _range_field(label, high, message, help_text):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=high,
        help_text=help_text,
        error_messages={"min_value": message, "max_value": message},
    )


class ClinicScoreForm(forms.ModelForm):
    """A PHQ-9 taken in the clinic: the total and item 9, the other items if at hand."""

    total = _range_field("Total", PHQ9_MAX_TOTAL, TOTAL_RANGE, f"0 to {PHQ9_MAX_TOTAL}.")
    item9 = _range_field(
        "Item 9 (thoughts of death or self-harm)",
        PHQ9_ITEM_MAX,
        ITEM9_RANGE,
        "Required. Above 0 alerts the care team at once.",
    )

    difficulty = forms.TypedChoiceField(
        label="Difficulty (item 10)",
        choices=[("", "Not asked"), *PHQ9_DIFFICULTY_ANSWERS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    item_1, item_2, item_3 = _item_field(1), _item_field(2), _item_field(3)
    item_4, item_5, item_6 = _item_field(4), _item_field(5), _item_field(6)
    item_7, item_8, item_9 = _item_field(7), _item_field(8), _item_field(9)

    class Meta:
        model = CheckIn
        fields = ("course", "taken_on", "total", "item9", "difficulty")
        labels = {"taken_on": "Date taken"}
        help_texts = {"taken_on": "Not before the course started, not in the future."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = []

    def clean(self):
        cleaned = super().clean()
        items = [cleaned.get(name) for name in ITEMS]
        self.answers = items if any(item is not None for item in items) else []
        for field, message in clinic_score_problems(
            course=cleaned.get("course"),
            taken_on=cleaned.get("taken_on"),
            total=cleaned.get("total"),
            item9=cleaned.get("item9"),
            answers=self.answers,
        ):
            # One message a field: a box already refused (empty, not a number) keeps its own.
            if field is None and not any(name in self.errors for name in ITEMS):
                self.add_error(None, message)
            elif field is not None and field not in self.errors and field in cleaned:
                self.add_error(field, message)
        return cleaned


@admin.register(CheckIn)
class CheckInAdmin(ModelAdmin):
    form = ClinicScoreForm
    list_display = ("course", "patient_email", "taken_on", "source", "total", "item9")
    list_filter = ("source",)
    list_select_related = ("course__patient",)
    search_fields = ("course__patient__email",)
    raw_id_fields = ("course",)
    readonly_fields = ("entered_by", "answers", "created_at")
    fieldsets = (
        (None, {"fields": ("course", "taken_on", "total", "item9", "difficulty")}),
        (
            "Item scores (optional: all nine, or none)",
            {"fields": (ITEMS[:3], ITEMS[3:6], ITEMS[6:])},
        ),
    )

    @admin.display(description="patient")
    def patient_email(self, obj):
        return obj.course.patient.email

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        fields = ("course", "taken_on", "source", "total", "item9", "answers", "difficulty")
        return ((None, {"fields": (*fields, "entered_by", "created_at")}),)

    def has_change_permission(self, request, obj=None):
        return False  # a record of care: seen, never changed

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = save_clinic_check_in(
            course=data["course"],
            taken_on=data["taken_on"],
            total=data["total"],
            item9=data["item9"],
            answers=form.answers,
            difficulty=data.get("difficulty"),
            entered_by=request.user,
        )
        obj.pk = saved.pk

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(request, AccessEvent.Action.VIEW, detail="PHQ-9 check-in list")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method != "GET" or response.status_code != 200:
            return response
        check_in = CheckIn.objects.filter(pk=object_id).select_related("course").first()
        if check_in is not None:
            record_access(
                request,
                AccessEvent.Action.VIEW,
                intake_id=check_in.course.intake_id,
                detail=f"PHQ-9 check-in {check_in.pk}",
            )
        return response
