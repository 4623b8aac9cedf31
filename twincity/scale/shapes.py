"""The sizes `seed-scale` builds and the generated logins the benchmark uses."""

from __future__ import annotations

from dataclasses import dataclass

from twincity.home.demo_data import PASSWORD as PASSWORD


@dataclass(frozen=True)
class Size:
    """How much of each thing one size holds (progress reports follow from the history:
    about ten per item, two sides reporting to a round each quarter)."""

    name: str
    units: int
    users: int
    series: int
    items: int
    projects: int


SIZES = {
    size.name: size
    for size in (
        Size("tiny", units=50, users=40, series=3, items=48, projects=24),
        Size("S", units=60, users=100, series=5, items=1_000, projects=300),
        Size("M", units=400, users=400, series=15, items=10_000, projects=1_000),
        Size("L", units=1_500, users=1_000, series=50, items=100_000, projects=3_000),
    )
}

# Deterministic logins: the busiest lead unit's liaison and head come first.
OFFICE = "scale-office"
LIAISON = "scale-liaison-0001"
HEAD = "scale-head-0001"
LEADER = "scale-leader"
WG_LEAD = "scale-wglead-01"
LOGINS = {"office": OFFICE, "liaison": LIAISON, "head": HEAD, "leader": LEADER}
