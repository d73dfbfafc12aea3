"""Run the coding service: `codingintel-coding` or `python -m codingintel_coding`."""

from __future__ import annotations

import asyncio

import grpc

from codingintel import grpc_server, logs, settings
from codingintel.coding.v1 import coding_pb2, coding_pb2_grpc

from . import backends
from .matching import check_dictionary
from .service import CodingService
from .settings import CodingSettings


def main() -> None:
    config = settings.load(CodingSettings)
    logs.setup("coding", config.log_level)
    check_dictionary()
    backend = backends.create(config)

    def register(server: grpc.aio.Server) -> None:
        coding_pb2_grpc.add_CodingServiceServicer_to_server(CodingService(backend), server)

    asyncio.run(
        grpc_server.serve(
            listen_addr=config.coding_listen_addr,
            service_names=[coding_pb2.DESCRIPTOR.services_by_name["CodingService"].full_name],
            register=register,
            grace_seconds=config.shutdown_grace_seconds,
            on_stop=backend.close,
            component="coding",
        )
    )


if __name__ == "__main__":
    main()
