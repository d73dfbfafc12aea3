"""codingintel phi service."""
