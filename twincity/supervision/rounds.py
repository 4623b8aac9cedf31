"""Reporting rounds (调度): open, expected reports, linking submitted reports, close, figures."""

from __future__ import annotations

from twincity.commitments.models import ProgressReport


def attach_report(report: ProgressReport) -> None:
    """Link a just-submitted report to the open round that expects it (if any)."""
    # Filled in by the rounds work; until then, reports are not linked to rounds.
    return None
