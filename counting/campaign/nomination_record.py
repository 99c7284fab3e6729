"""Reading a `jipiao.nomination/1` record (docs/nomination-record.md): JSON in, a validated
`RecommendationRecord` (两推, party) or `DirectRecord` (海推, 村/居委会) out.

A record whose numbers cannot be true is refused with the JSON pointer and the problem,
the same way as RECORD.md's election record (counting/reading.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn, cast

from counting.campaign.direct import (
    DEFAULT_JOINT_SIGNERS,
    FORM_KINDS,
    DirectRules,
    FormKind,
    JointForm,
    PreselectionVote,
)
from counting.campaign.naming import NamingBallot, NamingTotals, NominationPost
from counting.campaign.recommendation import (
    MEETING_KINDS,
    THRESHOLD_MODES,
    Meeting,
    MeetingKind,
    RecommendationRules,
    ThresholdMode,
    default_recommend_limit,
)
from counting.people import Person
from counting.reading import (
    as_count,
    as_list,
    as_object,
    as_text,
    fail,
    no_such_post,
    normalize_name,
    person_fields,
    pointer,
    pointer_join,
    required,
    unique_ids,
)
from counting.rules import DEFAULT_POST_SURPLUS

NOMINATION_FORMAT = "jipiao.nomination/1"
PARTY_ROLES = ("secretary", "deputy_secretary", "member")
COMMITTEE_ROLES = ("chair", "vice_chair", "member")
NOMINATION_BODIES = ("party_branch", "villagers_committee", "residents_committee")


@dataclass(frozen=True, slots=True)
class RecommendationRecord:
    """两推 (CAMPAIGN.md §1): the two recommendation meetings and the 党委's list."""

    title: str
    posts: tuple[NominationPost, ...]
    people: Mapping[str, Person]
    rules: RecommendationRules
    meetings: tuple[Meeting, ...]
    committee_list: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class DirectRecord:
    """海推 (CAMPAIGN.md §1): the nomination ballots of a 村/居委会, and 联名/自荐 forms."""

    title: str
    body: str
    posts: tuple[NominationPost, ...]
    people: Mapping[str, Person]
    rules: DirectRules
    ballots_returned: int
    ballots: tuple[NamingBallot, ...] | None
    totals: Mapping[str, NamingTotals] | None
    forms: tuple[JointForm, ...]
    roll: Mapping[str, frozenset[str]]
    preselections: tuple[PreselectionVote, ...] = ()


NominationRecord = RecommendationRecord | DirectRecord


def parse_nomination_record(data: object) -> NominationRecord:
    """Validate a `jipiao.nomination/1` document (already `json.loads`ed)."""
    doc = as_object(data, "")
    fmt = required(doc, "format", "")
    if fmt != NOMINATION_FORMAT:
        fail(
            "/format",
            f"不支持的格式“{fmt}”，应为“{NOMINATION_FORMAT}”",
            f"unsupported format {fmt!r}",
        )
    election = as_object(required(doc, "election", ""), "/election")
    body = required(election, "body", "/election")
    if body not in NOMINATION_BODIES:
        fail(
            "/election/body",
            f"未知的提名类型“{body}”，应为 party_branch（两推）、villagers_committee 或 "
            "residents_committee（海推）",
            f"unknown body {body!r}",
        )
    title = election.get("title", "")
    if not isinstance(title, str):
        fail("/election/title", "应为字符串", "must be a string")
    rules = as_object(election.get("rules", {}), "/election/rules")
    party = body == "party_branch"
    posts = _posts(as_list(required(doc, "posts", ""), "/posts"), party)
    people = _people(as_list(required(doc, "people", ""), "/people"))
    if party:
        if "preselections" in doc:
            fail("/preselections", "两推没有预选", "a recommendation record has no 预选")
        return RecommendationRecord(
            title,
            posts,
            people,
            _recommendation_rules(rules),
            _meetings(doc, posts, people),
            _committee_list(doc.get("committee_list", {}), posts, people),
        )
    for key in ("meetings", "committee_list"):
        if key in doc:
            fail(
                pointer(key),
                "村/居委会直接提名（海推）没有推荐会议或党委名单",
                f"a direct nomination record has no {key!r}",
            )
    direct_rules = _direct_rules(rules)
    returned, ballots, totals = _naming_content(doc, "", posts, people)
    roll = _roll(doc.get("roll", {}))
    forms = _forms(doc.get("forms", []), body, posts, people, roll)
    preselections = _preselections(doc.get("preselections", []), posts, people)
    return DirectRecord(
        title,
        body,
        posts,
        people,
        direct_rules,
        returned,
        ballots,
        totals,
        forms,
        roll,
        preselections,
    )


