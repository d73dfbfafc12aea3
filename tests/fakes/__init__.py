"""Local stand-ins for the external APIs we do not own (AWS Comprehend Medical, an
OpenAI-compatible chat API): small real HTTP servers on loopback that record what they
receive, and throttle, fail or stall on request."""
