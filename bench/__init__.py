"""Benchmarks of the verifier against other tools; run them as ``python -m bench.NAME``."""
