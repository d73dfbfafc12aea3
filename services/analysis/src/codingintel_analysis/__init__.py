"""codingintel analysis service."""
