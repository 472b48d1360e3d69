"""One locust user = one new patient: sign up, confirm the email (the link from the email the
app wrote to LOAD_MAIL_DIR), fill every intake step (three medicines), send it, pausing
LOAD_THINK seconds (a random time between its two bounds) on each page before answering it.
Each user does this once, and a user locust starts beyond LOAD_USERS (it replaces the users
that finished while others are still arriving) leaves at once; when every patient is done, the
run stops. A patient whose Send was answered with the redirect is written to LOAD_SENT_FILE:
load/run.py then checks in the database that each of them has a sent intake holding exactly
the answers given here."""

import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, events, task
from locust.exception import StopUser

from load.answers import DIAGNOSIS, INSURANCE_PLAN, MEDICINES, PHONE, PHQ9, SAFETY_KEYS, STEPS

RUN_ID = os.environ.get("LOAD_RUN_ID", "local")
MAIL_DIR = Path(os.environ.get("LOAD_MAIL_DIR", "/tmp/portal-load-mail"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
PASSWORD = "load-test-Password-9281"
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1-4").split("-"))
SENT_FILE = os.environ.get("LOAD_SENT_FILE", "")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')

_finished = {"count": 0}


def _notice_version(html):
    """The privacy notice version the sign-up page shows (its hidden field), to acknowledge."""
    found = re.search(r'name="notice_version" value="(\d+)"', html or "")
    return found.group(1) if found else ""


def _trials():
    data = {
        "trials-TOTAL_FORMS": str(len(MEDICINES)),
        "trials-INITIAL_FORMS": "0",
        "trials-MIN_NUM_FORMS": "0",
        "trials-MAX_NUM_FORMS": "30",
    }
    for index, (name, dose, weeks) in enumerate(MEDICINES):
        row = {
            "id": "",
            "medication": name,
            "daily_dose_mg": dose,
            "weeks": weeks,
            "start_month": "",
            "start_year": "",
            "current_episode": "yes",
            "augmentation": "no",
            "outcome": "no_change",
            "side_effects": "",
        }
        data.update({f"trials-{index}-{key}": value for key, value in row.items()})
    return data


def step_data(step, full_name):
    return {
        "about-you": {
            "legal_name": full_name,
            "preferred_name": "",
            "date_of_birth_0": "3",
            "date_of_birth_1": "27",
            "date_of_birth_2": "1980",
            "phone": PHONE,
            "contact_method": "phone",
            "contact_time": "morning",
            "language": "en",
            "referring_clinician": "",
            "insurance_plan": INSURANCE_PLAN,
        },
        "depression": {
            "diagnosis": DIAGNOSIS,
            "episode_start_month": "3",
            "episode_start_year": "2023",
            "past_episodes": "two_to_three",
            "hospital_stays": "no",
            "hospital_details": "",
            "psychosis": "no",
            "high_mood": "no",
            "substance_use_90d": "no",
            "substance_details": "",
        },
        "phq9": {
            **{f"phq9_{n}": str(a) for n, a in enumerate(PHQ9, start=1)},
            "phq9_difficulty": "2",
        },
        "antidepressants": _trials(),
        "other-treatments": {
            "therapy_had": "yes",
            "therapy_kind": "cbt",
            "therapy_weeks": "12",
            "therapy_outcome": "no_change",
            "ect_had": "no",
            "tms_had": "no",
            "ketamine": "no",
        },
        "safety": dict.fromkeys(SAFETY_KEYS, "no"),
        "consent": {"consent_true": "on", "consent_contact": "on", "signed_name": full_name},
    }[step]


class Patient(HttpUser):
    # The think time is inside the walk (self._think), page by page; one walk per user.
    wait_time = staticmethod(lambda: 0)

    def on_start(self):
        _finished.setdefault("next", 0)
        self.number = _finished["next"]
        _finished["next"] += 1
        self.email = f"load-{RUN_ID}-{self.number}@example.com"
        self.full_name = f"Load Patient {self.number}"

    def _csrf(self, html):
        match = CSRF.search(html)
        return match.group(1) if match else ""

    def _think(self):
        """Read and answer the page: locust runs on gevent, so this sleep lets the others go."""
        time.sleep(random.uniform(*THINK))  # noqa: S311 (a pause, not a secret)

    def _post(self, url, data, *, name, page_html):
        self._think()
        data = {**data, "csrfmiddlewaretoken": self._csrf(page_html)}
        with self.client.post(
            url, data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect, got {response.status_code}")
                raise StopUser()
            response.success()
        return response

    def _get(self, url, *, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"expected 200, got {response.status_code}")
                raise StopUser()
            response.success()
        return response.text

    def _confirm_link(self):
        deadline = time.monotonic() + 30
        pattern = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^\s]+/)")
        while time.monotonic() < deadline:
            for path in MAIL_DIR.glob("*.log"):
                text = path.read_text(errors="replace")
                if f"To: {self.email}" in text:
                    match = pattern.search(text)
                    if match:
                        return match.group(1)
            time.sleep(0.2)
        events.request.fire(
            request_type="MAIL",
            name="confirmation email",
            response_time=30000,
            response_length=0,
            exception=RuntimeError("no confirmation email"),
            context={},
        )
        raise StopUser()

    @task
    def walk_through(self):
        if self.number >= USERS:
            # While it is still bringing users in, locust starts a new one for each that has
            # finished (a walk can end before the last arrival on a quiet machine). The run
            # has its USERS patients already: this one leaves without a request.
            raise StopUser()
        try:
            html = self._get("/accounts/signup/", name="signup")
            self._post(
                "/accounts/signup/",
                {
                    "full_name": self.full_name,
                    "email": self.email,
                    "date_of_birth_0": "3",
                    "date_of_birth_1": "27",
                    "date_of_birth_2": "1980",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "privacy_notice": "on",
                    "notice_version": _notice_version(html),
                },
                name="signup",
                page_html=html,
            )
            link = self._confirm_link()
            html = self._get(link, name="confirm email")
            self._post(
                link,
                {"new_password1": PASSWORD, "new_password2": PASSWORD},
                name="confirm email",
                page_html=html,
            )
            for step in (*STEPS, "consent"):
                url = f"/intake/{step}/"
                html = self._get(url, name=f"step {step}")
                version = VERSION.search(html)
                data = {**step_data(step, self.full_name), "action": "continue"}
                data["version"] = version.group(1) if version else "0"
                self._post(url, data, name=f"step {step}", page_html=html)
            html = self._get("/intake/review/", name="review")
            self._post("/intake/review/", {}, name="send", page_html=html)
            if SENT_FILE:
                with open(SENT_FILE, "a") as sent:  # one process (gevent): lines never mix
                    sent.write(self.email + "\n")
        finally:
            _finished["count"] += 1
            if _finished["count"] >= USERS:
                self.environment.runner.quit()
        raise StopUser()
