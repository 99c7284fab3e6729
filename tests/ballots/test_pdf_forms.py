"""签到表, 委托投票 签到表, 候选人/选民名单公示, 委托投票公示, 选票发放收回登记表: people in
姓氏笔画 order, embedded font, deterministic bytes; read back with poppler."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from printkit import IN_STROKE_ORDER, SHUFFLED, page_count, pdf_lines, pdf_words

from ballots.documents.forms import (
    BallotBox,
    FormOptions,
    Person,
    PostList,
    ProxyPair,
    render_ballot_register,
    render_candidate_notice,
    render_proxy_notice,
    render_proxy_sign_in_sheet,
    render_sign_in_sheet,
    render_voter_notice,
)

Text = Callable[..., str]
OPTIONS = FormOptions(title="中共幸福社区支部委员会换届选举", organisation="中共幸福社区支部委员会",
                      issued_on=date(2026, 11, 2), election_date=date(2026, 11, 23))
VILLAGE = FormOptions(title="幸福村第十二届村民委员会换届选举", organisation="幸福村村民选举委员会",
                      issued_on=date(2026, 11, 2), election_date=date(2026, 11, 23))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def order_of(text: str, names: tuple[str, ...]) -> list[int]:
    return [text.index(n) for n in names]


def people() -> list[Person]:
    return [Person(n, kind="预备党员" if n == "文明" else "正式党员", votes=n != "文明")
            for n in SHUFFLED]


def test_sign_in_sheet(pdf_text: Text, pdf_fonts: Callable[[bytes], list[list[str]]]) -> None:
    pdf = render_sign_in_sheet(people(), options=OPTIONS)
    text = squash(pdf_text(pdf))
    found = order_of(text, IN_STROKE_ORDER)
    assert found == sorted(found)
    assert "中共幸福社区支部委员会换届选举签到表" in text
    assert "本人签名" in text and text.count("预备党员") == 1  # 文明's row
    assert "应到人数：7人（另有1名无表决权，不计入应到）" in text
    assert "实到人数：________人" in text
    row = next(t for _, t in pdf_lines(pdf) if t.startswith("4文明"))
    assert row == "4文明预备党员"
    assert all(row[3] == "yes" for row in pdf_fonts(pdf))  # embedded
    assert pdf == render_sign_in_sheet(list(reversed(people())), options=OPTIONS)


def test_sign_in_sheet_of_a_large_roll_pages_with_header_and_totals_last() -> None:
    surnames = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    roll = [Person(s + g + h) for s in surnames for g in "建晓志" for h in "国华明"]
    pdf = render_sign_in_sheet(roll, options=OPTIONS)
    pages = page_count(pdf)
    assert pages > 5
    lines = pdf_lines(pdf)
    for number in range(1, pages + 1):
        text = "".join(t for p, t in lines if p == number)
        assert "序号姓名类别本人签名备注" in text and f"第{number}页共{pages}页" in text
        assert ("应到人数" in text) == (number == pages)
    names = [w.text for w in pdf_words(pdf)]
    assert all(names.count(p.name) == 1 for p in roll)


def test_proxy_sign_in_sheet_and_notice(pdf_text: Text) -> None:
    pairs = [ProxyPair(Person("田野"), Person("冯雪")), ProxyPair(Person("丁一"), Person("叶红")),
             ProxyPair(Person("田野"), Person("马力"))]
    sheet = squash(pdf_text(render_proxy_sign_in_sheet(pairs, options=VILLAGE)))
    assert "幸福村第十二届村民委员会换届选举委托投票签到表" in sheet
    assert sheet.index("1丁一叶红") < sheet.index("2田野马力") < sheet.index("3田野冯雪")
    assert "委托投票共3人次" in sheet
    notice = squash(pdf_text(render_proxy_notice(pairs, options=VILLAGE)))
    assert "委托投票公示" in notice and "1叶红丁一" in notice and "2马力田野" in notice
    assert "幸福村村民选举委员会2026年11月2日" in notice


def test_candidate_and_voter_notices(pdf_text: Text) -> None:
    posts = [PostList("主任", 1, (Person("冯雪"), Person("丁一"))),
             PostList("委员", 3, tuple(Person(n) for n in SHUFFLED[:5]))]
    text = squash(pdf_text(render_candidate_notice(posts, options=VILLAGE)))
    assert "幸福村第十二届村民委员会换届选举候选人名单公示" in text
    assert "主任候选人（应选1名，候选人2名）：丁一冯雪" in text
    assert "委员候选人（应选3名，候选人5名）：丁一王建国方圆田野冯雪" in text
    assert "幸福村村民选举委员会2026年11月2日" in text
    voters = squash(pdf_text(render_voter_notice(people(), options=VILLAGE)))
    found = order_of(voters, IN_STROKE_ORDER)
    assert found == sorted(found)
    assert "共8人" in voters and "本名单应不迟于2026年11月3日公布" in voters


def test_ballot_register_one_form_per_box(pdf_text: Text) -> None:
    boxes = [BallotBox("主会场票箱", "村委会大礼堂"), BallotBox("第一分会场"),
             BallotBox("流动票箱（一）", "三组、四组")]
    pdf = render_ballot_register(boxes, options=VILLAGE)
    assert page_count(pdf) == 3
    for page, box in enumerate(boxes, start=1):
        text = squash(pdf_text(pdf, page=page))
        assert f"票箱：{box.name}" in text and "发出选票" in text and "监票人签名" in text
        assert "总监票人（签名）" in text


def every_form() -> list[bytes]:
    pairs = [ProxyPair(Person("田野"), Person("冯雪"))]
    posts = [PostList("委员", 3, tuple(Person(n) for n in SHUFFLED))]
    return [render_sign_in_sheet(people(), options=OPTIONS),
            render_proxy_sign_in_sheet(pairs, options=VILLAGE),
            render_candidate_notice(posts, options=VILLAGE),
            render_voter_notice(people(), options=VILLAGE),
            render_proxy_notice(pairs, options=VILLAGE),
            render_ballot_register([BallotBox("主会场票箱")], options=VILLAGE)]


def test_every_form_embeds_its_font_and_repeats_its_bytes(
    pdf_fonts: Callable[[bytes], list[list[str]]],
) -> None:
    for first, second in zip(every_form(), every_form(), strict=True):
        assert first == second
        fonts = pdf_fonts(first)
        assert fonts and all(row[-5] == "yes" for row in fonts)  # the emb column
