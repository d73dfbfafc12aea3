"""OIDC JWTs at a real gateway process: verified against a JWKS file made here (RS256 and
ES256 keys), each refusal with its exact code, the tenant and the principal taken from
the claims, opaque tokens from the token file still accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import jwt
import psycopg
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..support import EXAMPLES, Suite, free_port

ISSUER = "https://login.example.test/realms/codingintel"
AUDIENCE = "codingintel-api"
OPAQUE_TOKEN = "opaque-ops-token"

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ROTATED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
IMPOSTOR_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: Any, kid: str) -> dict[str, Any]:
    if isinstance(key, rsa.RSAPrivateKey):
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        alg = "RS256"
    else:
        jwk = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
        alg = "ES256"
    return {**jwk, "kid": kid, "alg": alg, "use": "sig"}


def write_jwks(path: Path, keys: dict[str, Any]) -> None:
    # A symmetric key in the set must never be used to verify anything.
    secret = base64.urlsafe_b64encode(b"s" * 32).rstrip(b"=").decode()
    document = {
        "keys": [
            *(public_jwk(key, kid) for kid, key in keys.items()),
            {"kty": "oct", "kid": "hmac-1", "k": secret, "alg": "HS256"},
        ]
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(document))
    tmp.replace(path)


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "billing-service",
        "tenant": "acme",
        "scope": "reports",
        "iat": now,
        "exp": now + 300,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def token(key: Any = RSA_KEY, kid: str | None = "rsa-1", alg: str = "RS256", **changes: Any) -> str:
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(claims(**changes), key, algorithm=alg, headers=headers)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], body: dict[str, Any], key: bytes | None = None) -> str:
    """A hand-made JWT: `alg: none`, or an HMAC keyed with whatever `key` is."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(body).encode())}"
    signature = b""
    if key is not None:
        signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture(scope="module")
def jwks_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("oidc") / "jwks.json"
    write_jwks(path, {"rsa-1": RSA_KEY, "ec-1": EC_KEY})
    return path


@pytest.fixture(scope="module")
def gateway(
    database_url: str, jwks_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Suite]:
    folder = tmp_path_factory.mktemp("oidc-gateway")
    tokens = {
        "tokens": [
            {
                "sha256": hashlib.sha256(OPAQUE_TOKEN.encode()).hexdigest(),
                "tenant": "acme",
                "scopes": ["reports", "admin"],
                "name": "ops-console",
            }
        ]
    }
    (folder / "tokens.json").write_text(json.dumps(tokens))
    env = {
        "CODINGINTEL_AUTH_DISABLED": "false",
        "CODINGINTEL_AUTH_TOKENS_FILE": str(folder / "tokens.json"),
        "CODINGINTEL_OIDC_JWKS_FILE": str(jwks_file),
        "CODINGINTEL_OIDC_ISSUER": ISSUER,
        "CODINGINTEL_OIDC_AUDIENCE": AUDIENCE,
    }
    with Suite(database_url, folder, services=("gateway",), env_overrides=env) as suite:
        yield suite


@pytest.fixture(scope="module")
def stub(gateway: Suite) -> Iterator[reports_pb2_grpc.ReportServiceStub]:
    with grpc.insecure_channel(gateway.gateway_addr) as channel:
        yield reports_pb2_grpc.ReportServiceStub(channel)


def code_of(stub: reports_pb2_grpc.ReportServiceStub, bearer: str, admin: bool = False) -> str:
    """The code a GetReport (or GetSystemStatus) call answers with this bearer token;
    NOT_FOUND for GetReport means the caller got through authentication."""
    metadata = (("authorization", f"Bearer {bearer}"),)
    try:
        if admin:
            stub.GetSystemStatus(
                reports_pb2.GetSystemStatusRequest(), metadata=metadata, timeout=15
            )
        else:
            stub.GetReport(
                reports_pb2.GetReportRequest(report_id=str(uuid.uuid4())),
                metadata=metadata,
                timeout=15,
            )
    except grpc.RpcError as exc:
        return str(exc.code().name)
    return "OK"


def test_valid_tokens_are_accepted(stub: reports_pb2_grpc.ReportServiceStub) -> None:
    assert code_of(stub, token()) == "NOT_FOUND"
    assert code_of(stub, token(EC_KEY, "ec-1", "ES256")) == "NOT_FOUND"
    # `scp` as a list, as some providers write it; admin scope opens the admin methods.
    admin = token(EC_KEY, "ec-1", "ES256", scope=None, scp=["reports", "admin"])
    assert code_of(stub, admin, admin=True) == "OK"
    assert code_of(stub, token(scope="openid reports admin"), admin=True) == "OK"
    # Tokens from the token file still work beside OIDC.
    assert code_of(stub, OPAQUE_TOKEN, admin=True) == "OK"


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("expired", lambda: token(exp=int(time.time()) - 120, iat=int(time.time()) - 600)),
        ("not yet valid", lambda: token(nbf=int(time.time()) + 600)),
        ("wrong issuer", lambda: token(iss="https://evil.example.test/")),
        ("wrong audience", lambda: token(aud="another-api")),
        ("no expiry", lambda: token(exp=None)),
        ("no subject", lambda: token(sub=None)),
        ("no tenant claim", lambda: token(tenant=None)),
        ("bad signature", lambda: token(IMPOSTOR_KEY, "rsa-1")),
        ("tampered claims", lambda: tamper(token(), tenant="globex")),
        ("unknown kid", lambda: token(kid="rsa-9")),
        ("no kid with several keys", lambda: token(kid=None)),
        ("algorithm not the key's", lambda: token(EC_KEY, "rsa-1", "ES256")),
        ("alg none", lambda: unsigned({"alg": "none", "kid": "rsa-1"}, claims())),
        (
            "HS256 keyed with the public key",
            lambda: unsigned(
                {"alg": "HS256", "kid": "rsa-1"},
                claims(),
                RSA_KEY.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                ),
            ),
        ),
        (
            "HS256 with the set's symmetric key",
            lambda: unsigned({"alg": "HS256", "kid": "hmac-1"}, claims(), b"s" * 32),
        ),
        ("not a JWT at all", lambda: "abc.def.ghi"),
    ],
)
def test_bad_tokens_are_unauthenticated(
    stub: reports_pb2_grpc.ReportServiceStub, case: str, make: Any
) -> None:
    assert code_of(stub, make()) == "UNAUTHENTICATED", case