def _posts(raw: list[Any], party: bool) -> tuple[NominationPost, ...]:
    roles = PARTY_ROLES if party else COMMITTEE_ROLES
    posts = []
    for i, item in enumerate(raw):
        ptr = pointer("posts", i)
        p = as_object(item, ptr)
        pid = as_text(required(p, "id", ptr), ptr + "/id")
        name = as_text(required(p, "name", ptr), ptr + "/name")
        seats = as_count(required(p, "seats", ptr), ptr + "/seats", least=1)
        role = p.get("role", pid if pid in roles else "member")
        if role not in roles:
            fail(
                ptr + "/role",
                f"职位角色“{role}”不适用，应为：{'、'.join(roles)}",
                f"role {role!r} must be one of {', '.join(roles)}",
            )
        if party:
            limit = as_count(
                p.get("recommend_limit", default_recommend_limit(role, seats)),
                ptr + "/recommend_limit",
                least=1,
            )
        else:
            if "recommend_limit" in p:
                # CAMPAIGN.md §1 — 海推: up to `seats` names per post.
                fail(
                    ptr + "/recommend_limit",
                    "直接提名（海推）每张提名票每个职位最多提名应选名额数，不另设人数",
                    "a direct nomination names up to the seats; no recommend_limit",
                )
            limit = seats
        posts.append(NominationPost(pid, name, role, seats, limit))
    if not posts:
        fail("/posts", "至少需要一个职位", "at least one post is required")
    unique_ids([p.id for p in posts], "/posts", "职位")
    return tuple(posts)


