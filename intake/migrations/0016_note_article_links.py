"""Notes and "why we ask" lines link to the articles on their topic (the starter library), with
link text that says what the reader will learn; links are stored as {"slug", "text"}.

A row a staff member has edited since it was seeded keeps its links. Reversible: going back
restores the earlier slugs where the links are still the ones set here. The links come from the
topics in intake/eligibility_seed.py (TOPICS, NOTE_TOPICS, STEP_TOPICS), copied here as they
stood, so this migration does not change when the seed does.
"""

from django.db import migrations, models

# code: (slugs seeded by 0005, links set here)
NOTE_LINKS = {
    "urgent.item9": (
        [],
        [
            {
                "slug": "about-question-9",
                "text": "What happens after you answer question 9, and where to get help now",
            },
        ],
    ),
    "safety.unanswered": (
        ["tms-experience"],
        [
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
            {
                "slug": "metal-in-or-near-the-head",
                "text": "Why metal near your head matters, and what is usually fine",
            },
        ],
    ),
    "safety.cochlear_implant": (
        ["tms-experience"],
        [
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
        ],
    ),
    "safety.metal_in_head": (
        ["tms-experience"],
        [
            {
                "slug": "metal-in-or-near-the-head",
                "text": "Why metal near your head matters, and what is usually fine",
            },
        ],
    ),
    "safety.implanted_stimulator": (
        ["tms-experience"],
        [
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
        ],
    ),
    "safety.pacemaker": (
        ["tms-experience"],
        [
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
        ],
    ),
    "safety.medication_pump": (
        ["tms-experience"],
        [
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
        ],
    ),
    "safety.seizure": (
        ["tms-experience"],
        [
            {"slug": "seizure-risk", "text": "How often seizures happen with TMS"},
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.fainting": (
        [],
        [
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.head_injury": (
        [],
        [
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.hearing_problem": (
        ["tms-experience"],
        [
            {
                "slug": "common-side-effects",
                "text": "Common side effects, and why you wear earplugs",
            },
        ],
    ),
    "safety.pregnancy": (
        [],
        [
            {"slug": "tms-and-pregnancy", "text": "What is known about TMS during pregnancy"},
        ],
    ),
    "safety.seizure_threshold_meds": (
        [],
        [
            {"slug": "seizure-risk", "text": "How often seizures happen with TMS"},
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.brain_condition": (
        [],
        [
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.prior_tms_problem": (
        ["tms-experience"],
        [
            {"slug": "common-side-effects", "text": "The common side effects of TMS"},
            {
                "slug": "health-history-a-clinician-reviews",
                "text": "What a clinician asks about your health before TMS",
            },
        ],
    ),
    "safety.prior_mri_problem": (
        [],
        [
            {
                "slug": "metal-in-or-near-the-head",
                "text": "Why metal near your head matters, and what is usually fine",
            },
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
        ],
    ),
    "criterion.age.met": (
        [],
        [
            {
                "slug": "who-tms-is-for",
                "text": "Who TMS is usually for, including teens and young adults",
            },
        ],
    ),
    "criterion.age.unmet": (
        ["tms"],
        [
            {
                "slug": "who-tms-is-for",
                "text": "Who TMS is usually for, including teens and young adults",
            },
        ],
    ),
    "criterion.age.unknown": (
        [],
        [
            {
                "slug": "who-tms-is-for",
                "text": "Who TMS is usually for, including teens and young adults",
            },
        ],
    ),
    "criterion.severity.met": (
        ["absolutely"],
        [
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "criterion.severity.unmet": (
        ["mixed-results"],
        [
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "criterion.severity.unknown": (
        [],
        [
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "criterion.failed_trials.met": (
        ["looks-promising", "absolutely"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.failed_trials.unmet": (
        ["mixed-results"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.failed_trials.unknown": (
        ["looks-promising"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.classes.met": (
        ["looks-promising"],
        [
            {"slug": "groups-of-medicine", "text": "Why plans ask about groups of medicine"},
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.classes.unmet": (
        ["mixed-results"],
        [
            {"slug": "groups-of-medicine", "text": "Why plans ask about groups of medicine"},
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.classes.unknown": (
        ["looks-promising"],
        [
            {"slug": "groups-of-medicine", "text": "Why plans ask about groups of medicine"},
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
        ],
    ),
    "criterion.augmentation.met": (
        ["tms"],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
        ],
    ),
    "criterion.augmentation.unmet": (
        ["tms", "mixed-results"],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
        ],
    ),
    "criterion.augmentation.unknown": (
        ["tms"],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
        ],
    ),
    "criterion.psychotherapy.met": (
        ["looks-promising"],
        [
            {"slug": "tms-and-talk-therapy", "text": "Why plans ask about talk therapy"},
        ],
    ),
    "criterion.psychotherapy.unmet": (
        ["mixed-results"],
        [
            {"slug": "tms-and-talk-therapy", "text": "Why plans ask about talk therapy"},
        ],
    ),
    "criterion.psychotherapy.unknown": (
        [],
        [
            {"slug": "tms-and-talk-therapy", "text": "Why plans ask about talk therapy"},
        ],
    ),
    "criterion.exclusions.met": (
        [],
        [
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for, and why",
            },
        ],
    ),
    "criterion.exclusions.unmet": (
        [],
        [
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for, and why",
            },
        ],
    ),
    "criterion.exclusions.unknown": (
        [],
        [
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for, and why",
            },
        ],
    ),
    "flag.psychosis": (
        [],
        [
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for, and why",
            },
        ],
    ),
    "flag.bipolar": (
        [],
        [
            {"slug": "who-tms-is-for", "text": "Which kinds of depression TMS is cleared for"},
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for before TMS",
            },
        ],
    ),
    "flag.substance_use": (
        [],
        [
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for, and why",
            },
        ],
    ),
    "diagnosis.not_sure": (
        [],
        [
            {"slug": "who-tms-is-for", "text": "Which kinds of depression TMS is cleared for"},
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for before TMS",
            },
        ],
    ),
    "phq9.score": (
        [],
        [
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "phq9.missing": (
        [],
        [
            {"slug": "about-the-phq-9", "text": "How the PHQ-9 is scored"},
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "trial.counted": (
        ["looks-promising"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.counted_augmentation": (
        ["tms"],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
        ],
    ),
    "trial.intolerance_counted": (
        ["looks-promising"],
        [
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How a medicine you stopped for side effects is counted",
            },
        ],
    ),
    "trial.intolerance_not_counted": (
        [],
        [
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How a medicine you stopped for side effects is counted",
            },
        ],
    ),
    "trial.augmentation_side_effects": (
        [],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How a medicine you stopped for side effects is counted",
            },
        ],
    ),
    "trial.duplicate": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.response": (
        ["tms"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.ongoing": (
        ["tms"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.low_dose": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.too_short": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.low_dose_short": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.prior_episode": (
        [],
        [
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How medicines from an earlier time of depression are counted",
            },
        ],
    ),
    "trial.prior_episode_only": (
        [],
        [
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How medicines from an earlier time of depression are counted",
            },
        ],
    ),
    "trial.unknown_medication": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {"slug": "what-to-bring", "text": "What to bring to your first visit"},
        ],
    ),
    "trial.no_dose_threshold": (
        [],
        [
            {"slug": "add-on-medicines", "text": "What an add-on medicine is, and how it counts"},
        ],
    ),
    "trial.missing_details": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {"slug": "what-to-bring", "text": "What to bring to your first visit"},
        ],
    ),
    "trial.episode_unsure": (
        [],
        [
            {
                "slug": "side-effects-and-earlier-times-of-depression",
                "text": "How medicines from an earlier time of depression are counted",
            },
        ],
    ),
    "trial.outcome_unknown": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "trial.dose_above_max": (
        [],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
        ],
    ),
    "prior_tms.response": (
        ["tms-experience"],
        [
            {"slug": "after-the-course", "text": "When another course of TMS may help"},
        ],
    ),
    "prior_tms.had": (
        ["tms-experience"],
        [
            {"slug": "after-the-course", "text": "When another course of TMS may help"},
        ],
    ),
    "prior_ect": (
        ["rtms", "yes"],
        [
            {"slug": "tms-and-ect", "text": "How TMS compares with ECT"},
        ],
    ),
    "info.schedule": (
        ["tms-experience"],
        [
            {"slug": "a-usual-course", "text": "What a usual course of TMS looks like"},
            {"slug": "what-happens-at-a-session", "text": "What happens at a TMS session"},
        ],
    ),
    "info.how_it_works": (
        ["brain-connectivity", "dual-mechanism", "several-mechanisms"],
        [
            {
                "slug": "brain-connectivity",
                "text": "How TMS reaches the parts of the brain that shape mood",
            },
            {"slug": "dual-mechanism", "text": "What the magnetic pulses do in the brain"},
        ],
    ),
    "info.care_team": (
        [],
        [
            {"slug": "the-notes-on-your-intake", "text": "What these notes mean, and who decides"},
        ],
    ),
}

# step: (slugs seeded by 0005, links set here)
STEP_LINKS = {
    "about-you": (
        ["tms"],
        [
            {
                "slug": "who-tms-is-for",
                "text": "Who TMS is usually for, including teens and young adults",
            },
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for before TMS",
            },
            {
                "slug": "prior-authorization",
                "text": "How your plan agrees to pay before TMS starts",
            },
        ],
    ),
    "depression": (
        ["mixed-results"],
        [
            {"slug": "who-tms-is-for", "text": "Which kinds of depression TMS is cleared for"},
            {
                "slug": "what-insurance-plans-usually-ask-for",
                "text": "What insurance plans usually ask for before TMS",
            },
        ],
    ),
    "phq9": (
        ["absolutely"],
        [
            {"slug": "about-the-phq-9", "text": "How the PHQ-9 is scored"},
            {"slug": "what-the-score-means", "text": "What your PHQ-9 score means"},
        ],
    ),
    "antidepressants": (
        ["looks-promising", "absolutely"],
        [
            {
                "slug": "what-counts-as-a-full-medicine-trial",
                "text": "How doctors count a medicine trial",
            },
            {
                "slug": "one-medicine-or-two",
                "text": "Why some rules ask for one medicine and others for two or more",
            },
            {
                "slug": "tms-and-medicines",
                "text": "Whether to keep taking your medicines during TMS",
            },
        ],
    ),
    "other-treatments": (
        ["rtms", "yes"],
        [
            {"slug": "tms-and-talk-therapy", "text": "Why plans ask about talk therapy"},
            {"slug": "tms-and-ect", "text": "How TMS compares with ECT"},
            {"slug": "after-the-course", "text": "When another course of TMS may help"},
        ],
    ),
    "safety": (
        ["tms-experience"],
        [
            {
                "slug": "metal-in-or-near-the-head",
                "text": "Why metal near your head matters, and what is usually fine",
            },
            {
                "slug": "implants-and-heart-devices",
                "text": "How a clinician reviews implants and heart devices",
            },
            {"slug": "seizure-risk", "text": "How often seizures happen with TMS"},
        ],
    ),
    "consent": (
        ["tms-experience"],
        [
            {"slug": "prior-authorization", "text": "What records the clinic sends to your plan"},
        ],
    ),
    "review": (
        ["brain-connectivity"],
        [
            {"slug": "the-notes-on-your-intake", "text": "What these notes mean, and who decides"},
            {"slug": "what-to-bring", "text": "What to bring to your first visit"},
        ],
    ),
}


