"""`make bench`: page, SQL-floor, import, document and load measurements with budgets.

Entry point: `python -m bench.run` (see docs/performance.md). The pure parts (percentiles,
budgets, the results file and its table) live in `stats.py` and `report.py`; the measuring
parts run in subprocesses, one per database, so that each has its own Django settings.
"""
