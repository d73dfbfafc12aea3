"""Transport security over real processes: the gateway serves TLS, the backends accept
only callers with a certificate from the internal CA (mutual TLS), the orchestrator
presents one, and health stays answerable in plaintext on each service's health port.
The certificates are made here, for this run only."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from grpc_health.v1 import health_pb2, health_pb2_grpc

from codingintel.client import ReportsClient
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..support import EXAMPLES, Suite, free_port

BACKENDS = ("phi", "coding", "analysis")


@dataclass
class Issued:
    cert: bytes
    key: bytes


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class Authority:
    """A throwaway certificate authority."""

    def __init__(self, common_name: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name(common_name)
        now = datetime.datetime.now(datetime.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, common_name: str, *, server: bool) -> Issued:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        )
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName("localhost"),
                        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    ]
                ),
                critical=False,
            ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        else:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False
            )
        cert = builder.sign(self.key, hashes.SHA256())
        return Issued(cert.public_bytes(serialization.Encoding.PEM), _pem_key(key))


@dataclass
class Pki:
    ca: Authority
    server: Issued
    orchestrator: Issued
    stranger: Issued  # a client certificate from another CA
    files: dict[str, Path]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca = Authority("codingintel test internal CA")
    server = ca.issue("codingintel services", server=True)
    orchestrator = ca.issue("orchestrator", server=False)
    stranger = Authority("somebody else's CA").issue("orchestrator", server=False)
    files = {
        "ca": ca.pem,
        "server.crt": server.cert,
        "server.key": server.key,
        "orchestrator.crt": orchestrator.cert,
        "orchestrator.key": orchestrator.key,
    }
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    return Pki(ca, server, orchestrator, stranger, paths)


@pytest.fixture(scope="module")
def tls_suite(
    database_url: str, pki: Pki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Suite]:
    files = pki.files
    names = ("gateway", *BACKENDS)
    ports = {f"{name}_health": free_port() for name in names}
    everyone = {
        # Every service serves TLS with the one server certificate (SAN 127.0.0.1).
        "TLS_CERT_FILE": str(files["server.crt"]),
        "TLS_KEY_FILE": str(files["server.key"]),
        **{
            f"{name.upper()}_HEALTH_LISTEN_ADDR": f"127.0.0.1:{ports[f'{name}_health']}"
            for name in names
        },
    }
    service_env = {
        # The backends want a client certificate from the internal CA.
        **{name: {"TLS_CLIENT_CA_FILE": str(files["ca"])} for name in BACKENDS},
        # The orchestrator presents one and checks the backends against the CA.
        "orchestrator": {
            "TLS_CA_FILE": str(files["ca"]),
            "TLS_CLIENT_CERT_FILE": str(files["orchestrator.crt"]),
            "TLS_CLIENT_KEY_FILE": str(files["orchestrator.key"]),
        },
    }
    log_dir = tmp_path_factory.mktemp("tls-logs")
    with Suite(
        database_url, log_dir, env_overrides=everyone, service_env=service_env, ports=ports
    ) as suite:
        yield suite


def deidentify(suite: Suite, credentials: grpc.ChannelCredentials | None) -> grpc.StatusCode:
    """Call the phi service directly, as an intruder on the internal network would."""
    address = f"127.0.0.1:{suite.ports['phi']}"
    channel = (
        grpc.insecure_channel(address)
        if credentials is None
        else grpc.secure_channel(address, credentials)
    )
    with channel:
        stub = phi_pb2_grpc.PhiServiceStub(channel)
        try:
            stub.Deidentify(
                phi_pb2.DeidentifyRequest(notes=[phi_pb2.Note(source="n", text="Seen today.")]),
                timeout=10,
            )
        except grpc.RpcError as exc:
            return exc.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.OK


async def test_a_report_completes_over_tls_and_mutual_tls(
    tls_suite: Suite, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client finds the CA in CODINGINTEL_TLS_CA_FILE, as the CLI does.
    monkeypatch.setenv("CODINGINTEL_TLS_CA_FILE", str(pki.files["ca"]))
    async with ReportsClient(tls_suite.gateway_addr) as client:
        created = await client.create(EXAMPLES[0].read_bytes())
        report = await asyncio.wait_for(client.wait(created.report_id), 120)
    # Every backend answered the orchestrator, over mutual TLS.
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
    assert report.result.icd10_codes and report.result.notes
    assert not report.result.degraded_steps
    assert {"phi_detection", "clinical_filtering", "ai_coding_analysis"} <= set(
        report.result.backends
    )


def test_the_gateway_refuses_plaintext(tls_suite: Suite) -> None:
    with grpc.insecure_channel(tls_suite.gateway_addr) as channel:
        stub = reports_pb2_grpc.ReportServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetReport(reports_pb2.GetReportRequest(report_id="x"), timeout=10)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE


def test_a_backend_refuses_callers_without_the_internal_credential(
    tls_suite: Suite, pki: Pki
) -> None:
    ca = pki.ca.pem
    # Plaintext, TLS without a client certificate, a certificate from another CA.
    assert deidentify(tls_suite, None) == grpc.StatusCode.UNAVAILABLE
    assert deidentify(tls_suite, grpc.ssl_channel_credentials(ca)) == grpc.StatusCode.UNAVAILABLE
    stranger = grpc.ssl_channel_credentials(ca, pki.stranger.key, pki.stranger.cert)
    assert deidentify(tls_suite, stranger) == grpc.StatusCode.UNAVAILABLE
    # The orchestrator's credential is let in: the refusals were about the credential.
    inside = grpc.ssl_channel_credentials(ca, pki.orchestrator.key, pki.orchestrator.cert)
    assert deidentify(tls_suite, inside) == grpc.StatusCode.OK


def test_health_answers_in_plaintext_on_the_health_port_and_over_tls(
    tls_suite: Suite, pki: Pki
) -> None:
    for name in ("gateway", *BACKENDS):
        with grpc.insecure_channel(f"127.0.0.1:{tls_suite.ports[f'{name}_health']}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            answer = health.Check(health_pb2.HealthCheckRequest(), timeout=10)
            assert answer.status == health_pb2.HealthCheckResponse.SERVING, name
            # Health and nothing else: the API is not reachable around TLS.
            with pytest.raises(grpc.RpcError) as caught:
                reports_pb2_grpc.ReportServiceStub(channel).GetReport(
                    reports_pb2.GetReportRequest(report_id="x"), timeout=10
                )
            assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED, name
    credentials = grpc.ssl_channel_credentials(pki.ca.pem)
    with grpc.secure_channel(tls_suite.gateway_addr, credentials) as channel:
        answer = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=10
        )
        assert answer.status == health_pb2.HealthCheckResponse.SERVING


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"TLS_CERT_FILE": "server.crt"}, "TLS_CERT_FILE and TLS_KEY_FILE go together"),
        ({"TLS_CERT_FILE": "server.crt", "TLS_KEY_FILE": "missing.key"}, "TLS_KEY_FILE"),
        ({"TLS_CLIENT_CA_FILE": "ca"}, "TLS_CLIENT_CA_FILE needs TLS_CERT_FILE"),
    ],
)
def test_a_bad_tls_setting_stops_the_service_naming_the_variable(
    pki: Pki, tmp_path: Path, variables: dict[str, str], named: str
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PHI_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
        "PHI_METRICS_PORT": "0",
        **{k: str(pki.files.get(v, tmp_path / v)) for k, v in variables.items()},
    }
    done = subprocess.run(
        [sys.executable, "-m", "codingintel_phi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "configuration error" in done.stderr and named in done.stderr
