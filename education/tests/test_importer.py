"""The Q&A text parser: pure, no database."""

from pathlib import Path

import pytest

from education.importer import (
    MAX_LINE_CHARS,
    ImportProblem,
    Source,
    clean_url,
    parse_document,
    question_slug,
    summarise,
)

SEED = Path(__file__).resolve().parents[1] / "content" / "tms-qa.txt"


def parse(text):
    return parse_document(text.encode())


def titles(questions):
    return [[answer.title for answer in question.answers] for question in questions]


def test_the_seed_has_two_questions_and_ten_answers_in_order():
    questions = parse_document(SEED.read_bytes())
    assert [q.text for q in questions] == [
        "Can you explain the method of transcranial magnetic stimulation in treating depression?",
        "Is the method of transcranial magnetic stimulation any good in treating depression?",
    ]
    assert titles(questions) == [
        ["Brain Connectivity", "RTMS", "Dual mechanism", "TMS Experience", "Several Mechanisms"],
        ["Mixed results", "Looks promising", "Absolutely", "TMS", "Yes"],
    ]
    slugs = [answer.slug for question in questions for answer in question.answers]
    assert slugs == [
        "brain-connectivity",
        "rtms",
        "dual-mechanism",
        "tms-experience",
        "several-mechanisms",
        "mixed-results",
        "looks-promising",
        "absolutely",
        "tms",
        "yes",
    ]
    assert [q.slug for q in questions] == [
        "can-you-explain-the-method-of-transcranial",
        "is-the-method-of-transcranial-magnetic-stimulation",
    ]


def test_the_seed_source_of_several_mechanisms_is_a_clean_link_out_of_the_body():
    several = parse_document(SEED.read_bytes())[0].answers[4]
    assert several.sources == [Source("http://advancedmentalhealth.com/tms")]
    assert "advancedmentalhealth" not in several.body.lower()
    assert "Http" not in several.body
    assert several.body.endswith("Doing this on a daily basis normalizes their activity.")


def test_the_seed_yes_answer_keeps_its_repeated_yes_in_the_body():
    yes = parse_document(SEED.read_bytes())[1].answers[4]
    assert yes.title == "Yes"
    assert yes.body.startswith("Yes. I believe, particularly after seeing it")
    assert yes.summary.startswith("Yes. I believe")  # one word is too short for a summary


def test_the_seed_answers_have_one_line_summaries_from_their_first_sentence():
    for question in parse_document(SEED.read_bytes()):
        for answer in question.answers:
            assert 0 < len(answer.summary) <= 160
            assert "\n" not in answer.summary


