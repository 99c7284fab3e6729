"""Statistics of a 换届 (CAMPAIGN.md §4): pure, stdlib only, integers, no I/O.

Counts per unit (`unit_counts`), rolled up the organisation tree (`tree_counts`); every
figure a ratio of counts (`figures`), beside the previous term's where entered; the county
summary text and the 民政 roster.
"""

from stats.counts import (
    COUNT_KEYS,
    Counts,
    age_on,
    one_shoulder_missed,
    previous_counts,
    roll_up,
    total,
    tree_counts,
    unit_counts,
)
from stats.figures import SPECS, Figure, figures
from stats.model import BODY_GROUP, Election, Person, Seat, Unit
from stats.roster import ROSTER_HEADINGS, RosterRow, roster
from stats.summary import summary_text

__all__ = [
    "BODY_GROUP", "COUNT_KEYS", "ROSTER_HEADINGS", "SPECS", "Counts", "Election", "Figure",
    "Person", "RosterRow", "Seat", "Unit", "age_on", "figures", "one_shoulder_missed",
    "previous_counts", "roll_up", "roster", "summary_text", "total", "tree_counts", "unit_counts",
]
