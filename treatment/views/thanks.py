"""What a PHQ-9 score means, in plain words, for the thank-you page: the usual ranges of the
questionnaire (intake.eligibility.vocabulary), never a verdict on the treatment."""

from dataclasses import dataclass

from intake.eligibility.vocabulary import PHQ9_MAX_TOTAL, SEVERITY_BANDS, phq9_severity
from intake.services.note_language import severity_words


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
    high = min(higher) - 1 if higher else PHQ9_MAX_TOTAL
    words = severity_words()[band]
    return ScoreWords(total=total, band=words, low=low, high=high)
