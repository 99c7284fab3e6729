"""The pages people use at the meeting (Simplified Chinese, server-rendered, no CDN).

Structure comes from Jinja2 templates; the interactive parts are small scripts that call the
JSON API with the meeting token the QR code carried (`#token=…`, then `Authorization`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from app.addresses import public_base
from app.audit.replay import publish_anchor
from app.deps import ElectionId, Reader, SessionDep, SettingsDep
from app.elections.service import election_public, get_election
from app.errors import AppError, NotFound
from app.nomination.models import MEETING_ZH
from app.nomination.record import kinds_of, load, nomination_posts, require_kind
from app.people.models import EDUCATION_LEVELS, POLITICAL_STATUSES, RELATION_ZH, SITTING_ZH
from app.roll.service import attendance_now, attendance_public
from app.rounds.counts import void_reason
from app.rounds.service import rounds_of
from app.rounds.states import STATE_ZH
from app.settings import DEFAULT_TIMEZONE
from app.timeutil import local_text
from app.ui import pages
from app.ui.qr import qr_svg
from ballots.documents.result_view import (
    has_carried,
    nobody_text,
    rule_text,
    status_text,
    votes_text,
)
from counting.rules import COMMITTEE_BODIES, rules_for

HERE = Path(__file__).parent
STATIC = HERE / "static"
STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".txt": "text/plain",
                ".svg": "image/svg+xml"}



def _paths(request: Request) -> dict[str, Any]:
    """Links as paths, not absolute URLs: the hall's LAN address may differ from Host."""
    return {"path_for": request.app.url_path_for,
            "static": lambda name: request.app.url_path_for("ui_static", path=name)}


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_paths])
router = APIRouter(include_in_schema=False)


def _json(value: Any) -> Markup:
    """JSON for a <script type="application/json"> block (no `</` can close the tag)."""
    text = json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
    return Markup(text)  # escaped above for the script context


templates.env.filters["tojson_script"] = _json
templates.env.globals["state_zh"] = lambda state: STATE_ZH.get(state, state)


@pass_context
def _local_time(context: Any, moment: datetime | None) -> str:
    """A stored (UTC) time as people read it: in JIPIAO_TIMEZONE."""
    request = context.get("request")
    zone = request.app.state.settings.timezone if request is not None else DEFAULT_TIMEZONE
    return local_text(moment, zone)


templates.env.globals["local_time"] = _local_time
templates.env.globals["void_reason"] = void_reason  # RULES.md §5: one sentence on every page
# Links and QR codes carry the address tablets reach (never localhost on a hall's LAN).
templates.env.globals["public_base"] = lambda request: public_base(
    request, request.app.state.settings.public_url)
# A result reads on the public page as on the printed 报告单 (ballots/documents/result_view.py).
templates.env.globals.update(status_text=status_text, votes_text=votes_text,
                             nobody_text=nobody_text, has_carried=has_carried,
                             rule_text=rule_text)


