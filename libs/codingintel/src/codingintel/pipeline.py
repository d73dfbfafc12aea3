"""The pipeline's steps and the agreed progress scale, shared by the orchestrator,
the gateway and the clients."""

from __future__ import annotations

from typing import Final

PHI_DETECTION: Final = "phi_detection"
CLINICAL_FILTERING: Final = "clinical_filtering"
ICD10_INFERENCE: Final = "icd10_inference"
SNOMED_INFERENCE: Final = "snomed_inference"
CODE_INFERENCE: Final = "code_inference"
AI_CODING_ANALYSIS: Final = "ai_coding_analysis"
AI_QUALITY_ANALYSIS: Final = "ai_quality_analysis"
COMPLETE: Final = "complete"

STEPS: Final = (
    PHI_DETECTION,
    CLINICAL_FILTERING,
    ICD10_INFERENCE,
    SNOMED_INFERENCE,
    CODE_INFERENCE,
    AI_CODING_ANALYSIS,
    AI_QUALITY_ANALYSIS,
)

# (step, progress) in the order a successful report passes through them. PHI and
# filtering report once on start and once on finish; the others on start.
SCALE: Final = (
    (PHI_DETECTION, 10),
    (PHI_DETECTION, 20),
    (CLINICAL_FILTERING, 30),
    (CLINICAL_FILTERING, 40),
    (ICD10_INFERENCE, 50),
    (SNOMED_INFERENCE, 60),
    (CODE_INFERENCE, 70),
    (AI_CODING_ANALYSIS, 80),
    (AI_QUALITY_ANALYSIS, 90),
    (COMPLETE, 100),
)

START_PROGRESS: Final = {step: progress for step, progress in reversed(SCALE)}

# What a person watching sees: four groups of steps.
STEP_GROUPS: Final = (
    ("PHI", (PHI_DETECTION,)),
    ("Filtering", (CLINICAL_FILTERING,)),
    ("Codes", (ICD10_INFERENCE, SNOMED_INFERENCE, CODE_INFERENCE)),
    ("AI", (AI_CODING_ANALYSIS, AI_QUALITY_ANALYSIS)),
)
