"""What a PHQ-9 score means, in plain words, for the thank-you page: the usual ranges of the
questionnaire (intake.eligibility.vocabulary), never a verdict on the treatment."""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from intake.eligibility.vocabulary import SEVERITY_BANDS, SEVERITY_WORDS, phq9_severity

# The bands' words inside a sentence (vocabulary.SEVERITY_WORDS), in the reader's language.
BAND_WORDS = {
    "severe": pgettext_lazy("PHQ-9 range", "severe"),
    "moderately_severe": pgettext_lazy("PHQ-9 range", "moderately severe"),
    "moderate": pgettext_lazy("PHQ-9 range", "moderate"),
    "mild": pgettext_lazy("PHQ-9 range", "mild"),
    "minimal": pgettext_lazy("PHQ-9 range", "minimal"),
}


@dataclass(frozen=True)
class ScoreWords:
    total: int
    band: str  # "moderate"
    low: int
    high: int


def score_words(total):
    band = phq9_severity(total)
    lows = [lowest for lowest, key in SEVERITY_BANDS]  # highest first
    low = next(lowest for lowest, key in SEVERITY_BANDS if key == band)
    higher = [lowest for lowest in lows if lowest > low]
    high = min(higher) - 1 if higher else 27
    words = str(BAND_WORDS.get(band, SEVERITY_WORDS[band]))
    return ScoreWords(total=total, band=words, low=low, high=high)