def tamper(signed: str, **changes: Any) -> str:
    header, body, signature = signed.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    decoded.update(changes)
    return f"{header}.{b64(json.dumps(decoded).encode())}.{signature}"


def test_a_missing_scope_is_permission_denied(stub: reports_pb2_grpc.ReportServiceStub) -> None:
    assert code_of(stub, token(scope="openid profile")) == "PERMISSION_DENIED"
    assert code_of(stub, token(scope=None)) == "PERMISSION_DENIED"
    assert code_of(stub, token(scope="reports"), admin=True) == "PERMISSION_DENIED"


def test_the_tenant_and_principal_come_from_the_claims(
    stub: reports_pb2_grpc.ReportServiceStub, database_url: str
) -> None:
    subject = f"svc-{uuid.uuid4().hex[:8]}"
    acme = (("authorization", f"Bearer {token(sub=subject)}"),)
    globex = (("authorization", f"Bearer {token(sub=subject, tenant='globex')}"),)
    created = stub.CreateReport(
        reports_pb2.CreateReportRequest(fhir_bundle=EXAMPLES[0].read_bytes()),
        metadata=acme,
        timeout=30,
    )
    got = stub.GetReport(
        reports_pb2.GetReportRequest(report_id=created.report_id), metadata=acme, timeout=15
    )
    assert got.report_id == created.report_id
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetReport(
            reports_pb2.GetReportRequest(report_id=created.report_id), metadata=globex, timeout=15
        )
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    rows: list[tuple[str, ...]] = []
    deadline = time.monotonic() + 10
    while len(rows) < 3 and time.monotonic() < deadline:  # written just behind each call
        with psycopg.connect(database_url) as conn:
            rows = conn.execute(
                "SELECT tenant_id, method, status_code FROM audit_log"
                " WHERE principal = %s ORDER BY id",
                (subject,),
            ).fetchall()
        time.sleep(0.05)
    assert rows == [
        ("acme", "CreateReport", "OK"),
        ("acme", "GetReport", "OK"),
        ("globex", "GetReport", "NOT_FOUND"),
    ]


def test_a_key_added_to_the_file_is_picked_up_without_a_restart(
    stub: reports_pb2_grpc.ReportServiceStub, jwks_file: Path
) -> None:
    rotated = token(ROTATED_KEY, "rsa-2")
    assert code_of(stub, rotated) == "UNAUTHENTICATED"
    write_jwks(jwks_file, {"rsa-1": RSA_KEY, "ec-1": EC_KEY, "rsa-2": ROTATED_KEY})
    deadline = time.monotonic() + 30
    while code_of(stub, rotated) != "NOT_FOUND":
        assert time.monotonic() < deadline, "the new key was never loaded"
        time.sleep(0.5)
    # The old keys still work.
    assert code_of(stub, token()) == "NOT_FOUND"


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"CODINGINTEL_OIDC_ISSUER": ""}, "CODINGINTEL_OIDC_ISSUER"),
        ({"CODINGINTEL_OIDC_JWKS_FILE": "missing.json"}, "CODINGINTEL_OIDC_JWKS_FILE"),
        ({"CODINGINTEL_OIDC_JWKS_FILE": "only-hmac.json"}, "no RS256 or ES256 signing key"),
    ],
)
def test_a_bad_oidc_setting_stops_the_gateway_naming_it(
    tmp_path: Path, jwks_file: Path, changes: dict[str, str], named: str
) -> None:
    (tmp_path / "tokens.json").write_text('{"tokens": []}')
    (tmp_path / "only-hmac.json").write_text(
        json.dumps({"keys": [{"kty": "oct", "kid": "h", "k": "c2VjcmV0"}]})
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "GATEWAY_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
        "GATEWAY_METRICS_PORT": "0",
        "CODINGINTEL_AUTH_TOKENS_FILE": str(tmp_path / "tokens.json"),
        "CODINGINTEL_OIDC_JWKS_FILE": str(jwks_file),
        "CODINGINTEL_OIDC_ISSUER": ISSUER,
        "CODINGINTEL_OIDC_AUDIENCE": AUDIENCE,
        **{k: (str(tmp_path / v) if v.endswith(".json") else v) for k, v in changes.items()},
    }
    done = subprocess.run(
        [sys.executable, "-m", "codingintel_gateway"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "configuration error" in done.stderr and named in done.stderr
