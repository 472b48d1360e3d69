"""The two staff groups. What each may do is set-up data (intake/setup/staff_groups.json, loaded
by ``manage.py load_clinic_setup``): content editors edit the education pages and run the Q&A
import (add and change on articles); clinical reviewers read intakes (the patients' answers
read-only), take the review actions and exports, edit the eligibility catalogue and wording,
read the audit trail, and carry out patients' deletion requests. Superusers can do both;
patients are in neither."""

from intake.setup import files

CONTENT_EDITORS = "Content editors"
CLINICAL_REVIEWERS = "Clinical reviewers"

# {group: [(app label, permission codename), ...]}, as the data file gives them.
ROLE_PERMISSIONS = files.staff_groups()
