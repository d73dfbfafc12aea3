"""codingintel orchestrator service."""