def page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A page that could not be shown, said in Chinese (e.g. /p/999: 找不到这场选举)."""
    if status == 422:  # a page's address with a malformed id
        message = "网址有误，找不到该页面"
    return templates.TemplateResponse(request, "error.html",
                                      {"status": status, "message": message},
                                      status_code=status)


@router.get("/ui/static/{path:path}", name="ui_static")
def ui_static(path: str) -> FileResponse:
    target = (STATIC / path).resolve()
    if STATIC.resolve() not in target.parents or not target.is_file():
        raise NotFound("找不到该文件", code="static_not_found")
    media = STATIC_TYPES.get(target.suffix, "application/octet-stream")
    return FileResponse(target, media_type=media, headers={"Cache-Control": "no-cache"})


@router.get("/ui/qr.svg", name="ui_qr")
def ui_qr(data: Annotated[str, Query(min_length=1, max_length=1000)]) -> Response:
    """A QR code for a link (drawn here: the hall may have no internet)."""
    return Response(qr_svg(data), media_type="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@router.get("/", response_class=HTMLResponse, name="ui_home")
def home(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    # In production the home page is public: it lists only published elections.
    production = settings.environment == "production"
    return page(request, "home.html", production=production,
                rows=pages.election_rows(session=session, published_only=production))


@router.get("/new", response_class=HTMLResponse, name="ui_new")
def new_election(request: Request) -> HTMLResponse:
    return page(request, "new.html", bodies=pages.BODY_ZH)


def _election_context(session: SessionDep, election_id: int) -> dict[str, Any]:
    election = get_election(session=session, election_id=election_id)
    rnd = pages.latest_round(session=session, election_id=election_id)
    return {"election": election, "rnd": rnd, "body_zh": pages.BODY_ZH.get(election.body, "")}


@router.get("/e/{election_id}", response_class=HTMLResponse, name="ui_organise")
def organise(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    ctx = _election_context(session, election_id)
    election = ctx["election"]
    public = election_public(session=session, election=election)
    rules = rules_for(election.body, election.rules)
    # RULES.md §3: 委托投票 in 村/居 elections, not in 居民代表 mode (add_proxy decides).
    proxies = (election.body in COMMITTEE_BODIES and rules.electorate_mode != "representatives")
    # RULES.md §2, indirect mode: the 党员大会's result makes the first plenary.
    plenary = election.body == "party_branch" and rules.secretary_mode == "indirect"
    # One meeting, several ballots: the election whose roll and sign-in this one shares.
    roll_owner = (get_election(session=session, election_id=election.roll_of)
                  if election.roll_of else None)
    return page(request, "organise.html", posts=public.posts, kinds=pages.KIND_ZH,
                max_proxies=rules.max_proxies_per_holder if proxies else None,
                plenary=plenary, roll_owner=roll_owner,
                more_ballots=roll_owner is None and election.body != "party_plenary",
                education_levels=EDUCATION_LEVELS, political_statuses=POLITICAL_STATUSES,
                relation_kinds=RELATION_ZH, sitting=SITTING_ZH, **ctx)


@router.get("/e/{election_id}/nominate", response_class=HTMLResponse, name="ui_nominate")
def nominate(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    """The organiser's 两推/海推 (CAMPAIGN.md §1): meetings, 党委名单, ranked table, decision."""
    ctx = _election_context(session, election_id)
    election = ctx["election"]
    require_kind(election)
    public = election_public(session=session, election=election)
    limits = {p.id: p.limit for p in nomination_posts(load(session=session, election=election,
                                                           ballots=False))}
    return page(request, "nominate.html", posts=public.posts, limits=limits,
                kinds=[(k, MEETING_ZH[k]) for k in kinds_of(election)], **ctx)


