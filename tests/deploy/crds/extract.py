"""Extract the CRD schemas the chart's custom resources are validated against.

Run once when the pinned versions change (needs npm and the npm registry):

    python tests/deploy/crds/extract.py

The @kubernetes-models packages carry each CRD's openAPIV3Schema as a JSON object in
the model's module (`const schema = {...}`); later releases ship compiled validators
only, so the versions below are the newest that still carry the schema as data. The
schema's ObjectMeta reference is pointed at kubernetes-validate's definitions, which the
tests load alongside.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PACKAGES = {
    "@kubernetes-models/keda@0.3.2": {
        "keda.sh/v1alpha1/ScaledObject.js": "scaledobject-keda-v1alpha1.json",
        "keda.sh/v1alpha1/TriggerAuthentication.js": "triggerauthentication-keda-v1alpha1.json",
    },
    "@kubernetes-models/prometheus-operator@4.0.0": {
        "monitoring.coreos.com/v1/ServiceMonitor.js": "servicemonitor-monitoring-v1.json",
        "monitoring.coreos.com/v1/PrometheusRule.js": "prometheusrule-monitoring-v1.json",
    },
}

OBJECT_META_REF = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#"
DEFINITIONS_REF = "_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


def schema_of(module: str) -> dict[str, object]:
    start = module.index("const schema = {") + len("const schema = ")
    end = module.index("\n};", start) + 2
    text = module[start:end].replace(json.dumps(OBJECT_META_REF), json.dumps(DEFINITIONS_REF))
    schema: dict[str, object] = json.loads(text)
    return schema


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        for spec, files in PACKAGES.items():
            name = subprocess.run(
                ["npm", "pack", spec, "--silent"],
                cwd=temp,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
            with tarfile.open(Path(temp) / name) as archive:
                for member, target in files.items():
                    extracted = archive.extractfile(f"package/{member}")
                    assert extracted is not None, member
                    schema = schema_of(extracted.read().decode())
                    (HERE / target).write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
                    print(f"{spec} {member} -> {target}")


if __name__ == "__main__":
    main()
