"""The counting core of jipiao: RULES.md in code. Pure: standard library only, no I/O.

record = parse_record(json.loads(text))
result = count(record, name_key)           # name_key: 姓氏笔画 order (RULES.md §7)
print(dumps(result_to_json(result)))
"""

from counting.count import NameKey, count, elected_so_far, tally_more, tally_totals
from counting.gates import Check, candidate_checks, round_gates
from counting.judge import judge_ballot
from counting.model import Record
from counting.record import Problem, RecordError, parse_record
from counting.result import Result, dumps, result_to_json
from counting.validity import BallotVerdict, SectionVerdict

__all__ = [
    "BallotVerdict",
    "Check",
    "NameKey",
    "Problem",
    "Record",
    "RecordError",
    "Result",
    "SectionVerdict",
    "candidate_checks",
    "count",
    "dumps",
    "elected_so_far",
    "judge_ballot",
    "parse_record",
    "result_to_json",
    "round_gates",
    "tally_more",
    "tally_totals",
]
