"""Appraisal votes (CAMPAIGN.md §2): 民主测评 of the outgoing 班子, 入户调查 coverage, and
信任票 on prospective candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from counting.gates import Check, percent_text
from counting.rules import Fraction

OptionKind = Literal["satisfied", "neutral", "dissatisfied"]
OPTION_KINDS: tuple[OptionKind, ...] = ("satisfied", "neutral", "dissatisfied")
INVALID_MARK = "invalid"  # a section marked twice or unreadable


@dataclass(frozen=True, slots=True)
class AppraisalOption:
    label: str
    kind: OptionKind  # what the option counts toward: 满意率, nothing, 不满意率


# CAMPAIGN.md §2 ⚙ appraisal_options: 满意/基本满意/不满意 (default) or 优秀/称职/基本称职/不称职.
OPTION_SCALES: Mapping[str, tuple[AppraisalOption, ...]] = {
    "satisfaction": (
        AppraisalOption("满意", "satisfied"),
        AppraisalOption("基本满意", "satisfied"),
        AppraisalOption("不满意", "dissatisfied"),
    ),
    "competence": (
        AppraisalOption("优秀", "satisfied"),
        AppraisalOption("称职", "satisfied"),
        AppraisalOption("基本称职", "satisfied"),
        AppraisalOption("不称职", "dissatisfied"),
    ),
}


@dataclass(frozen=True, slots=True)
class AppraisalRules:
    options: tuple[AppraisalOption, ...] = OPTION_SCALES["satisfaction"]
    dissatisfied_flag: Fraction = (1, 3)  # CAMPAIGN.md §2: 不满意超过三分之一


@dataclass(frozen=True, slots=True)
class Subject:
    """Who is appraised or voted on: the 班子 as a whole or one person."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class AppraisalBallot:
    """One 测评表: an option label per subject (or `invalid`); a subject left out is blank."""

    marks: Mapping[str, str] = field(default_factory=dict)
    void: bool = False


@dataclass(frozen=True, slots=True)
class AppraisalTotals:
    """Hand-counted totals of one subject: count per option label, invalid sections."""

    counts: Mapping[str, int] = field(default_factory=dict)
    invalid: int = 0


@dataclass(frozen=True, slots=True)
class SubjectAppraisal:
    subject: Subject
    counts: Mapping[str, int]  # per option label, in the options' order
    valid: int  # sections marked with exactly one option
    invalid: int
    blank: int
    satisfied: int
    dissatisfied: int
    flagged: bool  # CAMPAIGN.md §2 ⚙ dissatisfied_flag: 不宜继续提名, the organiser decides

    @property
    def satisfied_rate(self) -> str | None:
        return percent_text(self.satisfied, self.valid) if self.valid else None

    @property
    def dissatisfied_rate(self) -> str | None:
        return percent_text(self.dissatisfied, self.valid) if self.valid else None


def dissatisfied_flagged(dissatisfied: int, valid: int, flag: Fraction) -> bool:
    """CAMPAIGN.md §2 — flagged when 不满意 > flag·valid (3·不满意 > valid by default)."""
    num, den = flag
    return den * dissatisfied > num * valid


def tally_appraisal(
    subjects: tuple[Subject, ...],
    rules: AppraisalRules,
    ballots_returned: int,
    ballots: Iterable[AppraisalBallot] | None = None,
    totals: Mapping[str, AppraisalTotals] | None = None,
) -> tuple[SubjectAppraisal, ...]:
    """民主测评 per subject (CAMPAIGN.md §2): counts, 满意率 (满意 + 基本满意) / valid,
    不满意率, and the flag. Per-ballot entries or hand-counted totals."""
    if ballots is not None:
        totals = appraisal_totals(subjects, ballots)
    assert totals is not None, "an appraisal gives its ballots or its totals"
    kinds = {o.label: o.kind for o in rules.options}
    out = []
    for subject in subjects:
        t = totals.get(subject.id, AppraisalTotals())
        counts = {o.label: t.counts.get(o.label, 0) for o in rules.options}
        valid = sum(counts.values())
        satisfied = sum(n for label, n in counts.items() if kinds[label] == "satisfied")
        dissatisfied = sum(n for label, n in counts.items() if kinds[label] == "dissatisfied")
        out.append(
            SubjectAppraisal(
                subject,
                counts,
                valid,
                t.invalid,
                ballots_returned - valid - t.invalid,
                satisfied,
                dissatisfied,
                dissatisfied_flagged(dissatisfied, valid, rules.dissatisfied_flag),
            )
        )
    return tuple(out)


