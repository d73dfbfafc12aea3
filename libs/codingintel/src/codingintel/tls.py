"""Transport security: TLS credentials for servers and channels, read from PEM files.

Servers (every service, through grpc_server.serve): TLS_CERT_FILE and TLS_KEY_FILE turn
TLS on; TLS_CLIENT_CA_FILE also requires every caller to present a certificate signed
by that CA (mutual TLS: the backends refuse callers without the internal credential).

The orchestrator's channels to the backends: TLS_CA_FILE (the CA the backends'
certificates are checked against; the system roots when unset) and
TLS_CLIENT_CERT_FILE / TLS_CLIENT_KEY_FILE (the orchestrator's own certificate).

The Python client and the CLI: CODINGINTEL_TLS_CA_FILE, or CODINGINTEL_TLS=true for the
system roots; CODINGINTEL_TLS_CLIENT_CERT_FILE / ..._KEY_FILE when the gateway asks for
a client certificate.

Files are read once at start: a rotated certificate takes effect on restart.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import grpc
from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _check_pem(path: Path | None) -> Path | None:
    """Settings name a readable PEM file, so a typo stops the service at start."""
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValueError(f"cannot read the file ({type(exc).__name__})") from None
        if b"-----BEGIN " not in data:
            raise ValueError("not a PEM file")
    return path


class ServerTlsSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None
    # Callers must present a certificate signed by this CA.
    tls_client_ca_file: Path | None = None

    _files = field_validator("tls_cert_file", "tls_key_file", "tls_client_ca_file")(_check_pem)

    @model_validator(mode="after")
    def _complete(self) -> ServerTlsSettings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("TLS_CERT_FILE and TLS_KEY_FILE go together")
        if self.tls_client_ca_file is not None and self.tls_cert_file is None:
            raise ValueError("TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE")
        return self

    @property
    def enabled(self) -> bool:
        return self.tls_cert_file is not None


class ChannelTlsSettings(BaseSettings):
    """How a service (the orchestrator) reaches the backends."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    tls_ca_file: Path | None = None
    tls_client_cert_file: Path | None = None
    tls_client_key_file: Path | None = None

    _files = field_validator("tls_ca_file", "tls_client_cert_file", "tls_client_key_file")(
        _check_pem
    )

    @model_validator(mode="after")
    def _pair(self) -> ChannelTlsSettings:
        if (self.tls_client_cert_file is None) != (self.tls_client_key_file is None):
            raise ValueError("TLS_CLIENT_CERT_FILE and TLS_CLIENT_KEY_FILE go together")
        return self


class TlsFileError(ValueError):
    """A configured PEM file cannot be used; the message names the variable only."""


def _read_pem(variable: str, path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TlsFileError(f"{variable}: cannot read the file ({type(exc).__name__})") from None
    if b"-----BEGIN " not in data:
        raise TlsFileError(f"{variable}: not a PEM file")
    return data


def server_credentials(config: ServerTlsSettings) -> grpc.ServerCredentials | None:
    """The server's TLS credentials, or None when TLS is off."""
    if not config.enabled:
        return None
    key = _read_pem("TLS_KEY_FILE", config.tls_key_file)
    cert = _read_pem("TLS_CERT_FILE", config.tls_cert_file)
    client_ca = _read_pem("TLS_CLIENT_CA_FILE", config.tls_client_ca_file)
    assert key is not None and cert is not None
    return grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None
    )


def channel_credentials(config: ChannelTlsSettings) -> grpc.ChannelCredentials | None:
    """Credentials for the channels to the backends, or None for plaintext (no TLS
    variable set)."""
    if config.tls_ca_file is None and config.tls_client_cert_file is None:
        return None
    return grpc.ssl_channel_credentials(
        root_certificates=_read_pem("TLS_CA_FILE", config.tls_ca_file),
        private_key=_read_pem("TLS_CLIENT_KEY_FILE", config.tls_client_key_file),
        certificate_chain=_read_pem("TLS_CLIENT_CERT_FILE", config.tls_client_cert_file),
    )


def client_credentials_from_environment() -> grpc.ChannelCredentials | None:
    """The Python client's and the CLI's credentials for the gateway (CODINGINTEL_TLS*),
    or None for plaintext."""
    ca = os.environ.get("CODINGINTEL_TLS_CA_FILE", "").strip()
    cert = os.environ.get("CODINGINTEL_TLS_CLIENT_CERT_FILE", "").strip()
    key = os.environ.get("CODINGINTEL_TLS_CLIENT_KEY_FILE", "").strip()
    wanted = os.environ.get("CODINGINTEL_TLS", "").strip().lower() in ("1", "true", "yes", "on")
    if not (wanted or ca or cert):
        return None
    if bool(cert) != bool(key):
        raise TlsFileError(
            "CODINGINTEL_TLS_CLIENT_CERT_FILE and CODINGINTEL_TLS_CLIENT_KEY_FILE go together"
        )
    return grpc.ssl_channel_credentials(
        root_certificates=_read_pem("CODINGINTEL_TLS_CA_FILE", Path(ca) if ca else None),
        private_key=_read_pem("CODINGINTEL_TLS_CLIENT_KEY_FILE", Path(key) if key else None),
        certificate_chain=_read_pem(
            "CODINGINTEL_TLS_CLIENT_CERT_FILE", Path(cert) if cert else None
        ),
    )


def open_channel(
    address: str,
    credentials: grpc.ChannelCredentials | None,
    *,
    options: Sequence[tuple[str, Any]] = (),
    interceptors: Sequence[Any] | None = None,
) -> grpc.aio.Channel:
    """An aio channel: TLS with credentials, plaintext without."""
    if credentials is None:
        return grpc.aio.insecure_channel(address, options=options, interceptors=interceptors)
    return grpc.aio.secure_channel(address, credentials, options=options, interceptors=interceptors)


def or_exit(error: TlsFileError) -> SystemExit:
    """The configuration-error exit used for a bad setting: one line naming the variable."""
    print(f"configuration error: {error}", file=sys.stderr)
    return SystemExit(2)
