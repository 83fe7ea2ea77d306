"""Benchmarks: generated data sets, an exact MILP, and scripts that time the app (not part of the tests)."""