@router.get("/e/{election_id}/appraise", response_class=HTMLResponse, name="ui_appraise")
def appraise(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    """The organiser's 民主测评 and 信任票 (CAMPAIGN.md §2): settings, entry, the result."""
    return page(request, "appraise.html", **_election_context(session, election_id))


def _counting_page(request: Request, session: SessionDep, election_id: int,
                   template: str) -> HTMLResponse:
    """A page over the ballot sheet of the round being counted (a notice when none is)."""
    ctx = _election_context(session, election_id)
    rnd = ctx["rnd"]
    sheet = None
    if rnd is not None and rnd.state == "counting":
        sheet = pages.clerk_sheet(session=session, election=ctx["election"], rnd=rnd)
    return page(request, template, sheet=sheet, **ctx)


@router.get("/e/{election_id}/clerk", response_class=HTMLResponse, name="ui_clerk")
def clerk(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    return _counting_page(request, session, election_id, "clerk.html")


@router.get("/e/{election_id}/totals", response_class=HTMLResponse, name="ui_totals")
def totals(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    """Hand-counted 正字 sheets entered as totals (RECORD.md `totals`), by a 计票人."""
    return _counting_page(request, session, election_id, "totals.html")


@router.get("/e/{election_id}/scrutineer", response_class=HTMLResponse, name="ui_scrutineer")
def scrutineer(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    return _counting_page(request, session, election_id, "scrutineer.html")


@router.get("/e/{election_id}/review", response_class=HTMLResponse, name="ui_review")
def review(request: Request, session: SessionDep, election_id: ElectionId,
           department: Annotated[str, Query(min_length=1, max_length=16)] = "") -> HTMLResponse:
    """资格联审 by one department (CAMPAIGN.md §3); its token decides what it may sign."""
    return page(request, "review.html", department=department,
                **_election_context(session, election_id))
@router.get("/e/{election_id}/signin", response_class=HTMLResponse, name="ui_signin")
def signin(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    """签到台: one of the door desks (a 签到台 link, or the organiser's own)."""
    return page(request, "signin.html", **_election_context(session, election_id))


@router.get("/e/{election_id}/board", response_class=HTMLResponse, name="ui_board")
def board(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    return page(request, "board.html", **_election_context(session, election_id))


@router.get("/p/{election_id}", response_class=HTMLResponse, name="ui_public")
def public(request: Request, session: SessionDep, election_id: ElectionId) -> HTMLResponse:
    election = get_election(session=session, election_id=election_id)
    # A void round is on the public page too, saying why (RULES.md §5).
    history = [r for r in rounds_of(session=session, election_id=election_id)
               if r.state in ("published", "void")]
    published = [r for r in history if r.state == "published"]
    names = pages.candidate_names(session=session, election_id=election_id)
    latest = pages.latest_round(session=session, election_id=election_id)
    # 公开唱票、计票: while a round is counted, its running tally is public (app/live).
    live_round = latest if latest is not None and latest.state == "counting" else None
    # RULES.md §3 — the 委托投票 list is public once a round is published (from its record).
    proxies = (json.loads(published[-1].published_record).get("election", {}).get("proxies", [])
               if published and published[-1].published_record else [])
    return page(request, "public.html", election=election, rounds=published, names=names,
                history=history, void_reasons={r.id: void_reason(r) for r in history},
                proxies=proxies, live_round=live_round,
                posts=pages.post_names(session=session, election_id=election_id),
                body_zh=pages.BODY_ZH.get(election.body, ""), kinds=pages.KIND_ZH,
                anchors={r.id: publish_anchor(session=session, election_id=election_id,
                                              round_key=r.key) for r in published})


@router.get("/ui/e/{election_id}/attendance", response_class=HTMLResponse,
            name="ui_attendance")
def attendance_panel(request: Request, session: SessionDep, election_id: ElectionId,
                     _actor: Reader) -> HTMLResponse:
    """签到 panel (htmx partial): 实到 as the roll stands and the quorum verdict; once the
    latest round is past its 核对, that round's 实到 first (it never moves) and the roll's
    sign-ins beside it."""
    election = get_election(session=session, election_id=election_id)
    summary = attendance_public(session=session, election=election)
    rnd = pages.latest_round(session=session, election_id=election_id)
    gates: list[pages.GateView] = []
    problem = note = None
    rules = rules_for(election.body, election.rules)
    # RULES.md §3 — in 户代表 mode the roll counts households.
    unit = "户" if rules.electorate_mode == "households" else "人"
    if election.body in COMMITTEE_BODIES and summary.registered:
        # RULES.md §3 — 参加投票 is the ballots returned, known when the boxes are opened:
        # no verdict on sign-ins (a village votes all day at several places).
        share = "三分之二以上" if rules.turnout_ratio != (1, 2) else "过半数"
        note = (f"选举是否有效，以收回的选票计：参加投票须达登记{summary.registered}{unit}"
                f"的{share}；签到可选，不影响发出选票")
    elif summary.present or summary.entitled or summary.registered:
        try:
            gates = pages.quorum_preview(
                session=session, election=election,
                attendance=attendance_now(session=session, election=election), rnd=rnd)
        except AppError as err:
            problem = err.message
    else:
        problem = "名册中还没有有选举权的人，请先录入名册"
    checked = pages.checked_attendance(election, rnd)
    if checked is not None:
        gates = []  # RULES.md §2: the round was judged on its 核对, shown with the round
    return page(request, "_attendance.html", summary=summary, gates=gates, problem=problem,
                unit=unit, note=note, checked=checked, rnd=rnd)
