"""codingintel gateway service."""
