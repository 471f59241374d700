"""Mosaic's engines: pure-Python algorithms with explanations. Never import Django here."""
