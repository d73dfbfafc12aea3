"""Run the analysis service: `codingintel-analysis` or `python -m codingintel_analysis`."""

from __future__ import annotations

import asyncio

import grpc

from codingintel import grpc_server, logs, settings
from codingintel.analysis.v1 import analysis_pb2, analysis_pb2_grpc

from . import backends
from .service import AnalysisService
from .settings import AnalysisSettings


def main() -> None:
    config = settings.load(AnalysisSettings)
    logs.setup("analysis", config.log_level)
    backend = backends.create(config)

    def register(server: grpc.aio.Server) -> None:
        analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(AnalysisService(backend), server)

    asyncio.run(
        grpc_server.serve(
            listen_addr=config.analysis_listen_addr,
            service_names=[analysis_pb2.DESCRIPTOR.services_by_name["AnalysisService"].full_name],
            register=register,
            grace_seconds=config.shutdown_grace_seconds,
            on_stop=backend.close,
            component="analysis",
        )
    )


if __name__ == "__main__":
    main()
