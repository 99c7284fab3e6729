"""The printed documents: plain data (RECORD.md record and result JSON) in, PDF bytes out.

    render_ballots(record, round_id, *, copies, options)           选票
    render_next_round_ballots(record, result, *, copies, options)  选票 for the round asked for
    render_tally_sheet(record, round_id, *, options)               唱票记录表 / 计票单
    render_report(record, result, *, round_id, options)            选举结果报告单 (one round)
    render_election_report(record, result, *, options)             报告单 of every round
    render_announcement(record, result, *, options)                当选公告

Errors are `ballots.errors.DocumentError` (stable `code`) and `counting.RecordError`.
"""

from ballots.documents.announcement import AnnouncementOptions, render_announcement
from ballots.documents.ballot import render_ballots, render_next_round_ballots
from ballots.documents.report import ReportOptions, render_election_report, render_report
from ballots.documents.tally_sheet import TallyOptions, render_tally_sheet

__all__ = [
    "AnnouncementOptions",
    "ReportOptions",
    "TallyOptions",
    "render_announcement",
    "render_ballots",
    "render_election_report",
    "render_next_round_ballots",
    "render_report",
    "render_tally_sheet",
]
