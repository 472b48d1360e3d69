"""Admin for what staff edit for the eligibility notes, and the read-only notes block of the
intake change page (``EligibilityReviewMixin``, used by intake/admin.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from education.services import published_articles_by_slug

from .eligibility import LEVELS, NOTE_PARAMS, NOTE_SPECS, template_fields
from .eligibility_data import (
    intake_result,
    save_profile,
    unconfirmed_numbers,
)
from .links import LinkSpec, link_slugs, links_json, parse_link, parse_links
from .models import (
    CriteriaProfile,
    InsurancePlanMapping,
    Medication,
    MedicationAlias,
    NoteText,
    StepHelp,
)
from .models.medications import normalize_spaces
from .questions import STEP_SLUGS
from .wording import check_patient_wording

MAX_LINKS = 6
MAX_LINK_TEXT = 120


# --- shared form pieces ----------------------------------------------------------------------


class ArticleLinksField(forms.CharField):
    """An ordered list of links, typed one per line as ``slug | link text``; cleaned to the
    stored form, a list of ``{"slug": ..., "text": ...}`` (intake/links.py)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(link.as_line() for link in parse_links(value))
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return links_json(parse_links(value))
        links = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            link = parse_link(line)
            word = link.slug if link else line.strip()
            slug = word.strip("/").rsplit("/", 1)[-1].lstrip("#")
            try:
                validate_slug(slug)
            except ValidationError:
                raise ValidationError(
                    "“%(word)s” is not an article address: start the line with the last part of "
                    "the article's web address, such as “one-medicine-or-two”, then “ | ” and "
                    "the link text.",
                    code="bad_slug",
                    params={"word": word},
                ) from None
            if slug in {existing.slug for existing in links}:
                raise ValidationError(
                    "“%(slug)s” is listed twice.", code="duplicate_slug", params={"slug": slug}
                )
            if not link.text:
                raise ValidationError(
                    "Add the link text after “%(slug)s | ”: say what the reader will learn, "
                    "such as “How doctors count a medicine trial”.",
                    code="no_link_text",
                    params={"slug": slug},
                )
            if len(link.text) > MAX_LINK_TEXT:
                raise ValidationError(
                    "Keep each link text under %(max)s characters.",
                    code="link_text_too_long",
                    params={"max": MAX_LINK_TEXT},
                )
            check_patient_wording(link.text)
            links.append(LinkSpec(slug, link.text))
        if len(links) > MAX_LINKS:
            raise ValidationError(
                "Link to at most %(max)s articles.", code="too_many", params={"max": MAX_LINKS}
            )
        return links_json(links)

    def has_changed(self, initial, data):
        return links_json(parse_links(initial)) != self.to_python(data)


def _check_wording(text, field="patient_text"):
    check_patient_wording(text or "", field=field)


def _linked_articles(links):
    """Which of these links reach a published article now (for staff)."""
    slugs = link_slugs(links)
    if not slugs:
        return "No links."
    found = published_articles_by_slug(slugs)
    return format_html_join(
        mark_safe("<br>"),
        "{}",
        (
            (
                format_html('<a href="{}">{}</a> ({})', found[s].get_absolute_url(), found[s], s)
                if s in found
                else format_html("{}: not published or not found, so not shown yet", s),
            )
            for s in slugs
        ),
    )


# What changes here reaches the intake pages at once, but the review queue's stored columns
# (profile, unmet criteria, failed trials) only when staff re-evaluate.
REEVALUATE_HINT = (
    "Drafts use this change now. A sent intake keeps the evaluation made when it was sent, so "
    "its notes, the queue, its page, the print packet and the FHIR download all agree: select "
    "intakes in the intake list and run “Re-evaluate” to bring them up to date."
)


class ReevaluateHintMixin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.info(request, REEVALUATE_HINT)


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
class MedicationAdmin(ReevaluateHintMixin, admin.ModelAdmin):
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
        (None, {"fields": ("generic_name", "drug_class", "is_augmentation_agent")}),
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
class CriteriaProfileAdmin(admin.ModelAdmin):
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
        messages.info(request, REEVALUATE_HINT)

    @admin.action(description="Make the selected profile the clinic default")
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one profile.", messages.ERROR)
            return
        profile = queryset.get()
        profile.is_default = True
        save_profile(profile=profile)
        self.message_user(request, f"“{profile.name}” is now the clinic default.")


@admin.register(InsurancePlanMapping)
class InsurancePlanMappingAdmin(ReevaluateHintMixin, admin.ModelAdmin):
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
        fields = ("code", "patient_text", "staff_text", "article_slugs")

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
            _check_wording(data.get("patient_text"))
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
class NoteTextAdmin(admin.ModelAdmin):
    form = NoteTextForm
    list_display = ("code", "level_hint", "patient_text", "links")
    list_filter = (LevelFilter,)
    search_fields = ("code", "patient_text", "staff_text")
    fields = (
        "code",
        "level_hint",
        "placeholders",
        "patient_text",
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

    @admin.display(description="placeholders it can use")
    def placeholders(self, obj):
        params = NOTE_PARAMS.get(obj.code, ())
        return ", ".join(f"{{{p}}}" for p in params) or "none"

    @admin.display(description="articles")
    def links(self, obj):
        return ", ".join(link_slugs(obj.article_slugs))

    @admin.display(description="linked articles now")
    def linked_now(self, obj):
        return _linked_articles(obj.article_slugs or [])


class StepHelpForm(forms.ModelForm):
    step = forms.ChoiceField(choices=[(slug, slug) for slug in STEP_SLUGS])
    article_slugs = ArticleLinksField(
        label="Linked articles",
        required=False,
        help_text=StepHelp._meta.get_field("article_slugs").help_text,
    )

    class Meta:
        model = StepHelp
        fields = ("step", "text", "article_slugs")

    def clean(self):
        data = super().clean()
        try:
            _check_wording(data.get("text"), field="text")
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(StepHelp)
class StepHelpAdmin(admin.ModelAdmin):
    form = StepHelpForm
    list_display = ("step", "text", "links")
    search_fields = ("step", "text")
    readonly_fields = ("linked_now", "updated_at")

    @admin.display(description="articles")
    def links(self, obj):
        return ", ".join(link_slugs(obj.article_slugs))

    @admin.display(description="linked articles now")
    def linked_now(self, obj):
        return _linked_articles(obj.article_slugs or [])


# --- the intake change page ------------------------------------------------------------------


class EligibilityReviewMixin:
    """Adds ``eligibility_review``: the notes in staff wording and the trial-by-trial table."""

    @admin.display(description="automated notes")
    def eligibility_review(self, obj):
        if obj is None or obj.pk is None:
            return ""
        result = intake_result(obj)
        if result is None:
            return "The notes could not be made: see the log, then press Re-evaluate."
        return render_to_string(
            "admin/intake/eligibility_review.html",
            {"result": result, "unconfirmed": unconfirmed_numbers(result)},
        )