def _people(raw: list[Any]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for i, item in enumerate(raw):
        ptr = pointer("people", i)
        p = as_object(item, ptr)
        pid = as_text(required(p, "id", ptr), ptr + "/id")
        name, surname, gender = person_fields(p, ptr)
        if pid in people:
            fail(ptr + "/id", f"人员编号“{pid}”重复", f"duplicate id {pid!r}")
        people[pid] = Person(name, pid, surname, gender)
    return people


def no_such_person(ptr: str, person_id: object) -> NoReturn:
    fail(ptr, f"没有编号为“{person_id}”的人员（people）", f"no person with id {person_id!r}")


# --- rules ----------------------------------------------------------------------------------


def _rule_keys(rules: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in rules:
        if key not in known:
            fail(
                pointer("election", "rules", key),
                f"未知的规则设置“{key}”",
                f"unknown rule key {key!r}",
            )


def _recommendation_rules(rules: Mapping[str, Any]) -> RecommendationRules:
    _rule_keys(rules, ("weights", "nominee_threshold", "nominee_surplus_percent"))
    default = RecommendationRules()
    weights = dict(default.weights)
    if "weights" in rules:
        ptr = "/election/rules/weights"
        for kind, w in as_object(rules["weights"], ptr).items():
            if kind not in MEETING_KINDS:
                fail(
                    pointer_join(ptr, kind),
                    f"未知的推荐会议“{kind}”，应为 representatives 或 members",
                    f"unknown meeting {kind!r}: use representatives or members",
                )
            weights[kind] = as_count(w, pointer_join(ptr, kind))
        if not any(weights.values()):
            fail(ptr, "权重不能全为0", "the weights cannot all be 0")
    mode = rules.get("nominee_threshold", default.nominee_threshold)
    if mode not in THRESHOLD_MODES:
        fail(
            "/election/rules/nominee_threshold",
            f"规则“nominee_threshold”只能取：{'、'.join(THRESHOLD_MODES)}",
            f"nominee_threshold must be one of {', '.join(THRESHOLD_MODES)}",
        )
    percent = as_count(
        rules.get("nominee_surplus_percent", default.nominee_surplus_percent),
        "/election/rules/nominee_surplus_percent",
    )
    return RecommendationRules(weights, cast(ThresholdMode, mode), percent)


def _direct_rules(rules: Mapping[str, Any]) -> DirectRules:
    _rule_keys(rules, ("member_candidates", "joint_signers"))
    low, high = DEFAULT_POST_SURPLUS["member"]
    extra = rules.get("member_candidates", DirectRules().member_candidates)
    if not (isinstance(extra, int) and not isinstance(extra, bool) and low <= extra <= high):
        # RULES.md §3 — 委员 candidates: seats + 1 to seats + 3.
        fail(
            "/election/rules/member_candidates",
            f"委员候选人应比应选名额多{low}至{high}人，“member_candidates”应为{low}至{high}的整数",
            f"member_candidates must be an integer from {low} to {high}",
        )
    signers = dict(DEFAULT_JOINT_SIGNERS)
    ptr = "/election/rules/joint_signers"
    for kind, n in as_object(rules.get("joint_signers", {}), ptr).items():
        if kind not in signers:
            fail(
                pointer_join(ptr, kind),
                f"未知的联名方式“{kind}”，应为：{'、'.join(DEFAULT_JOINT_SIGNERS)}",
                f"unknown joint nomination kind {kind!r}",
            )
        signers[kind] = as_count(n, pointer_join(ptr, kind), least=1)
    return DirectRules(extra, signers)


# --- meetings, ballots, totals -------------------------------------------------------------


def _meetings(
    doc: Mapping[str, Any], posts: tuple[NominationPost, ...], people: Mapping[str, Person]
) -> tuple[Meeting, ...]:
    raw = as_list(required(doc, "meetings", ""), "/meetings")
    meetings: dict[str, Meeting] = {}
    for i, item in enumerate(raw):
        ptr = pointer("meetings", i)
        m = as_object(item, ptr)
        kind = required(m, "kind", ptr)
        if kind not in MEETING_KINDS:
            fail(
                ptr + "/kind",
                f"未知的推荐会议“{kind}”，应为 representatives（群众推荐）或 members（党员推荐）",
                f"unknown meeting kind {kind!r}",
            )
        if kind in meetings:
            fail(ptr + "/kind", f"推荐会议“{kind}”重复", f"meeting {kind!r} is given twice")
        expected = as_count(required(m, "expected", ptr), ptr + "/expected", least=1)
        present = as_count(required(m, "present", ptr), ptr + "/present")
        if present > expected:
            fail(
                ptr + "/present",
                f"实到{present}人多于应到{expected}人",
                f"present {present} exceeds expected {expected}",
            )
        returned, ballots, totals = _naming_content(m, ptr, posts, people)
        issued = as_count(m.get("ballots_issued", returned), ptr + "/ballots_issued")
        meetings[kind] = Meeting(
            cast(MeetingKind, kind), expected, present, issued, returned, ballots, totals
        )
    for kind in MEETING_KINDS:
        if kind not in meetings:
            # CAMPAIGN.md §1 — 两推: 群众推荐 and 党员推荐.
            fail(
                "/meetings",
                f"缺少推荐会议“{kind}”：两推须有群众推荐（representatives）和党员推荐（members）",
                f"the meeting {kind!r} is missing",
            )
    return tuple(meetings[k] for k in MEETING_KINDS)


def _naming_content(
    obj: Mapping[str, Any],
    ptr: str,
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
) -> tuple[int, tuple[NamingBallot, ...] | None, Mapping[str, NamingTotals] | None]:
    """(ballots_returned, ballots, totals): per-ballot entries or hand-counted totals."""
    if ("ballots" in obj) == ("totals" in obj):
        fail(
            ptr,
            "须给出“ballots”（逐张）或“totals”（汇总）之一",
            'give exactly one of "ballots" or "totals"',
        )
    if "ballots" in obj:
        ballots = _ballots(
            as_list(obj["ballots"], ptr + "/ballots"), ptr + "/ballots", posts, people
        )
        returned = as_count(obj.get("ballots_returned", len(ballots)), ptr + "/ballots_returned")
        if returned != len(ballots):
            fail(
                ptr + "/ballots_returned",
                f"收回{returned}张，但列出的票有{len(ballots)}张",
                f"ballots_returned is {returned} but {len(ballots)} ballots are listed",
            )
        return returned, ballots, None
    returned = as_count(required(obj, "ballots_returned", ptr), ptr + "/ballots_returned")
    totals = _totals(
        as_object(obj["totals"], ptr + "/totals"), ptr + "/totals", returned, posts, people
    )
    return returned, None, totals


def _ballots(
    raw: list[Any], ptr: str, posts: tuple[NominationPost, ...], people: Mapping[str, Person]
) -> tuple[NamingBallot, ...]:
    post_ids = {p.id for p in posts}
    ballots = []
    for i, item in enumerate(raw):
        bptr = pointer_join(ptr, i)
        b = as_object(item, bptr)
        void = b.get("void", False)
        if not isinstance(void, bool):
            fail(bptr + "/void", "应为 true 或 false", "must be true or false")
        names: dict[str, tuple[str, ...]] = {}
        for post_id, section in as_object(b.get("names", {}), bptr + "/names").items():
            sptr = pointer_join(bptr, "names", post_id)
            if post_id not in post_ids:
                no_such_post(sptr, post_id)
            ids = as_list(section, sptr)
            for j, pid in enumerate(ids):
                if not isinstance(pid, str) or pid not in people:
                    no_such_person(pointer_join(sptr, j), pid)
                if pid in ids[:j]:
                    fail(
                        pointer_join(sptr, j),
                        f"同一职位重复填写“{people[pid].name}”",
                        f"{pid!r} is named twice for this post",
                    )
            names[post_id] = tuple(ids)
        ballots.append(NamingBallot(names, void))
    return tuple(ballots)


def _totals(
    raw: Mapping[str, Any],
    ptr: str,
    returned: int,
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
) -> dict[str, NamingTotals]:
    by_id = {p.id: p for p in posts}
    for post_id in raw:
        if post_id not in by_id:
            no_such_post(pointer_join(ptr, post_id), post_id)
    out = {}
    for post in posts:
        tptr = pointer_join(ptr, post.id)
        invalid, votes = _hand_count(required(raw, post.id, ptr), tptr, returned, people)
        valid = returned - invalid
        if sum(votes.values()) > post.limit * valid:
            # CAMPAIGN.md §1 — at most `limit` names on each valid section.
            fail(
                tptr + "/votes",
                f"得票合计{sum(votes.values())}票，多于有效票{valid}张乘每票最多{post.limit}人",
                f"{sum(votes.values())} votes exceed {valid} valid sections × {post.limit}",
            )
        out[post.id] = NamingTotals(invalid, votes)
    return out


def _hand_count(
    raw: object, ptr: str, returned: int, people: Mapping[str, Person]
) -> tuple[int, dict[str, int]]:
    """`{"invalid", "votes": {person id: n}}` counted by hand from `returned` ballots: no more
    invalid than returned, nobody over the valid ones."""
    t = as_object(raw, ptr)
    invalid = as_count(t.get("invalid", 0), ptr + "/invalid")
    if invalid > returned:
        fail(
            ptr + "/invalid",
            f"无效{invalid}份多于收回的{returned}张",
            f"invalid {invalid} exceeds {returned} returned",
        )
    valid = returned - invalid
    votes: dict[str, int] = {}
    for pid, n in as_object(t.get("votes", {}), ptr + "/votes").items():
        vptr = pointer_join(ptr, "votes", pid)
        if pid not in people:
            no_such_person(vptr, pid)
        votes[pid] = as_count(n, vptr)
        if votes[pid] > valid:
            fail(
                vptr,
                f"“{people[pid].name}”得{votes[pid]}票，多于有效票{valid}张",
                f"{votes[pid]} votes exceed {valid} valid sections",
            )
    return invalid, votes


def _committee_list(
    raw: object, posts: tuple[NominationPost, ...], people: Mapping[str, Person]
) -> dict[str, tuple[str, ...]]:
    """CAMPAIGN.md §1 — the 乡镇/街道党委's own list, shown beside the result."""
    ptr = "/committee_list"
    post_ids = {p.id for p in posts}
    out = {}
    for post_id, ids in as_object(raw, ptr).items():
        lptr = pointer_join(ptr, post_id)
        if post_id not in post_ids:
            no_such_post(lptr, post_id)
        listed = as_list(ids, lptr)
        for j, pid in enumerate(listed):
            if not isinstance(pid, str) or pid not in people:
                no_such_person(pointer_join(lptr, j), pid)
        if len(set(listed)) != len(listed):
            fail(lptr, "名单中人员重复", "a person is listed twice")
        out[post_id] = tuple(listed)
    return out


# --- 联名 forms -------------------------------------------------------------------------------


def _roll(raw: object) -> dict[str, frozenset[str]]:
    """Who may sign a 联名 form, per kind: registered voters, 户代表, 居民小组代表."""
    out = {}
    for kind, items in as_object(raw, "/roll").items():
        rptr = pointer("roll", kind)
        if kind not in DEFAULT_JOINT_SIGNERS:
            fail(rptr, f"未知的名册“{kind}”", f"unknown roll {kind!r}")
        out[kind] = frozenset(
            normalize_name(as_text(x, pointer_join(rptr, j)))
            for j, x in enumerate(as_list(items, rptr))
        )
    return out


def _preselections(
    raw: object, posts: tuple[NominationPost, ...], people: Mapping[str, Person]
) -> tuple[PreselectionVote, ...]:
    """CAMPAIGN.md §1 — the 预选 held, in order, each counted by hand: `post`,
    `ballots_returned` and `totals` {`invalid`, `votes` by person id}."""
    post_ids = {p.id for p in posts}
    out = []
    for i, item in enumerate(as_list(raw, "/preselections")):
        ptr = pointer("preselections", i)
        v = as_object(item, ptr)
        post_id = required(v, "post", ptr)
        if not isinstance(post_id, str) or post_id not in post_ids:
            no_such_post(ptr + "/post", post_id)
        returned = as_count(required(v, "ballots_returned", ptr), ptr + "/ballots_returned")
        invalid, votes = _hand_count(required(v, "totals", ptr), ptr + "/totals", returned, people)
        out.append(PreselectionVote(post_id, returned, invalid, votes))
    return tuple(out)


def _forms(
    raw: object,
    body: str,
    posts: tuple[NominationPost, ...],
    people: Mapping[str, Person],
    roll: Mapping[str, frozenset[str]],
) -> tuple[JointForm, ...]:
    items = as_list(raw, "/forms")
    if items and body != "residents_committee":
        # CAMPAIGN.md §1 — 居委会 may also nominate by 联名 or 自荐.
        fail(
            "/forms", "只有居民委员会可以联名推荐或自荐", "only a residents' committee takes forms"
        )
    post_ids = {p.id for p in posts}
    forms = []
    for i, item in enumerate(items):
        ptr = pointer("forms", i)
        f = as_object(item, ptr)
        post_id = required(f, "post", ptr)
        if not isinstance(post_id, str) or post_id not in post_ids:
            no_such_post(ptr + "/post", post_id)
        pid = required(f, "person", ptr)
        if not isinstance(pid, str) or pid not in people:
            no_such_person(ptr + "/person", pid)
        kind = required(f, "kind", ptr)
        if kind not in FORM_KINDS:
            fail(
                ptr + "/kind",
                f"未知的提名方式“{kind}”，应为：{'、'.join(FORM_KINDS)}",
                f"unknown form kind {kind!r}",
            )
        signers = as_list(f.get("signers", []), ptr + "/signers")
        if kind == "self" and signers:
            fail(ptr + "/signers", "自荐不需要联名人", "a self-nomination has no signers")
        names = []
        for j, s in enumerate(signers):
            sptr = pointer_join(ptr, "signers", j)
            name = normalize_name(as_text(s, sptr))
            if name not in roll.get(kind, frozenset()):
                # CAMPAIGN.md §1 — only registered signers count; anyone else is an error.
                fail(
                    sptr,
                    f"联名人“{name}”不在登记名册（roll/{kind}）中",
                    f"signer {name!r} is not on the roll {kind!r}",
                )
            names.append(name)
        forms.append(JointForm(post_id, pid, cast(FormKind, kind), tuple(names)))
    return tuple(forms)
