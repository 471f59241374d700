"""Internals of the risk engine. Import from ``engines.risk`` instead."""