def appraisal_totals(
    subjects: tuple[Subject, ...], ballots: Iterable[AppraisalBallot]
) -> dict[str, AppraisalTotals]:
    """Per-ballot 测评表 summed per subject; a void ballot makes every section invalid."""
    counts: dict[str, dict[str, int]] = {s.id: {} for s in subjects}
    invalid = dict.fromkeys(counts, 0)
    for ballot in ballots:
        for sid in counts:
            mark = ballot.marks.get(sid)
            if ballot.void or mark == INVALID_MARK:
                invalid[sid] += 1
            elif mark is not None:
                counts[sid][mark] = counts[sid].get(mark, 0) + 1
    return {sid: AppraisalTotals(counts[sid], invalid[sid]) for sid in counts}


@dataclass(frozen=True, slots=True)
class Survey:
    households: int
    surveyed: int


def survey_check(survey: Survey) -> Check:
    """CAMPAIGN.md §2 — 入户调查 coverage: 5·surveyed ≥ 3·households (不低于 60 %)."""
    ok = 5 * survey.surveyed >= 3 * survey.households
    least = -(-3 * survey.households // 5)
    share = percent_text(survey.surveyed, survey.households) if survey.households else "—"
    return Check(
        "survey_coverage",
        ok,
        survey.surveyed,
        least,
        f"入户调查{survey.surveyed}户，占{survey.households}户的{share}，"
        + ("达到" if ok else "未达到")
        + f"不低于60%（至少{least}户）的要求",
    )


TrustMark = Literal["trust", "distrust", "abstain"]
TRUST_MARKS: tuple[TrustMark, ...] = ("trust", "distrust", "abstain")


@dataclass(frozen=True, slots=True)
class TrustBallot:
    """One 信任票: a mark per person; a person left out is 弃权."""

    marks: Mapping[str, TrustMark] = field(default_factory=dict)
    void: bool = False


@dataclass(frozen=True, slots=True)
class TrustTotals:
    trust: int = 0
    distrust: int = 0


@dataclass(frozen=True, slots=True)
class TrustRow:
    subject: Subject
    trust: int
    distrust: int
    abstain: int  # the rest of the returned ballots, void ones included
    trusted: bool
    ballots_returned: int

    @property
    def trust_rate(self) -> str | None:
        return percent_text(self.trust, self.ballots_returned) if self.ballots_returned else None


def trusted(trust: int, ballots_returned: int) -> bool:
    """CAMPAIGN.md §2 — trusted when 2·信任 > ballots_returned."""
    return 2 * trust > ballots_returned


def tally_trust_vote(
    subjects: tuple[Subject, ...],
    ballots_returned: int,
    ballots: Iterable[TrustBallot] | None = None,
    totals: Mapping[str, TrustTotals] | None = None,
) -> tuple[TrustRow, ...]:
    """信任票 per person (CAMPAIGN.md §2): 信任 / 不信任 / 弃权 and whether trusted."""
    if ballots is not None:
        totals = trust_totals(subjects, ballots)
    assert totals is not None, "a trust vote gives its ballots or its totals"
    rows = []
    for subject in subjects:
        t = totals.get(subject.id, TrustTotals())
        rows.append(
            TrustRow(
                subject,
                t.trust,
                t.distrust,
                ballots_returned - t.trust - t.distrust,
                trusted(t.trust, ballots_returned),
                ballots_returned,
            )
        )
    return tuple(rows)


def trust_totals(
    subjects: tuple[Subject, ...], ballots: Iterable[TrustBallot]
) -> dict[str, TrustTotals]:
    trust = {s.id: 0 for s in subjects}
    distrust = dict(trust)
    for ballot in ballots:
        if ballot.void:
            continue
        for sid, mark in ballot.marks.items():
            if mark == "trust":
                trust[sid] += 1
            elif mark == "distrust":
                distrust[sid] += 1
    return {sid: TrustTotals(trust[sid], distrust[sid]) for sid in trust}
