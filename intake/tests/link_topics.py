"""The topics the notes' and "why we ask" lines' article links were chosen from: each topic's
articles (from the bundled documents in education/content/), with link text that says what the
reader will learn, and keywords those articles use. The links themselves live in the data files
(intake/setup/note_texts.json and step_help.json); test_note_links.py checks that each file's
links are its topics' links and that each linked article talks about its topic. To change a
note's links, change both: the topics here and the data file (and raise its "version")."""

# Each note and "why we ask" line links to the articles on its topic (from the bundled documents
# in education/content/), with link text that says what the reader will learn. A topic's
# keywords are words its articles use (a test checks each linked article uses one of them).

TOPICS: dict[str, dict] = {
    "crisis": {
        "keywords": ("988",),
        "links": (
            (
                "about-question-9",
                "What happens after you answer question 9, and where to get help now",
            ),
        ),
    },
    "health-history": {
        "keywords": ("seizure", "head injury", "fainting", "stroke"),
        "links": (
            (
                "health-history-a-clinician-reviews",
                "What a clinician asks about your health before TMS",
            ),
        ),
    },
    "metal": {
        "keywords": ("metal", "MRI"),
        "links": (
            (
                "metal-in-or-near-the-head",
                "Why metal near your head matters, and what is usually fine",
            ),
        ),
    },
    "devices": {
        "keywords": ("implant", "pacemaker", "stimulator", "pump"),
        "links": (
            ("implants-and-heart-devices", "How a clinician reviews implants and heart devices"),
        ),
    },
    "seizure": {
        "keywords": ("seizure",),
        "links": (
            ("seizure-risk", "How often seizures happen with TMS"),
            (
                "health-history-a-clinician-reviews",
                "What a clinician asks about your health before TMS",
            ),
        ),
    },
    "hearing": {
        "keywords": ("hearing", "earplugs"),
        "links": (("common-side-effects", "Common side effects, and why you wear earplugs"),),
    },
    "side-effects": {
        "keywords": ("side effect",),
        "links": (("common-side-effects", "The common side effects of TMS"),),
    },
    "pregnancy": {
        "keywords": ("pregnan",),
        "links": (("tms-and-pregnancy", "What is known about TMS during pregnancy"),),
    },
    "who": {
        "keywords": ("adults", "15 to 21"),
        "links": (("who-tms-is-for", "Who TMS is usually for, including teens and young adults"),),
    },
    "bipolar": {
        "keywords": ("bipolar",),
        "links": (
            ("who-tms-is-for", "Which kinds of depression TMS is cleared for"),
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for before TMS",
            ),
        ),
    },
    "plan-rules": {
        "keywords": ("psychosis", "bipolar", "90 days"),
        "links": (
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for, and why",
            ),
        ),
    },
    "severity": {
        "keywords": ("PHQ-9", "severe"),
        "links": (("what-the-score-means", "What your PHQ-9 score means"),),
    },
    "phq9": {
        "keywords": ("PHQ-9",),
        "links": (
            ("about-the-phq-9", "How the PHQ-9 is scored"),
            ("what-the-score-means", "What your PHQ-9 score means"),
        ),
    },
    "trials": {
        "keywords": ("dose", "weeks"),
        "links": (("what-counts-as-a-full-medicine-trial", "How doctors count a medicine trial"),),
    },
    "one-or-two": {
        "keywords": ("one medicine", "two or more"),
        "links": (
            (
                "one-medicine-or-two",
                "Why some rules ask for one medicine and others for two or more",
            ),
        ),
    },
    "classes": {
        "keywords": ("groups of medicine", "different groups"),
        "links": (("groups-of-medicine", "Why plans ask about groups of medicine"),),
    },
    "augmentation": {
        "keywords": ("add-on",),
        "links": (("add-on-medicines", "What an add-on medicine is, and how it counts"),),
    },
    "intolerance": {
        "keywords": ("side effects",),
        "links": (
            (
                "side-effects-and-earlier-times-of-depression",
                "How a medicine you stopped for side effects is counted",
            ),
        ),
    },
    "earlier-episode": {
        "keywords": ("earlier time",),
        "links": (
            (
                "side-effects-and-earlier-times-of-depression",
                "How medicines from an earlier time of depression are counted",
            ),
        ),
    },
    "psychotherapy": {
        "keywords": ("talk therapy",),
        "links": (("tms-and-talk-therapy", "Why plans ask about talk therapy"),),
    },
    "retreatment": {
        "keywords": ("another course", "more than half"),
        "links": (("after-the-course", "When another course of TMS may help"),),
    },
    "ect": {
        "keywords": ("ECT",),
        "links": (("tms-and-ect", "How TMS compares with ECT"),),
    },
    "course": {
        "keywords": ("session",),
        "links": (
            ("a-usual-course", "What a usual course of TMS looks like"),
            ("what-happens-at-a-session", "What happens at a TMS session"),
        ),
    },
    "how-it-works": {
        "keywords": ("brain",),
        "links": (
            ("brain-connectivity", "How TMS reaches the parts of the brain that shape mood"),
            ("dual-mechanism", "What the magnetic pulses do in the brain"),
        ),
    },
    "notes": {
        "keywords": ("care team",),
        "links": (("the-notes-on-your-intake", "What these notes mean, and who decides"),),
    },
    "insurance": {
        "keywords": ("plan",),
        "links": (
            (
                "what-insurance-plans-usually-ask-for",
                "What insurance plans usually ask for before TMS",
            ),
            ("prior-authorization", "How your plan agrees to pay before TMS starts"),
        ),
    },
    "records": {
        "keywords": ("records",),
        "links": (("prior-authorization", "What records the clinic sends to your plan"),),
    },
    "what-to-bring": {
        "keywords": ("pharmacy",),
        "links": (("what-to-bring", "What to bring to your first visit"),),
    },
    "medicines-with-tms": {
        "keywords": ("medicine",),
        "links": (("tms-and-medicines", "Whether to keep taking your medicines during TMS"),),
    },
}

