"""The intake's writes and the reads built on them, one module per sub-domain.

- ``steps``: the patient's steps (answers, trials, safety) and sending the intake;
- ``review``: staff moves of an intake (start review, request information, close, assign);
- ``evaluation``: the eligibility rules fed from the database, and the stored evaluation;
- ``results``: an evaluation with what pages show around it (linked notes, counts in words);
- ``messages``: the thread between the patient and the clinic, and its mails;
- ``urgent``: the urgent path (alerts, escalation, acknowledgement, risk follow-up);
- ``rights``: the patient's own data, and deletion on request;
- ``errors``: what the intake's writes raise.

Each write is keyword-only and atomic; views and the admin call these, never ``.save()``.
"""
