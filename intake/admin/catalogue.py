"""The clinic's catalogue in the admin: what staff edit for the eligibility notes (medications,
criteria profiles and insurance plans, note texts) and the "why we ask" help of each step.

A change to what the notes are made from re-evaluates every open intake's stored evaluation in
the background (``ReevaluateOnChangeMixin``, intake/services/reevaluation.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from portal.admin_base import ModelAdmin

from ..eligibility import LEVELS, NOTE_PARAMS, NOTE_SPECS, template_fields
from ..links import link_slugs
from ..models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Medication,
    MedicationAlias,
    NoteText,
    StepHelp,
)
from ..models.medications import normalize_spaces
from ..questions import STEP_SLUGS
from ..services.evaluation import save_profile
from .fields import ArticleLinksField, check_wording, linked_articles
from .reevaluations import ReevaluateOnChangeMixin, reevaluate_after

# --- medications -----------------------------------------------------------------------------


class AliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        generic = normalize_spaces(self.instance.generic_name).casefold()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = normalize_spaces(form.cleaned_data.get("name", "")).casefold()
            if not name:
                continue
            if name == generic:
                form.add_error("name", "This is already the generic name.")
            elif name in seen:
                form.add_error("name", "This name is listed twice.")
            seen.add(name)


class MedicationAliasInline(admin.TabularInline):
    model = MedicationAlias
    formset = AliasFormSet
    extra = 1
    fields = ("name",)


@admin.register(Medication)
class MedicationAdmin(ReevaluateOnChangeMixin, ModelAdmin):
    list_display = (
        "generic_name",
        "drug_class",
        "min_adequate_daily_mg",
        "usual_max_daily_mg",
        "is_augmentation_agent",
        "other_names",
        "dose_confirmed",
    )
    list_filter = ("drug_class", "is_augmentation_agent")
    search_fields = ("generic_name", "aliases__name")
    inlines = (MedicationAliasInline,)
    fieldsets = (
        (None, {"fields": ("generic_name", "drug_class", "is_augmentation_agent", "rxnorm")}),
        (
            "Doses",
            {
                "fields": (
                    "min_adequate_daily_mg",
                    "usual_max_daily_mg",
                    "source",
                    "unconfirmed_reason",
                )
            },
        ),
        ("Advanced", {"fields": ("updated_at",), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="brand and other names")
    def other_names(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="dose", ordering="unconfirmed_reason")
    def dose_confirmed(self, obj):
        return "Unconfirmed" if obj.unconfirmed_reason.strip() else "As in the source"


# --- profiles and plans ----------------------------------------------------------------------


class CriteriaProfileForm(forms.ModelForm):
    """The admin builds the fields from the fieldsets."""

    def _get_validation_exclusions(self):
        # Ticking "clinic default" moves the default here (save_profile clears the old one),
        # so the one-default constraint is not a form error.
        exclude = super()._get_validation_exclusions()
        exclude.add("is_default")
        return exclude


class PlanMappingInline(admin.TabularInline):
    model = InsurancePlanMapping
    extra = 0
    fields = ("plan_name",)


@admin.register(CriteriaProfile)
class CriteriaProfileAdmin(ReevaluateOnChangeMixin, ModelAdmin):
    form = CriteriaProfileForm
    list_display = (
        "name",
        "key",
        "is_default",
        "min_failed_trials",
        "min_classes",
        "min_trial_weeks",
        "min_augmentation_failures",
        "psychotherapy_required",
        "min_phq9_total",
        "effective_date",
        "numbers_confirmed",
    )
    list_display_links = ("name", "key")

    @admin.display(description="numbers", ordering="unconfirmed_reason")
    def numbers_confirmed(self, obj):
        return "Unconfirmed" if obj.unconfirmed_reason.strip() else "As in the source"

    list_filter = ("is_default", "psychotherapy_required", "intolerance_counts")
    search_fields = ("key", "name", "source")
    prepopulated_fields = {"key": ("name",)}
    inlines = (PlanMappingInline,)
    actions = ("make_default",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "key",
                    "is_default",
                    "source",
                    "effective_date",
                    "unconfirmed_reason",
                ),
                "description": "The seeded profiles are examples: check each against the payer's "
                "current policy before relying on it.",
            },
        ),
        (
            "Medication trials",
            {
                "fields": (
                    "min_failed_trials",
                    "min_classes",
                    "min_trial_weeks",
                    "intolerance_counts",
                    "min_augmentation_failures",
                )
            },
        ),
        (
            "Psychotherapy",
            {
                "fields": (
                    "psychotherapy_required",
                    "min_psychotherapy_weeks",
                    "psychotherapy_weeks_unconfirmed",
                )
            },
        ),
        ("Age and severity", {"fields": ("min_age", "min_phq9_total")}),
        (
            "Exclusions",
            {"fields": ("exclude_psychosis", "exclude_bipolar", "exclude_substance_use")},
        ),
        ("Advanced", {"fields": ("updated_at",), "classes": ("collapse",)}),
    )
    readonly_fields = ("updated_at",)

    def save_model(self, request, obj, form, change):
        save_profile(profile=obj)

    @admin.action(description="Make the selected profile the clinic default")
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one profile.", messages.ERROR)
            return
        profile = queryset.get()
        profile.is_default = True
        save_profile(profile=profile)
        self.message_user(request, f"“{profile.name}” is now the clinic default.")
        reevaluate_after(request, f"“{profile.name}” made the clinic default")


@admin.register(InsurancePlanMapping)
class InsurancePlanMappingAdmin(ReevaluateOnChangeMixin, ModelAdmin):
    list_display = ("plan_name", "profile")
    list_select_related = ("profile",)
    list_filter = ("profile",)
    search_fields = ("plan_name",)
    ordering = (Lower("plan_name"),)


# --- note texts and "why we ask" ------------------------------------------------------------


class NoteTextForm(forms.ModelForm):
    article_slugs = ArticleLinksField(
        label="Linked articles",
        required=False,
        help_text=NoteText._meta.get_field("article_slugs").help_text,
    )

    class Meta:
        model = NoteText
        fields = ("code", "patient_text", "patient_text_es", "staff_text", "article_slugs")
        widgets = {
            "patient_text": forms.Textarea(attrs={"rows": 6, "cols": 40}),
            "patient_text_es": forms.Textarea(attrs={"rows": 6, "cols": 40, "lang": "es"}),
        }

    def clean(self):
        data = super().clean()
        code = data.get("code") or getattr(self.instance, "code", "")
        allowed = set(NOTE_PARAMS.get(code, ()))
        for name in ("patient_text", "staff_text"):
            unknown = template_fields(data.get(name) or "") - allowed
            if unknown and code in NOTE_PARAMS:
                self.add_error(
                    name,
                    ValidationError(
                        "This note has no {%(unknown)s}. It can use: %(allowed)s.",
                        code="unknown_placeholder",
                        params={
                            "unknown": "}, {".join(sorted(unknown)),
                            "allowed": ", ".join(f"{{{p}}}" for p in NOTE_PARAMS[code])
                            or "no placeholders",
                        },
                    ),
                )
        try:
            check_wording(data.get("patient_text"))
        except ValidationError as error:
            self.add_error(None, error)
        return data


class LevelFilter(admin.SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [(level, level) for level in LEVELS]

    def queryset(self, request, queryset):
        if self.value() in LEVELS:
            codes = [code for code, (level, _) in NOTE_SPECS.items() if level == self.value()]
            return queryset.filter(code__in=codes)
        return queryset


@admin.register(NoteText)
class NoteTextAdmin(ReevaluateOnChangeMixin, ModelAdmin):
    form = NoteTextForm
    list_display = ("code", "level_hint", "patient_text", "spanish", "links")
    list_filter = (LevelFilter,)
    search_fields = ("code", "patient_text", "patient_text_es", "staff_text")
    # The Spanish is filled in when a page shows the note: stored evaluations need no update.
    display_only_fields = ("patient_text_es",)
    fields = (
        "code",
        "level_hint",
        "placeholders",
        ("patient_text", "patient_text_es"),
        "staff_text",
        "article_slugs",
        "linked_now",
        "updated_at",
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("level_hint", "placeholders", "linked_now", "updated_at")
        return ("code", *fixed) if obj is not None else fixed

    @admin.display(description="level")
    def level_hint(self, obj):
        return obj.level or "not a note the rules show"

    @admin.display(description="Spanish", boolean=True)
    def spanish(self, obj):
        return bool(obj.patient_text_es.strip())

    @admin.display(description="placeholders it can use")
    def placeholders(self, obj):
        params = NOTE_PARAMS.get(obj.code, ())
        return ", ".join(f"{{{p}}}" for p in params) or "none"

    @admin.display(description="articles")
    def links(self, obj):
        return ", ".join(link_slugs(obj.article_slugs))

    @admin.display(description="linked articles now")
    def linked_now(self, obj):
        return linked_articles(obj.article_slugs or [])


class StepHelpForm(forms.ModelForm):
    step = forms.ChoiceField(choices=[(slug, slug) for slug in STEP_SLUGS])
    article_slugs = ArticleLinksField(
        label="Linked articles",
        required=False,
        help_text=StepHelp._meta.get_field("article_slugs").help_text,
    )

    class Meta:
        model = StepHelp
        fields = ("step", "text", "text_es", "article_slugs")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "cols": 40}),
            "text_es": forms.Textarea(attrs={"rows": 4, "cols": 40, "lang": "es"}),
        }

    def clean(self):
        data = super().clean()
        try:
            check_wording(data.get("text"), field="text")
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(StepHelp)
class StepHelpAdmin(ModelAdmin):
    form = StepHelpForm
    list_display = ("step", "text", "text_es", "links")
    search_fields = ("step", "text", "text_es")
    fields = ("step", ("text", "text_es"), "article_slugs", "linked_now", "updated_at")
    readonly_fields = ("linked_now", "updated_at")

    @admin.display(description="articles")
    def links(self, obj):
        return ", ".join(link_slugs(obj.article_slugs))

    @admin.display(description="linked articles now")
    def linked_now(self, obj):
        return linked_articles(obj.article_slugs or [])
