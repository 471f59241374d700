"""Internals of the synthetic world generator; use ``engines.synth`` instead."""
