"""Reading the LLM's answers: the schema, fenced blocks, and what a repair request says."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from codingintel.reports.v1 import reports_pb2
from codingintel_analysis import llm

GOOD = {
    "supported_codes": [" J18.9 ", "J18.9", ""],
    "unsupported_codes": [],
    "missed_codes": ["E87.1"],
    "specificity_opportunities": [{"code": "J18.9", "suggestion": "Name the organism."}],
    "sequencing_notes": [{"code": "J18.9", "position": 1}],
    "summary": "ok",
    "extra": "ignored",
}


def test_a_good_answer_is_read_fenced_or_not() -> None:
    plain = llm.parse_answer(json.dumps(GOOD), llm.CodingAnswer)
    fenced = llm.parse_answer(f"```json\n{json.dumps(GOOD)}\n```", llm.CodingAnswer)
    assert plain == fenced
    assert llm._codes(plain.supported_codes) == ["J18.9"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"supported_codes": ["SECRET-VALUE"', "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (
            json.dumps({**GOOD, "summary": 42, "missed_codes": "SECRET-VALUE"}),
            "missed_codes: list_type",
        ),
        (
            json.dumps({k: v for k, v in GOOD.items() if k != "sequencing_notes"}),
            "sequencing_notes: missing",
        ),
    ],
)
def test_what_was_wrong_is_said_by_field_and_type_only(content: str, expected: str) -> None:
    with pytest.raises((ValueError, TypeError)) as caught:
        llm.parse_answer(content, llm.CodingAnswer)
    problem = llm.describe_invalid(caught.value)  # type: ignore[arg-type]
    assert expected in problem
    assert "SECRET-VALUE" not in problem


def test_quality_findings_keep_to_the_three_categories() -> None:
    with pytest.raises(ValidationError):
        llm.QualityAnswer.model_validate(
            {"findings": [{"category": "other", "severity": "error", "text": "x"}], "summary": "s"}
        )


def test_the_prompts_are_versioned_files_that_render() -> None:
    prompts = llm.load_prompts("v1")
    assert set(prompts) == {llm.CODING_PROMPT, llm.QUALITY_PROMPT}
    coding = prompts[llm.CODING_PROMPT]
    assert coding.id == "coding_analysis.v1"
    code = reports_pb2.CodeSuggestion(code="I10", display="Hypertension", score=1.0)
    system, user = coding.render(
        llm.CodingAnswer.model_json_schema(),
        notes=llm.render_notes(["[NAME] has $dollar {braces}"]),
        icd10_codes=llm.render_codes([code]),
        snomed_codes=llm.render_codes([]),
    )
    assert "sequencing_notes" in system and "de-identified" in system
    assert "--- note 1 ---\n[NAME] has $dollar {braces}" in user
    assert "- I10 Hypertension (from a note, score 1.00, no note evidence found)" in user
    assert llm.render_notes([]) == "(the encounter has no clinical note)"
