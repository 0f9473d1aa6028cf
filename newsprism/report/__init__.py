"""The static report: the explorer's pages written to disk, working offline from file://."""

from newsprism.report.build import build_report

__all__ = ["build_report"]