# Note codes (or a code's first parts: "criterion.age" covers .met, .unmet and .unknown) and
# their topics, most useful first. A note links to its topics' articles, at most MAX_NOTE_LINKS.
NOTE_TOPICS: dict[str, tuple[str, ...]] = {
    "urgent.item9": ("crisis",),
    "safety.unanswered": ("health-history", "metal"),
    "safety.cochlear_implant": ("devices",),
    "safety.metal_in_head": ("metal",),
    "safety.implanted_stimulator": ("devices",),
    "safety.pacemaker": ("devices",),
    "safety.medication_pump": ("devices",),
    "safety.seizure": ("seizure",),
    "safety.fainting": ("health-history",),
    "safety.head_injury": ("health-history",),
    "safety.hearing_problem": ("hearing",),
    "safety.pregnancy": ("pregnancy",),
    "safety.seizure_threshold_meds": ("seizure",),
    "safety.brain_condition": ("health-history",),
    "safety.prior_tms_problem": ("side-effects", "health-history"),
    "safety.prior_mri_problem": ("metal", "devices"),
    "criterion.age": ("who",),
    "criterion.severity": ("severity",),
    "criterion.failed_trials": ("trials", "one-or-two"),
    "criterion.classes": ("classes", "one-or-two"),
    "criterion.augmentation": ("augmentation",),
    "criterion.psychotherapy": ("psychotherapy",),
    "criterion.exclusions": ("plan-rules",),
    "flag.psychosis": ("plan-rules",),
    "flag.bipolar": ("bipolar",),
    "flag.substance_use": ("plan-rules",),
    "diagnosis.not_sure": ("bipolar",),
    "phq9.score": ("severity",),
    "phq9.missing": ("phq9",),
    "trial.counted": ("trials",),
    "trial.counted_augmentation": ("augmentation",),
    "trial.intolerance_counted": ("intolerance",),
    "trial.intolerance_not_counted": ("intolerance",),
    "trial.augmentation_side_effects": ("augmentation", "intolerance"),
    "trial.duplicate": ("trials",),
    "trial.response": ("trials",),
    "trial.ongoing": ("trials",),
    "trial.low_dose": ("trials",),
    "trial.too_short": ("trials",),
    "trial.low_dose_short": ("trials",),
    "trial.prior_episode": ("earlier-episode",),
    "trial.prior_episode_only": ("earlier-episode",),
    "trial.unknown_medication": ("trials", "what-to-bring"),
    "trial.no_dose_threshold": ("augmentation",),
    "trial.missing_details": ("trials", "what-to-bring"),
    "trial.episode_unsure": ("earlier-episode",),
    "trial.outcome_unknown": ("trials",),
    "trial.dose_above_max": ("trials",),
    "trial": ("trials",),
    "prior_tms": ("retreatment",),
    "prior_ect": ("ect",),
    "info.schedule": ("course",),
    "info.how_it_works": ("how-it-works",),
    "info.care_team": ("notes",),
}

# "Why we ask": each intake step's topics.
STEP_TOPICS: dict[str, tuple[str, ...]] = {
    "about-you": ("who", "insurance"),
    "depression": ("bipolar",),
    "phq9": ("phq9",),
    "antidepressants": ("trials", "one-or-two", "medicines-with-tms"),
    "other-treatments": ("psychotherapy", "ect", "retreatment"),
    "safety": ("metal", "devices", "seizure"),
    "consent": ("records",),
    "review": ("notes", "what-to-bring"),
}

MAX_NOTE_LINKS = 3


def topics_for_note(code: str) -> tuple[str, ...]:
    """The topics of a note code: its own entry, else the entry of its nearest prefix."""
    parts = code.split(".")
    while parts:
        topics = NOTE_TOPICS.get(".".join(parts))
        if topics is not None:
            return topics
        parts.pop()
    return ()


def _links_of(topics) -> tuple[tuple[str, str], ...]:
    links: dict[str, str] = {}
    for topic in topics:
        for slug, text in TOPICS[topic]["links"]:
            links.setdefault(slug, text)
    return tuple(links.items())[:MAX_NOTE_LINKS]


def note_links(code: str) -> tuple[tuple[str, str], ...]:
    """(slug, link text) pairs a note links to, in order."""
    return _links_of(topics_for_note(code))


def step_links(step: str) -> tuple[tuple[str, str], ...]:
    """(slug, link text) pairs a step's "why we ask" line links to, in order."""
    return _links_of(STEP_TOPICS.get(step, ()))
