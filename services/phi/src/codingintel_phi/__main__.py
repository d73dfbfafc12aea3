"""Run the phi service: `codingintel-phi` or `python -m codingintel_phi`."""

from __future__ import annotations

import asyncio

import grpc

from codingintel import grpc_server, logs, settings
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc

from . import backends
from .service import PhiService
from .settings import PhiSettings


def main() -> None:
    config = settings.load(PhiSettings)
    logs.setup("phi", config.log_level)
    backend = backends.create(config)

    def register(server: grpc.aio.Server) -> None:
        phi_pb2_grpc.add_PhiServiceServicer_to_server(PhiService(backend), server)

    asyncio.run(
        grpc_server.serve(
            listen_addr=config.phi_listen_addr,
            service_names=[phi_pb2.DESCRIPTOR.services_by_name["PhiService"].full_name],
            register=register,
            grace_seconds=config.shutdown_grace_seconds,
            on_stop=backend.close,
            component="phi",
        )
    )


if __name__ == "__main__":
    main()