# Small hand-made documents: each (text, expected titles per question).
DOCUMENTS = [
    ("Does it hurt?\nA little. Most people feel a tapping.\n", [["A little"]]),
    (
        "Does it hurt?\r\nA little. Tapping.\r\nNo. It is painless for many.\r\n",
        [["A little", "No"]],
    ),
    ("\n\n  Does it hurt?  \n\n\nA little.   Tapping   on the scalp.\n\n", [["A little"]]),
    ("Q one?\nA. Body a.\nQ two?\nB. Body b.\nC. Body c.\n", [["A"], ["B", "C"]]),
    ("\ufeffWith a byte-order mark?\nYes. It is read as UTF-8.\n", [["Yes"]]),
    ("Ends without newline?\nFine. No newline at the end", [["Fine"]]),
    ("Many full stops?\nDr. Smith says. More text. Even more.\n", [["Dr"]]),
    ("Accents?\nCafé. Ça marche très bien.\n", [["Café"]]),
    ("Is 5 mg enough?\n5 mg. Usually not. Ask your prescriber.\n", [["5 mg"]]),
    ("Old Mac line endings?\rYes. CR only.\rNo. Still fine.\r", [["Yes", "No"]]),
    ("Tabs?\n\tIndented.\tWith tabs.\n", [["Indented"]]),
    ("Two?\nOne. a.\n\n\nThree?\nFour. b.\n", [["One"], ["Four"]]),
    (
        "Same title in two questions?\nYes. First.\nAnother question?\nYes. Second.\n",
        [["Yes"], ["Yes"]],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_hand_made_documents_parse_into_questions_and_titled_answers(text, expected):
    assert titles(parse(text)) == expected


def test_body_is_the_text_after_the_first_full_stop_and_space():
    answer = parse("Q?\nDr. Smith says. More text.\n")[0].answers[0]
    assert answer.body == "Smith says. More text."


def test_whitespace_inside_a_line_is_tidied():
    answer = parse("Q?\nTitle.    Lots   of\tspace.\n")[0].answers[0]
    assert answer.body == "Lots of space."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Http://advancedmentalhealth. Com/tms.", "http://advancedmentalhealth.com/tms"),
        ("HTTPS://WWW.NIMH.NIH. Gov/health/topics/brain-stimulation-therapies", "https://www.nimh.nih.gov/health/topics/brain-stimulation-therapies"),
        ("https://example.org/page?x=1#top),", "https://example.org/page?x=1#top"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("javascript://example.org/%0Aalert(1)", None),
        ("http://localhost/", None),
    ],
)  # fmt: skip
def test_web_addresses_are_cleaned(raw, clean):
    assert clean_url(raw) == clean


def test_sources_anywhere_in_a_body_are_taken_out_and_kept_in_order():
    answer = parse(
        "Q?\nStudies. See https://example.org/a for one. And http://example. Org/b. Done.\n"
    )[0].answers[0]
    assert [s.url for s in answer.sources] == ["https://example.org/a", "http://example.org/b"]
    assert answer.body == "See for one. And Done."


def test_a_sentence_after_a_web_address_is_not_taken_for_part_of_it():
    answer = parse("Q?\nSee. Read http://example.org. Then ask your doctor.\n")[0].answers[0]
    assert [s.url for s in answer.sources] == ["http://example.org"]
    assert answer.body == "Read. Then ask your doctor."


def test_a_body_without_web_addresses_is_left_exactly_as_written():
    answer = parse("Q?\nTitle. Odd spacing , kept as is .\n")[0].answers[0]
    assert answer.body == "Odd spacing , kept as is ."
    assert answer.sources == []


def test_question_slugs_are_short_readable_and_unique():
    assert question_slug("Does it hurt?") == "does-it-hurt"
    long = question_slug("Can you explain the method of transcranial magnetic stimulation?")
    assert len(long) <= 50
    assert not long.endswith("-")
    assert question_slug("Does it hurt?", taken={"does-it-hurt"}) == "does-it-hurt-2"
    assert question_slug("Search?") == "search-2"  # /learn/search/ is the search page


def test_two_long_questions_with_the_same_start_get_different_slugs():
    start = "Can you explain the method of transcranial magnetic stimulation"
    questions = parse(f"{start} for adults?\nA. a.\n{start} for teenagers?\nB. b.\n")
    assert questions[0].slug != questions[1].slug


def test_a_long_first_sentence_is_shortened_at_a_word_boundary():
    summary = summarise("word " * 100)
    assert len(summary) <= 160
    assert summary.endswith("…")
    assert "wor…" not in summary


# Bad input: (bytes, words the message must contain, the line it must name or None)
BAD = [
    (b"", "empty", None),
    (b"   \n\n\t\n", "empty", None),
    (b"Title. An answer before any question.\nQ?\n", "before any question", 1),
    (b"Q?\nThis line has no title at all\n", "no title", 2),
    (b"Q?\nA. fine.\nAbsolutely.\n", "no text", 3),
    (b"Q?\nA. fine\n\xff\xfe not utf-8\n", "not UTF-8", 3),
    (b"Q?\nA. fine.\n" + b"x. " + b"y" * MAX_LINE_CHARS + b"\n", "characters long", 3),
    (b"Q?\nA. a nul \x00 byte\n", "control character", 2),
    (b"Q one?\nA. a.\nQ two?\n", "no answers", 3),
    (b"Q?\nA. a.\nQ?\nB. b.\n", "already asked on line 1", 3),
    (b"Q?\nSame. a.\nsame. b.\n", "same title", 3),
    (b"Q?\n" + b"t" * 200 + b". body\n", "Is the full stop after the title missing", 2),
    (b"Q?\n!!!. body\n", "no letters or numbers", 2),
    (b"?\nA. a.\n", "no words", 1),
]


@pytest.mark.parametrize(("data", "words", "line"), BAD)
def test_bad_documents_are_refused_with_a_message_naming_the_line(data, words, line):
    with pytest.raises(ImportProblem) as problem:
        parse_document(data)
    assert words in str(problem.value)
    assert problem.value.line == line
    if line:
        assert str(problem.value).startswith(f"Line {line}:")


def test_a_file_over_one_megabyte_is_refused():
    with pytest.raises(ImportProblem, match="limit is 1,000,000 bytes"):
        parse_document(b"Q?\nA. " + b"a " * 600_000)
