"""Load and query benchmarks for Hipflex: `make bench` runs bench/run.py."""