def _replace(apps, old_index, new_index):
    for model, field, table in (
        ("NoteText", "code", NOTE_LINKS),
        ("StepHelp", "step", STEP_LINKS),
    ):
        Model = apps.get_model("intake", model)
        for row in Model.objects.filter(**{f"{field}__in": list(table)}):
            links = table[getattr(row, field)]
            if row.article_slugs == links[old_index]:
                row.article_slugs = links[new_index]
                row.save(update_fields=["article_slugs"])


def link_to_topics(apps, schema_editor):
    _replace(apps, 0, 1)


def back_to_slugs(apps, schema_editor):
    _replace(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0015_notes_that_inform")]

    operations = [
        migrations.AlterField(
            model_name="notetext",
            name="article_slugs",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The articles this note links to, one per line, in order: the article's address (slug), “ | ”, then link text that says what the reader will learn, e.g. “one-medicine-or-two | Why some rules ask for one medicine and others for two or more”. A missing or unpublished article is left out.",
                verbose_name="linked articles",
            ),
        ),
        migrations.AlterField(
            model_name="stephelp",
            name="article_slugs",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The articles that explain it, one per line, in order: the article's address (slug), “ | ”, then link text that says what the reader will learn. A missing or unpublished article is left out.",
                verbose_name="linked articles",
            ),
        ),
        migrations.RunPython(link_to_topics, back_to_slugs),
    ]
