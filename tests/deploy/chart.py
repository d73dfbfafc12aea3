"""Render the Helm chart with Helm's own engine (helm-python-sdk, offline) and validate
what it renders: Kubernetes' OpenAPI schema (kubernetes-validate, strict) for the built-in
kinds, the CRD schemas kept in tests/deploy/crds/ for the custom ones."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import helm_python
import jsonschema  # type: ignore[import-untyped]
import kubernetes_validate  # type: ignore[import-untyped]
import yaml
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "codingintel"
CRDS = Path(__file__).resolve().parent / "crds"
RELEASE = "ci"
NAMESPACE = "coding"
# The newest Kubernetes whose schema kubernetes-validate ships.
KUBE_VERSION = kubernetes_validate.latest_version()

# The values each check runs with: the defaults, the two example files, the two
# autoscaling paths, and TLS.
VALUE_FILES: dict[str, Path | None] = {
    "default": None,
    "dev": CHART / "values-dev.yaml",
    "prod": CHART / "values-prod.yaml",
    "keda": ROOT / "tests" / "deploy" / "values" / "keda.yaml",
    "hpa-external": ROOT / "tests" / "deploy" / "values" / "hpa-external.yaml",
    "tls": ROOT / "tests" / "deploy" / "values" / "tls.yaml",
}

CRD_SCHEMAS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject-keda-v1alpha1.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication-keda-v1alpha1.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor-monitoring-v1.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule-monitoring-v1.json",
}

Manifest = dict[str, Any]


def values(name: str) -> dict[str, Any]:
    path = VALUE_FILES[name]
    loaded = yaml.safe_load(path.read_text()) if path is not None else {}
    return dict(loaded or {})


def render(overrides: dict[str, Any] | None = None) -> list[Manifest]:
    """Every object the chart renders with these values (hooks included)."""
    with helm_python.Chart.load(CHART) as chart:
        files = chart.render(overrides or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    manifests: list[Manifest] = []
    for path, text in sorted(files.items()):
        if path.endswith("NOTES.txt"):
            continue
        manifests.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return manifests


def lint(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    return helm_python.lint(
        CHART, overrides or {}, strict=True, namespace=NAMESPACE, kube_version=f"v{KUBE_VERSION}"
    )


def validate_schema(overrides: dict[str, Any]) -> None:
    """Raises helm_python.HelmValuesError when values.schema.json rejects the values."""
    with helm_python.Chart.load(CHART) as chart:
        chart.validate_schema(overrides)


def _strict(schema: Any) -> Any:
    """Reject unknown fields, as the API server does with strict field validation: every
    object schema that lists its properties and says nothing of others gets
    additionalProperties false."""
    if isinstance(schema, dict):
        out = {key: _strict(value) for key, value in schema.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@cache
def _definitions() -> Resource[Any]:
    folder = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    path = folder / f"v{KUBE_VERSION}-local-strict" / "_definitions.json"
    return Resource.from_contents(json.loads(path.read_text()))


@cache
def _crd_validator(file: str) -> jsonschema.protocols.Validator:
    schema = _strict(json.loads((CRDS / file).read_text()))
    # The ObjectMeta reference points at kubernetes-validate's definitions, whose own
    # references resolve against their $id.
    definitions = _definitions()
    registry: Registry[Any] = Registry().with_resources(
        [("_definitions.json", definitions), (definitions.id() or "_definitions.json", definitions)]
    )
    validator_class = jsonschema.validators.validator_for(schema, jsonschema.Draft7Validator)
    validator: jsonschema.protocols.Validator = validator_class(schema, registry=registry)
    return validator


def validate_manifest(manifest: Manifest) -> None:
    """Raises jsonschema.ValidationError (or kubernetes_validate's errors) when the object
    does not match its schema; KeyError when no schema is known for its kind."""
    key = (manifest["apiVersion"], manifest["kind"])
    if key in CRD_SCHEMAS:
        _crd_validator(CRD_SCHEMAS[key]).validate(copy.deepcopy(manifest))
        return
    kubernetes_validate.validate(manifest, KUBE_VERSION, strict=True)


def pod_specs(manifests: list[Manifest]) -> list[tuple[Manifest, Manifest]]:
    """(workload, pod template) for every object that makes pods."""
    found = []
    for manifest in manifests:
        if manifest["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
            found.append((manifest, manifest["spec"]["template"]))
    return found


def by_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def named(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    matches = [m for m in by_kind(manifests, kind) if m["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def component_name(component: str) -> str:
    return f"{RELEASE}-codingintel-{component}"


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A LabelSelector (matchLabels and matchExpressions) against a label set."""
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        present = expression["key"] in labels
        value = labels.get(expression["key"])
        operator = expression["operator"]
        if operator == "In" and value not in expression["values"]:
            return False
        if operator == "NotIn" and value in expression["values"]:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True
