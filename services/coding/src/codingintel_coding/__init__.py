"""codingintel coding service."""
