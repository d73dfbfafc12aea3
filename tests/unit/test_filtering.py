from __future__ import annotations

from codingintel_coding import filtering


def sentences(text: str) -> list[str]:
    return [text[b:e] for b, e in filtering.boilerplate_sentences(text, 0, len(text))]


def test_a_boilerplate_phrase_marks_its_whole_sentence_and_no_other() -> None:
    text = "Chest pain for 2 days. Risks, benefits and alternatives were discussed. Plan: ECG."
    assert sentences(text) == [" Risks, benefits and alternatives were discussed."]


def test_sentences_end_at_a_line_break_and_two_phrases_in_one_sentence_are_one_mark() -> None:
    text = "HTN\nElectronically signed by the author, this document is confidential\nCOPD."
    assert sentences(text) == ["Electronically signed by the author, this document is confidential"]


def test_a_long_sentence_costs_no_more_than_a_pass_over_it() -> None:
    # The old whole-sentence pattern was retried at every position: quadratic.
    text = "word " * 20_000 + "call 911 if worse."
    assert sentences(text) == [text]
