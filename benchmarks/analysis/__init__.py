"""Analysis core vs red-dwarf: ``python -m benchmarks.analysis --data DIR``."""
