"""The Helm chart, rendered by Helm's own engine for each values set (no cluster):
strict lint, the Kubernetes and CRD schemas, and the properties that matter on the
rendered objects."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import helm_python
import pytest
import redis
import yaml
from pydantic_settings import BaseSettings

from codingintel import metrics, queue
from codingintel.settings import QueueSettings
from codingintel_analysis.settings import AnalysisSettings
from codingintel_coding.settings import CodingSettings
from codingintel_gateway.settings import GatewaySettings
from codingintel_orchestrator.settings import OrchestratorSettings
from codingintel_phi.settings import PhiSettings

from ..support import REDIS_URL
from . import chart, sync_chart_files
from .chart import Manifest

SETS = list(chart.VALUE_FILES)
COMPONENTS = ("gateway", "workers", "phi", "coding", "analysis")


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[Manifest]]:
    return {name: chart.render(chart.values(name)) for name in SETS}


# --- lint and schemas ---------------------------------------------------------------


@pytest.mark.parametrize("name", SETS)
def test_lint_strict(name: str) -> None:
    report = chart.lint(chart.values(name))
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == [], report


@pytest.mark.parametrize("name", SETS)
def test_every_object_matches_its_schema(name: str, rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered[name]
    assert len(manifests) > 20
    for manifest in manifests:
        try:
            chart.validate_manifest(manifest)
        except Exception as error:  # name the object in the failure
            kind, meta = manifest["kind"], manifest["metadata"]["name"]
            message = getattr(error, "message", str(error))[:500]
            raise AssertionError(f"{name}: {kind}/{meta}: {message}") from None


def test_schema_validation_catches_a_bad_object() -> None:
    """The validators are not vacuous: a typo in a field name or a wrong type fails."""
    deployment = next(m for m in chart.render() if m["kind"] == "Deployment")
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(Exception, match="readinessProbes"):
        chart.validate_manifest(deployment)
    scaled = chart.named(
        chart.render(chart.values("keda")), "ScaledObject", chart.component_name("workers")
    )
    scaled["spec"]["minReplicaCount"] = "one"
    with pytest.raises(Exception, match="one"):
        chart.validate_manifest(scaled)
    scaled["spec"]["minReplicaCount"] = 1
    scaled["spec"]["coolDownPeriod"] = 10
    with pytest.raises(Exception, match="coolDownPeriod"):
        chart.validate_manifest(scaled)


def test_custom_resources_are_rendered_and_validated(
    rendered: dict[str, list[Manifest]],
) -> None:
    kinds = {(m["apiVersion"], m["kind"]) for m in rendered["keda"]}
    assert set(chart.CRD_SCHEMAS) <= kinds


# --- hardening ----------------------------------------------------------------------


def _security_ok(pod: dict[str, Any], container: dict[str, Any]) -> list[str]:
    context = container.get("securityContext", {})
    pod_context = pod.get("securityContext", {})
    problems = []
    if context.get("readOnlyRootFilesystem") is not True:
        problems.append("readOnlyRootFilesystem")
    if context.get("allowPrivilegeEscalation") is not False:
        problems.append("allowPrivilegeEscalation")
    if context.get("runAsNonRoot", pod_context.get("runAsNonRoot")) is not True:
        problems.append("runAsNonRoot")
    if "ALL" not in context.get("capabilities", {}).get("drop", []):
        problems.append("capabilities.drop ALL")
    if context.get("capabilities", {}).get("add"):
        problems.append("capabilities.add")
    seccomp = context.get("seccompProfile", pod_context.get("seccompProfile", {}))
    if seccomp.get("type") != "RuntimeDefault":
        problems.append("seccompProfile")
    if context.get("privileged"):
        problems.append("privileged")
    return problems


@pytest.mark.parametrize("name", SETS)
def test_every_container_is_hardened(name: str, rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered[name]
    accounts = {m["metadata"]["name"]: m for m in chart.by_kind(manifests, "ServiceAccount")}
    workloads = chart.pod_specs(manifests)
    assert len(workloads) >= 5
    for workload, template in workloads:
        where = f"{name}: {workload['kind']}/{workload['metadata']['name']}"
        pod = template["spec"]
        assert pod.get("automountServiceAccountToken") is False, where
        account = accounts.get(pod.get("serviceAccountName", ""))
        assert account is not None and account["automountServiceAccountToken"] is False, where
        assert pod["securityContext"]["runAsNonRoot"] is True, where
        assert not pod.get("hostNetwork") and not pod.get("hostPID"), where
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for container in pod["containers"]:
            cwhere = f"{where} container {container['name']}"
            assert _security_ok(pod, container) == [], (cwhere, _security_ok(pod, container))
            resources = container.get("resources", {})
            for part in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(part, {})), (cwhere, part)
            tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            assert tmp and "emptyDir" in volumes[tmp[0]["name"]], cwhere
            if workload["kind"] != "Job":
                assert "livenessProbe" in container and "readinessProbe" in container, cwhere


@pytest.mark.parametrize("name", SETS)
def test_services_probe_over_native_grpc(name: str, rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered[name]
    for component in COMPONENTS:
        deployment = chart.named(manifests, "Deployment", chart.component_name(component))
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        # With TLS on, the probes use the plaintext health port.
        grpc_port = ports.get("health", ports["grpc"])
        for probe in ("startupProbe", "readinessProbe"):
            assert container[probe]["grpc"]["port"] == grpc_port, (component, probe)
        if component == "workers":
            assert container["livenessProbe"]["grpc"]["service"] == "liveness"
            assert container["readinessProbe"]["grpc"]["service"] == "readiness"
        elif component == "gateway":
            # The gateway's health follows its stores: readiness, not liveness.
            assert container["livenessProbe"]["tcpSocket"]["port"] == "grpc"
        else:
            assert container["livenessProbe"]["grpc"]["port"] == grpc_port
        service = chart.named(manifests, "Service", chart.component_name(component))
        grpc = next(p for p in service["spec"]["ports"] if p["name"] == "grpc")
        assert grpc["appProtocol"] == "grpc" and grpc["targetPort"] == "grpc"


def _env(container: dict[str, Any], configmap: Manifest) -> dict[str, str]:
    env = dict(configmap["data"])
    for item in container.get("env", []):
        env[item["name"]] = item.get("value", "<secret>")
    return env


@pytest.mark.parametrize("name", SETS)
def test_workers_get_their_grace_period(name: str, rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered[name]
    configmap = chart.named(manifests, "ConfigMap", "ci-codingintel")
    for component in COMPONENTS:
        deployment = chart.named(manifests, "Deployment", chart.component_name(component))
        pod = deployment["spec"]["template"]["spec"]
        env = _env(pod["containers"][0], configmap)
        grace = float(env["SHUTDOWN_GRACE_SECONDS"])
        # SIGTERM, then the service's grace, then some slack before SIGKILL.
        assert pod["terminationGracePeriodSeconds"] >= grace + 5, component


SETTINGS_FIELDS: dict[str, type[BaseSettings]] = {
    "gateway": GatewaySettings,
    "workers": OrchestratorSettings,
    "phi": PhiSettings,
    "coding": CodingSettings,
    "analysis": AnalysisSettings,
}
# Read by the shared library or the OpenTelemetry SDK rather than a settings class.
OTHER_VARIABLES = re.compile(
    r"^(METRICS_ADDR|[A-Z]+_METRICS_PORT|OTEL_[A-Z_]+|AWS_[A-Z_]+|HOME|REDIS_PASSWORD"
    r"|PHI_LISTEN_ADDR|CODING_LISTEN_ADDR|ANALYSIS_LISTEN_ADDR|GATEWAY_LISTEN_ADDR"
    r"|ORCHESTRATOR_STATUS_ADDR|COMPREHEND_ENDPOINT_URL|OPENAI_BASE_URL|OPENAI_API_KEY"
    r"|[A-Z]+_HEALTH_LISTEN_ADDR|TLS_[A-Z_]+_FILE)$"
)


@pytest.mark.parametrize("name", SETS)
def test_every_variable_is_one_the_services_read(
    name: str, rendered: dict[str, list[Manifest]]
) -> None:
    """A misspelt variable would be ignored silently (settings ignore unknown names)."""
    manifests = rendered[name]
    configmap = chart.named(manifests, "ConfigMap", "ci-codingintel")
    known = {field.upper() for cls in SETTINGS_FIELDS.values() for field in cls.model_fields}
    for variable in configmap["data"]:
        assert variable in known or OTHER_VARIABLES.match(variable), variable
    for component, settings_class in SETTINGS_FIELDS.items():
        deployment = chart.named(manifests, "Deployment", chart.component_name(component))
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        own = {field.upper() for field in settings_class.model_fields}
        for item in container["env"]:
            assert item["name"] in own or OTHER_VARIABLES.match(item["name"]), (
                component,
                item["name"],
            )
        env = _env(container, configmap)
        listen = {
            "gateway": "GATEWAY_LISTEN_ADDR",
            "workers": "ORCHESTRATOR_STATUS_ADDR",
            "phi": "PHI_LISTEN_ADDR",
            "coding": "CODING_LISTEN_ADDR",
            "analysis": "ANALYSIS_LISTEN_ADDR",
        }[component]
        port = next(p["containerPort"] for p in container["ports"] if p["name"] == "grpc")
        assert env[listen] == f"0.0.0.0:{port}", component
        assert env["METRICS_ADDR"] == "0.0.0.0"


def test_secrets_and_existing_secrets(rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered["keda"]
    secret = chart.named(manifests, "Secret", "ci-codingintel")
    assert {"database-url", "redis-password", "tokens.json", "page-token-secret"} <= set(
        secret["data"]
    )
    gateway = chart.named(manifests, "Deployment", chart.component_name("gateway"))
    pod = gateway["spec"]["template"]["spec"]
    env = {e["name"]: e for e in pod["containers"][0]["env"]}
    # The password is a secret reference and the URL refers to it (rediss: TLS).
    assert env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "redis-password"
    assert env["REDIS_URL"]["value"] == "rediss://:$(REDIS_PASSWORD)@redis.data.svc:6379/0"
    names = [e["name"] for e in pod["containers"][0]["env"]]
    assert names.index("REDIS_PASSWORD") < names.index("REDIS_URL")
    tokens_file = env["CODINGINTEL_AUTH_TOKENS_FILE"]["value"]
    mount = next(m for m in pod["containers"][0]["volumeMounts"] if m["name"] == "auth")
    assert tokens_file.startswith(mount["mountPath"] + "/") and mount["readOnly"] is True
    tokens = json.loads(base64.b64decode(secret["data"]["tokens.json"]))
    assert tokens["tokens"][0]["tenant"] == "acme" and "sha256" in tokens["tokens"][0]

    # With existing Secrets the chart's own holds none of those keys.
    prod = rendered["prod"]
    own = chart.named(prod, "Secret", "ci-codingintel")
    assert set(own.get("data") or {}) == {"page-token-secret"}
    refs = set()
    for _, template in chart.pod_specs(prod):
        for container in template["spec"]["containers"]:
            for item in container.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    refs.add((ref["name"], ref["key"]))
        for volume in template["spec"].get("volumes", []):
            if "secret" in volume:
                refs.add((volume["secret"]["secretName"], volume["secret"]["items"][0]["key"]))
    assert {
        ("codingintel-database", "database-url"),
        ("codingintel-redis", "redis-password"),
        ("codingintel-auth-tokens", "tokens.json"),
        ("codingintel-openai", "openai-api-key"),
    } <= refs


def test_tls_mounts_certificates_and_serves_health_in_plaintext(
    rendered: dict[str, list[Manifest]],
) -> None:
    manifests = rendered["tls"]
    secrets = {
        "gateway": "codingintel-gateway-tls",
        "workers": "codingintel-workers-tls",
        "phi": "codingintel-backends-tls",
        "coding": "codingintel-backends-tls",
        "analysis": "codingintel-backends-tls",
    }
    for component, secret in secrets.items():
        deployment = chart.named(manifests, "Deployment", chart.component_name(component))
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        volume = next(v for v in pod["volumes"] if v["name"] == "tls")
        assert volume["secret"]["secretName"] == secret
        mount = next(m for m in container["volumeMounts"] if m["name"] == "tls")
        assert mount["readOnly"] is True
        env = {e["name"]: e.get("value") for e in container["env"]}
        files = {k: v for k, v in env.items() if k.startswith("TLS_")}
        assert files and all(v.startswith(mount["mountPath"] + "/") for v in files.values())
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        if component == "workers":
            # The client side of mutual TLS; its own status port stays plaintext.
            assert set(files) == {"TLS_CA_FILE", "TLS_CLIENT_CERT_FILE", "TLS_CLIENT_KEY_FILE"}
            assert "health" not in ports
        else:
            # Both the gateway (requireClientCert) and the backends ask for a client certificate.
            assert set(files) == {"TLS_CERT_FILE", "TLS_KEY_FILE", "TLS_CLIENT_CA_FILE"}
            assert env[f"{component.upper()}_HEALTH_LISTEN_ADDR"] == f"0.0.0.0:{ports['health']}"
            assert container["readinessProbe"]["grpc"]["port"] == ports["health"] != ports["grpc"]
    # Without TLS nothing of it is rendered.
    gateway = chart.named(rendered["default"], "Deployment", chart.component_name("gateway"))
    assert "TLS_CERT_FILE" not in {
        e["name"] for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]
    }


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook(
    rendered: dict[str, list[Manifest]],
) -> None:
    manifests = rendered["default"]
    job = chart.named(manifests, "Job", chart.component_name("migrate"))
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "pre-install,pre-upgrade"
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["python", "-m", "codingintel.store.migrate"]
    assert container["image"].startswith("codingintel-orchestrator:")
    # What the hook needs exists before it: its own account and copy of the URL.
    for kind in ("ServiceAccount", "Secret"):
        hooked = chart.named(manifests, kind, chart.component_name("migrate"))
        assert hooked["metadata"]["annotations"]["helm.sh/hook"] == annotations["helm.sh/hook"]
        assert int(hooked["metadata"]["annotations"]["helm.sh/hook-weight"]) < int(
            annotations["helm.sh/hook-weight"]
        )
    assert not [m for m in rendered["dev"] if m["kind"] == "Job"]


# --- network policies ---------------------------------------------------------------

NAMESPACE_LABELS = {"kubernetes.io/metadata.name": chart.NAMESPACE}


def _peer_selects(peer: dict[str, Any], labels: dict[str, str]) -> bool:
    if "ipBlock" in peer:
        return False  # pods are reached by selectors here
    if "namespaceSelector" in peer and not chart.selects(
        peer["namespaceSelector"], NAMESPACE_LABELS
    ):
        return False
    return chart.selects(peer.get("podSelector", {}), labels)


def _rule_allows(rule: dict[str, Any], side: str, labels: dict[str, str], port: int) -> bool:
    ports = rule.get("ports")
    if ports and not any(p.get("port") == port for p in ports):
        return False
    peers = rule.get(side)
    return peers is None or any(_peer_selects(peer, labels) for peer in peers)


def _allowed(policies: list[Manifest], source: Manifest, target: Manifest, port: int) -> bool:
    """Whether a connection from one pod template to another on a port is allowed."""
    src = source["metadata"]["labels"]
    dst = target["metadata"]["labels"]
    egress = [
        p for p in policies if chart.selects(p["spec"]["podSelector"], src)
        and "Egress" in p["spec"]["policyTypes"]
    ]  # fmt: skip
    ingress = [
        p for p in policies if chart.selects(p["spec"]["podSelector"], dst)
        and "Ingress" in p["spec"]["policyTypes"]
    ]  # fmt: skip
    out = not egress or any(
        _rule_allows(rule, "to", dst, port) for p in egress for rule in p["spec"].get("egress", [])
    )
    into = not ingress or any(
        _rule_allows(rule, "from", src, port)
        for p in ingress
        for rule in p["spec"].get("ingress", [])
    )
    return out and into


@pytest.mark.parametrize("name", SETS)
def test_every_pod_is_selected_by_a_network_policy(
    name: str, rendered: dict[str, list[Manifest]]
) -> None:
    manifests = rendered[name]
    policies = chart.by_kind(manifests, "NetworkPolicy")
    deny = chart.named(manifests, "NetworkPolicy", "ci-codingintel-default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    for workload, template in chart.pod_specs(manifests):
        labels = template["metadata"]["labels"]
        selecting = [p for p in policies if chart.selects(p["spec"]["podSelector"], labels)]
        assert deny in selecting, workload["metadata"]["name"]
        # And a policy of its own, that opens what it needs.
        assert len(selecting) >= 2, workload["metadata"]["name"]


@pytest.mark.parametrize("name", SETS)
def test_network_policies_open_only_the_designed_edges(
    name: str, rendered: dict[str, list[Manifest]]
) -> None:
    manifests = rendered[name]
    policies = chart.by_kind(manifests, "NetworkPolicy")
    pods = {
        t["metadata"]["labels"]["app.kubernetes.io/component"]: t
        for _, t in chart.pod_specs(manifests)
    }
    edges = set()
    for source, source_pod in pods.items():
        for target, target_pod in pods.items():
            for container in target_pod["spec"]["containers"]:
                for port in container.get("ports", []):
                    if source != target and _allowed(
                        policies, source_pod, target_pod, port["containerPort"]
                    ):
                        edges.add((source, target, port["name"]))
    expected = {
        ("workers", "phi", "grpc"),
        ("workers", "coding", "grpc"),
        ("workers", "analysis", "grpc"),
    }
    if name == "dev":
        for client in ("gateway", "workers"):
            expected |= {(client, "postgres", "postgres"), (client, "redis", "redis")}
    assert edges == expected

    # Clients reach the gateway's gRPC port; Prometheus every metrics port.
    caller = {"metadata": {"labels": {"app": "billing"}}}
    prometheus = {"metadata": {"labels": {"app.kubernetes.io/name": "prometheus"}}}
    gateway_port: dict[str, Any] = pods["gateway"]["spec"]["containers"][0]["ports"][0]
    if name != "prod":  # prod lets only the billing namespace in
        assert _allowed(policies, caller, pods["gateway"], gateway_port["containerPort"])
    for component in COMPONENTS:
        metrics_port = next(
            p["containerPort"]
            for p in pods[component]["spec"]["containers"][0]["ports"]
            if p["name"] == "metrics"
        )
        if name != "prod":
            assert _allowed(policies, prometheus, pods[component], metrics_port), component
    # The phi service never reaches an external API unless its backend is Comprehend.
    phi_policy = chart.named(manifests, "NetworkPolicy", chart.component_name("phi"))
    external = [
        r for r in phi_policy["spec"]["egress"] if any(p["port"] == 443 for p in r.get("ports", []))
    ]
    assert bool(external) == (chart.values(name).get("phi", {}).get("backend") == "comprehend")


# --- autoscaling --------------------------------------------------------------------


@pytest.fixture
def real_queue() -> Iterator[str]:
    """A queue on the real Redis holding one message the way the gateway sends it."""
    name = f"deploy_{uuid.uuid4().hex[:8]}"
    broker = queue.make_broker(REDIS_URL)
    queue.enqueue_report(broker, name, str(uuid.uuid4()))
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"dramatiq:{name}*"))
    if keys:
        client.delete(*keys)
    client.close()
    broker.close()


def _trigger(scaled: Manifest, kind: str) -> dict[str, Any]:
    triggers: list[dict[str, Any]] = scaled["spec"]["triggers"]
    (trigger,) = [t for t in triggers if t["type"] == kind]
    return trigger


def test_keda_triggers_use_the_exported_metric_and_the_list_the_workers_consume(
    real_queue: str,
) -> None:
    values = chart.values("keda")
    values.setdefault("config", {})["queueName"] = real_queue
    manifests = chart.render(values)
    scaled = chart.named(manifests, "ScaledObject", chart.component_name("workers"))
    spec = scaled["spec"]
    autoscaling = values["workers"]["autoscaling"]
    assert spec["scaleTargetRef"]["name"] == chart.component_name("workers")
    assert chart.named(manifests, "Deployment", spec["scaleTargetRef"]["name"])
    assert spec["minReplicaCount"] == autoscaling["minReplicas"] >= 1
    assert spec["maxReplicaCount"] == autoscaling["maxReplicas"]
    assert spec["cooldownPeriod"] == autoscaling["cooldownSeconds"]
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] == autoscaling["cooldownSeconds"]

    # The metric the orchestrator exports, read from the real queue.
    client = redis.Redis.from_url(REDIS_URL)
    families = list(metrics.QueueDepthCollector(client, real_queue).collect())
    depth = next(f for f in families if f.name == "codingintel_queue_depth")
    (sample,) = depth.samples
    assert sample.value == 1 and sample.labels == {"queue": real_queue}

    prometheus = _trigger(scaled, "prometheus")
    assert prometheus["metricType"] == "AverageValue"
    assert prometheus["metadata"]["threshold"] == str(autoscaling["targetPerPod"])
    query = prometheus["metadata"]["query"]
    match = re.fullmatch(r"max\((\w+)\{(.*)\}\)", query)
    assert match is not None, query
    assert match.group(1) == depth.name
    matchers = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
    assert matchers == {"queue": real_queue, "namespace": chart.NAMESPACE}

    # The Redis trigger counts the very list the message went to.
    redis_trigger = _trigger(scaled, "redis")
    list_name = redis_trigger["metadata"]["listName"]
    assert client.type(list_name) == b"list" and client.llen(list_name) == 1
    assert redis_trigger["metadata"]["listLength"] == str(autoscaling["targetPerPod"])
    assert redis_trigger["metadata"]["enableTLS"] == "true"
    auth = chart.named(
        manifests, "TriggerAuthentication", redis_trigger["authenticationRef"]["name"]
    )
    (ref,) = auth["spec"]["secretTargetRef"]
    assert ref == {"parameter": "password", "name": "ci-codingintel", "key": "redis-password"}
    client.close()
    # No HPA of the chart's own competes with KEDA's for the workers.
    assert chart.component_name("workers") not in {
        m["metadata"]["name"] for m in chart.by_kind(manifests, "HorizontalPodAutoscaler")
    }


def test_default_queue_name_is_the_services_default(rendered: dict[str, list[Manifest]]) -> None:
    configmap = chart.named(rendered["default"], "ConfigMap", "ci-codingintel")
    assert configmap["data"]["QUEUE_NAME"] == QueueSettings.model_fields["queue_name"].default
    workers = chart.named(rendered["default"], "Deployment", chart.component_name("workers"))
    env = _env(workers["spec"]["template"]["spec"]["containers"][0], configmap)
    assert env["WORKER_THREADS"] == str(
        chart.values("default").get("workers", {}).get("threads", 16)
    )


def test_hpa_external_scales_workers_on_queue_depth(rendered: dict[str, list[Manifest]]) -> None:
    manifests = rendered["hpa-external"]
    autoscaling = chart.values("hpa-external")["workers"]["autoscaling"]
    hpa = chart.named(manifests, "HorizontalPodAutoscaler", chart.component_name("workers"))
    spec = hpa["spec"]
    assert spec["scaleTargetRef"]["name"] == chart.component_name("workers")
    (metric,) = spec["metrics"]
    assert metric["type"] == "External"
    assert metric["external"]["metric"]["name"] == "codingintel_queue_depth"
    assert metric["external"]["metric"]["selector"]["matchLabels"] == {"queue": "reports-eu"}
    assert metric["external"]["target"] == {
        "type": "AverageValue",
        "averageValue": str(autoscaling["targetPerPod"]),
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 12)
    assert spec["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 180
    assert not chart.by_kind(manifests, "ScaledObject")
    # The workers' Deployment leaves replicas to the autoscaler.
    workers = chart.named(manifests, "Deployment", chart.component_name("workers"))
    assert "replicas" not in workers["spec"]


@pytest.mark.parametrize("name", SETS)
def test_cpu_autoscaling_and_disruption_budgets(
    name: str, rendered: dict[str, list[Manifest]]
) -> None:
    manifests = rendered[name]
    values = chart.values(name)
    hpas = {m["metadata"]["name"]: m for m in chart.by_kind(manifests, "HorizontalPodAutoscaler")}
    for component in ("gateway", "phi", "coding", "analysis"):
        enabled = values.get(component, {}).get("autoscaling", {}).get("enabled", True)
        hpa = hpas.get(chart.component_name(component))
        assert (hpa is not None) == enabled, component
        if hpa is not None:
            (metric,) = hpa["spec"]["metrics"]
            assert metric["resource"]["name"] == "cpu"
    for component in COMPONENTS:
        pdb = chart.named(manifests, "PodDisruptionBudget", chart.component_name(component))
        deployment = chart.named(manifests, "Deployment", chart.component_name(component))
        assert (
            pdb["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
        )
        # A node drain can always evict one pod, even at the fewest replicas.
        fewest = deployment["spec"].get("replicas")
        for scaler in manifests:
            if scaler["kind"] not in {"HorizontalPodAutoscaler", "ScaledObject"}:
                continue
            if scaler["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]:
                spec = scaler["spec"]
                fewest = spec.get("minReplicas", spec.get("minReplicaCount"))
        assert isinstance(fewest, int), component
        if "maxUnavailable" in pdb["spec"]:
            assert pdb["spec"]["maxUnavailable"] >= 1, component
        else:
            assert fewest - pdb["spec"]["minAvailable"] >= 1, component


# --- observability ------------------------------------------------------------------


def test_prometheus_rule_is_the_repository_alerts_file(rendered: dict[str, list[Manifest]]) -> None:
    repo = chart.ROOT / "deploy" / "observability"
    # Helm reads only files inside the chart: the chart keeps copies, which must not drift.
    assert sync_chart_files.stale() == [], "run python tests/deploy/sync_chart_files.py"
    for name in ("keda", "prod"):
        rule = chart.named(rendered[name], "PrometheusRule", "ci-codingintel")
        assert rule["spec"] == yaml.safe_load((repo / "alerts.yaml").read_text())
        dashboard = chart.named(rendered[name], "ConfigMap", "ci-codingintel-dashboard")
        assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
        (text,) = dashboard["data"].values()
        assert json.loads(text) == json.loads((repo / "grafana-dashboard.json").read_text())
    assert not chart.by_kind(rendered["default"], "PrometheusRule")


def test_service_monitor_names_jobs_as_the_alerts_expect(
    rendered: dict[str, list[Manifest]],
) -> None:
    manifests = rendered["keda"]
    monitor = chart.named(manifests, "ServiceMonitor", "ci-codingintel")
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] == "metrics"
    jobs = set()
    for service in chart.by_kind(manifests, "Service"):
        labels = service["metadata"]["labels"]
        if chart.selects(monitor["spec"]["selector"], labels):
            assert "metrics" in {p["name"] for p in service["spec"]["ports"]}
            jobs.add(labels[monitor["spec"]["jobLabel"]])
    # The alert rules' and the dashboard's job names (codingintel-<component>).
    assert jobs == {f"codingintel-{c}" for c in metrics.DEFAULT_PORTS}


def test_tracing_endpoint_reaches_every_service(rendered: dict[str, list[Manifest]]) -> None:
    configmap = chart.named(rendered["hpa-external"], "ConfigMap", "ci-codingintel")
    assert (
        configmap["data"]["OTEL_EXPORTER_OTLP_ENDPOINT"]
        == "http://jaeger-collector.observability:4318"
    )
    assert (
        "OTEL_EXPORTER_OTLP_ENDPOINT"
        not in chart.named(rendered["default"], "ConfigMap", "ci-codingintel")["data"]
    )


# --- values.schema.json -------------------------------------------------------------

BAD_VALUES: dict[str, dict[str, Any]] = {
    "unknown top-level key": {"replicaCount": 3},
    "unknown pull policy": {"image": {"pullPolicy": "Sometimes"}},
    "workers scaled to zero": {"workers": {"autoscaling": {"minReplicas": 0}}},
    "threads as text": {"workers": {"threads": "sixteen"}},
    "port out of range": {"redis": {"port": 70000}},
    "a Dramatiq delay-queue name": {"config": {"queueName": "reports.DQ"}},
    "writable root filesystem": {"securityContext": {"readOnlyRootFilesystem": False}},
    "root allowed": {"podSecurityContext": {"runAsNonRoot": False}},
    "unknown analysis backend": {"analysis": {"backend": "gpt"}},
    "comprehend without a region": {"phi": {"backend": "comprehend"}},
    "openai without key or endpoint": {"analysis": {"backend": "openai"}},
    "token in clear instead of its hash": {
        "auth": {"tokens": [{"sha256": "my-token", "tenant": "t", "scopes": ["reports"]}]}
    },
    "unknown scope": {
        "auth": {"tokens": [{"sha256": "a" * 64, "tenant": "t", "scopes": ["root"]}]}
    },
    "KEDA with no trigger": {
        "workers": {
            "autoscaling": {
                "keda": {
                    "enabled": True,
                    "prometheus": {"enabled": False},
                    "redis": {"enabled": False},
                }
            }
        }
    },
    "not a PostgreSQL URL": {"database": {"url": "mysql://db/codingintel"}},
    "no database at all": {"database": {"url": "", "existingSecret": ""}},
    "limits missing": {"gateway": {"resources": {"limits": None}}},
    "OTLP endpoint without scheme": {"observability": {"otlp": {"endpoint": "jaeger:4318"}}},
    "lower-case extra variable": {"config": {"extraEnv": {"log_level": "DEBUG"}}},
    "password that breaks the URL": {"redis": {"password": "p@ss/word"}},
    "digest that is a tag": {"image": {"digests": {"gateway": "latest"}}},
    "unknown component digest": {"image": {"digests": {"worker": "sha256:" + "a" * 64}}},
    "internal TLS on one side only": {"tls": {"internal": {"serverSecretName": "backends-tls"}}},
    "client certificates without TLS": {"tls": {"gateway": {"requireClientCert": True}}},
    "capability added": {
        "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_ADMIN"]}}
    },
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_values_schema_rejects(case: str) -> None:
    with pytest.raises(helm_python.HelmValuesError):
        chart.validate_schema(BAD_VALUES[case])


def test_values_schema_accepts_every_values_file() -> None:
    assert len(BAD_VALUES) >= 10
    for name in SETS:
        chart.validate_schema(chart.values(name))


# --- documentation ------------------------------------------------------------------


def _leaves(values: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in values.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value and key not in {"seccompProfile", "capabilities"}:
            if key in {"requests", "limits"}:
                yield path
                continue
            yield from _leaves(value, path)
        else:
            yield path


def test_readme_documents_every_value() -> None:
    readme = (chart.CHART / "README.md").read_text()
    defaults = yaml.safe_load((chart.CHART / "values.yaml").read_text())
    missing = []
    for path in _leaves(defaults):
        generic = re.sub(r"^(gateway|workers|phi|coding|analysis)\.", "<component>.", path)
        parts = path.split(".")
        # A row names the key in full, or lists it after its group (`a.b`, `.c.d`).
        names = {f"`{path}`", f"`{generic}`"} | {
            f"`.{'.'.join(parts[i:])}`" for i in range(1, len(parts))
        }
        if not any(name in readme for name in names):
            missing.append(path)
    assert missing == []
    assert "helm install" in readme and "values-dev.yaml" in readme


def test_every_values_key_is_used_by_a_template() -> None:
    """A value no template reads would be a setting that silently does nothing."""
    defaults = yaml.safe_load((chart.CHART / "values.yaml").read_text())
    templates = "".join(p.read_text() for p in (chart.CHART / "templates").iterdir())
    # Passed to Kubernetes whole (toYaml): the object is what a template reads.
    whole = re.compile(r"^(.*?\b(podSecurityContext|securityContext|resources))\b")
    for path in _leaves(defaults):
        match = whole.match(path)
        last = (match.group(1) if match else path).rsplit(".", 1)[-1]
        assert re.search(rf"\.{re.escape(last)}\b", templates), path
