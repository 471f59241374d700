"""Internals of the conduct engine; import from ``engines.conduct`` instead."""
