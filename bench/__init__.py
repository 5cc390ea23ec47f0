"""Benchmarks: `python -m bench <name>` prints one JSON document on stdout."""
