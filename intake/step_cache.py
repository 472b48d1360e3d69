"""What every intake step shows that staff edit rarely, kept in the configured cache
(``CACHE_URL``) so that a step's page costs no query for it: the "why we ask" line of each step
(in each language) and the medication names the antidepressants step suggests.

A save or delete of what they are made from (a step's "why we ask" row, an article or a question
it links to, a medication or one of its other names) forgets them at once, and again when its
transaction commits (apps.py):
- in the process that made the change, and on every worker and host when the cache is shared
  (Redis, Memcached): at once;
- in other processes when the cache is each process's own memory (the default): within
  ``PAGE_CACHE_STAMP_SECONDS`` (2 by default), when their copy expires, as for the reading
  pages (education/page_cache.py). This bound also covers writes that send no signal.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.i18n import reader_language

from .links import ArticleLink
from .questions import ANSWER_STEP_SLUGS
from .services.evaluation import WhyWeAsk
from .services.evaluation import why_we_ask as why_we_ask_from_database
from .suggestions import medication_suggestions as suggestions_from_database

WHY_WE_ASK_KEY = "intake:why-we-ask:{step}:{language}"
SUGGESTIONS_KEY = "intake:medication-suggestions"
_NONE = "none"  # a step without a line (the cache cannot tell a stored None from a miss)


def _cached(key, load):
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, _NONE if value is None else value, settings.PAGE_CACHE_STAMP_SECONDS)
    return None if value == _NONE else value


def why_we_ask(step):
    """intake.services.evaluation.why_we_ask, in the reader's language, from the cache: what
    the step's page shows of it (the text and each link's address and words, not the articles
    themselves, which are larger to keep and to read back)."""
    key = WHY_WE_ASK_KEY.format(step=step, language=reader_language())
    return _cached(key, lambda: _as_shown(why_we_ask_from_database(step)))


def _as_shown(line):
    if line is None:
        return None
    links = tuple(ArticleLink(link.url, str(link.text), None) for link in line.links)
    return WhyWeAsk(line.text, (), links, line.lang)


def medication_suggestions():
    """intake.suggestions.medication_suggestions, from the cache."""
    return _cached(SUGGESTIONS_KEY, suggestions_from_database)


def _why_we_ask_keys():
    return [
        WHY_WE_ASK_KEY.format(step=step, language=language)
        for step in ANSWER_STEP_SLUGS
        for language, _name in settings.LANGUAGES
    ]


def forget_why_we_ask(**kwargs):
    """Connected to the save and delete signals of StepHelp, Article and Question."""
    cache.delete_many(_why_we_ask_keys())
    # A request between this signal and the commit may have read the old rows again.
    transaction.on_commit(lambda: cache.delete_many(_why_we_ask_keys()))


def forget_suggestions(**kwargs):
    """Connected to the save and delete signals of Medication and MedicationAlias."""
    cache.delete(SUGGESTIONS_KEY)
    transaction.on_commit(lambda: cache.delete(SUGGESTIONS_KEY))
