"""The two staff groups and exactly what each may do (used by the roles data migration and its
tests). Superusers can do both; patients are in neither."""

CONTENT_EDITORS = "Content editors"
CLINICAL_REVIEWERS = "Clinical reviewers"

_EDIT = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    # The education pages and the Q&A import (which needs add and change on articles).
    CONTENT_EDITORS: [
        *[("education", f"{verb}_question") for verb in _EDIT],
        *[("education", f"{verb}_article") for verb in _EDIT],
        ("education", "view_historicalquestion"),
        ("education", "view_historicalarticle"),
    ],
    # Intakes (the patients' answers read-only; the review actions and exports), the
    # eligibility catalogue and wording, and the audit trail to read.
    CLINICAL_REVIEWERS: [
        ("intake", "view_intake"),
        ("intake", "change_intake"),
        ("intake", "export_intake"),
        ("intake", "view_trial"),
        ("intake", "view_safetyanswer"),
        ("intake", "view_intakestep"),
        ("intake", "view_statuschange"),
        *[
            ("intake", f"{verb}_{model}")
            for model in (
                "medication",
                "medicationalias",
                "criteriaprofile",
                "insuranceplanmapping",
                "notetext",
                "stephelp",
            )
            for verb in _EDIT
        ],
        ("intake", "view_accessevent"),
        ("auditlog", "view_logentry"),
        # Patients' deletion requests, carried out with an admin action.
        ("intake", "view_deletionrequest"),
        ("intake", "change_deletionrequest"),
    ],
}
