"""Renderers: the stored typed tree as text for people (plain text, and others to come)."""
