/* 大屏: live counts per candidate from the SSE stream (…/live), the threshold line, who has
 * passed it; after publication the elected and the QR code of the public page. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "board");
  const STATE_ZH = { draft: "准备中", quorum_checked: "已确认到会人数", issued: "已发出选票",
    counting: "计票中", counted: "计票完毕", published: "已公布", void: "本轮投票无效" };
  const KIND_ZH = { regular: "正式选举", tie_break: "重新投票", supplementary: "另行选举" };
  let source = null;
  let roundId = null;
  let roundInfo = null;
  let lastData = null;

  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }

  function status(text, down) {
    const s = document.getElementById("live-status");
    s.textContent = text;
    s.classList.toggle("down", !!down);
  }

  async function findRound() {
    try {
      const rounds = await J.api(token, "GET", "/api/v1/elections/" + eid + "/rounds");
      const last = rounds[rounds.length - 1] || null;
      roundInfo = last;
      if (!last) { status("尚未开始投票"); drawFacts(null); return; }
      if (last.id !== roundId || (!source && last.state === "counting")) {
        roundId = last.id;
        lastData = null;
        connect();
      }
      if (last.state === "published") showPublished(last);
      else {
        document.getElementById("published").classList.add("hidden");
        document.body.classList.remove("is-published");
      }
      if (!source && !lastData) drawFacts(null);
      if (lastData && lastData.final && last.result) draw(lastData);  // the next round's list
    } catch (err) {
      status("无法连接服务器，正在重试…", true);
    }
  }

  let gotEvent = false;
  let pollTimer = null;

  // If the stream stays silent (a proxy that buffers, a broken stream), read live.json instead.
  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(async function () {
      try {
        const data = await J.api(token, "GET", "/api/v1/elections/" + eid + "/rounds/" + roundId + "/live.json");
        status("实时（轮询） · " + J.clock());
        draw(data);
        if (data.final) { stopPolling(); if (source) { source.close(); source = null; } findRound(); }
      } catch (e) { status("无法连接服务器，正在重试…", true); }
    }, 700);
  }
  function stopPolling() { clearInterval(pollTimer); pollTimer = null; }

  function connect() {
    if (source) source.close();
    stopPolling();
    gotEvent = false;
    setTimeout(function () { if (!gotEvent) startPolling(); }, 2500);
    source = new EventSource("/api/v1/elections/" + eid + "/rounds/" + roundId + "/live?token=" + encodeURIComponent(J.currentToken(token)));
    source.addEventListener("tally", function (ev) {
      const data = JSON.parse(ev.data);
      gotEvent = true;
      stopPolling();
      status("实时 · " + J.clock());
      draw(data);
      if (data.final) { source.close(); source = null; findRound(); }
    });
    source.onerror = function () { if (!pollTimer) status("连接中断，正在重连…", true); };
  }

  function drawFacts(data) {
    const facts = document.getElementById("facts");
    facts.textContent = "";
    const r = roundInfo;
    // RULES.md §5 — a void round says why, in the words every page uses.
    const reason = (data && data.void_reason) || (r && r.void_reason) || "";
    const why = document.getElementById("void-reason");
    why.textContent = reason;
    why.classList.toggle("hidden", !reason);
    if (!r) return;
    const bits = [["第" + r.number + "轮 · " + (KIND_ZH[r.kind] || r.kind), null],
                  [((data && data.state !== r.state ? STATE_ZH[data.state] : r.state_zh) || STATE_ZH[r.state] || r.state), null]];
    const turnout = (data && data.turnout) || r.turnout;
    if (turnout) {
      // 村/居 (RULES.md §3): 参加投票 is the ballots returned, never the sign-ins.
      bits.push(["登记选民", turnout.registered]);
      if (turnout.voted != null) bits.push(["参加投票", turnout.voted + "（" + turnout.percent + "）"]);
    } else if (r.attendance && r.attendance.present != null) bits.push(["实到", r.attendance.present]);
    const issued = data ? data.issued : r.ballots_issued;
    const returned = data ? data.returned : r.ballots_returned;
    if (issued != null) bits.push(["发出", issued]);
    if (returned != null) bits.push(["收回", returned]);
    // Boxes counted by hand (正字) are not entered ballot by ballot: count them apart.
    const byHand = data ? (data.boxes || []).filter(function (b) { return b.by_totals; }) : [];
    const handCount = byHand.reduce(function (n, b) { return n + (b.returned || 0); }, 0);
    if (data && !data.final) {
      bits.push(["已计", data.entered + (returned != null ? " / " + (returned - handCount) : "") + " 张" + (byHand.length ? "（另有正字汇总" + handCount + "张）" : "")]);
    }
    bits.forEach(function (b) {
      facts.appendChild(b[1] === null ? J.el("span", { text: b[0] })
        : J.el("span", {}, [b[0] + " ", J.el("b", { text: String(b[1]) })]));
    });
  }

  function draw(data) {
    lastData = data;
    drawFacts(data);
    const box = document.getElementById("posts");
    box.textContent = "";
    let rows = 0;
    Object.keys(data.posts).forEach(function (key) { rows += perColumn(data.posts[key].tally.length) + 2; });
    const next = nextRound(data);
    if (next) rows += next.rows;
    document.documentElement.style.setProperty("--rows", String(Math.max(rows, 8)));
    Object.keys(data.posts).forEach(function (key) {
      const p = data.posts[key];
      const scale = Math.max(data.returned || 0, 1, ...p.tally.map(function (t) { return t.yes; }));
      const head = J.el("h2", {}, [p.name + "（应选" + p.seats + "名）  "]);
      // RULES.md §6.3: a tie-break has no threshold, the most votes win.
      const noLine = data.kind === "tie_break" && p.threshold === 0;
      if (p.threshold != null) head.appendChild(J.el("span", { className: "threshold-note", text: noLine ? "得票多者当选" : "当选需 ≥ " + p.threshold + " 票" }));
      // A long list (54 names for 45 seats) stands in columns, so that every row — the cut
      // line after the last seat and any tie across it — is on screen at once.
      const bars = J.el("div", { className: "bars" });
      const inColumn = perColumn(p.tally.length);
      bars.style.gridTemplateRows = "repeat(" + inColumn + ", auto)";
      bars.style.gridTemplateColumns = "repeat(" + Math.ceil(p.tally.length / inColumn) + ", minmax(0, 1fr))";
      // the name column is as wide as the longest name (a CJK character is about 1em)
      bars.style.setProperty("--name-em", String(Math.max(3, ...p.tally.map(function (t) {
        return t.name.length + (t.write_in ? 4 : 0); }))));
      const cut = p.tally.length > p.seats ? p.seats - 1 : -1;
      const cutVotes = cut >= 0 ? p.tally[cut].yes : null;
      const tied = cut >= 0 && cutVotes > 0 && p.tally[cut + 1].yes === cutVotes;
      p.tally.forEach(function (t, i) {
        // RULES.md §6.3: in a most-votes round nothing is "reached"; 0 votes never is.
        const passed = data.final ? t.status === "elected" : !noLine && !!t.reached && t.yes > 0;
        const fill = J.el("div", { className: "bar-fill" });
        fill.style.width = (100 * t.yes / scale).toFixed(2) + "%";
        const track = J.el("div", { className: "bar-track" }, [fill]);
        if (p.threshold != null && !noLine) {
          const line = J.el("div", { className: "threshold-line", title: "当选线" });
          line.style.left = Math.min(100, 100 * p.threshold / scale).toFixed(2) + "%";
          track.appendChild(line);
        }
        const marks = (i === cut ? " cut" : "") + (tied && t.yes === cutVotes ? " tied" : "");
        bars.appendChild(J.el("div", { className: "bar-row" + (passed ? " passed" : "") + marks, "data-name": t.name }, [
          J.el("span", { className: "who", text: (t.write_in ? "（另选）" : "") + t.name }),
          track,
          J.el("span", { className: "votes", text: String(t.yes) }),
        ]));
      });
      const passed = p.tally.filter(function (t) { return data.final ? t.status === "elected" : !noLine && t.reached && t.yes > 0; });
      const label = data.final ? "当选：" : "已达当选票数：";
      box.appendChild(J.el("section", { className: "post" }, [
        head, bars,
        J.el("div", { className: "passed-list", text: !data.final && noLine ? "得票多者当选，计票结束后公布"
          : label + (passed.length ? passed.map(function (t) { return t.name; }).join("、") : "暂无") }),
      ]));
    });
    if (next) box.appendChild(next.node);
    fit(rows);
  }

  // Rows in one column of a post's list: up to 18, then the list goes on in a next column.
  function perColumn(n) { return Math.ceil(n / Math.max(1, Math.ceil(n / 18))); }

  // The board fits the screen (6+ candidates a post, write-ins, the next round's list):
  // shrink the rows until nothing scrolls; a few reflows, only when something changed.
  function fit(rows) {
    const root = document.documentElement;
    let n = Math.max(rows, 8);
    while (root.scrollHeight > window.innerHeight + 1 && n < 80) {
      n = Math.ceil(n * 1.08);
      root.style.setProperty("--rows", String(n));
    }
  }
  window.addEventListener("resize", function () {
    if (lastData) draw(lastData);
    if (document.body.classList.contains("is-published")) fitPublished();
  });

  // After the count: the next round's list with why each person is on it (RULES.md §3, §6.3).
  let people = null;
  function nextRound(data) {
    const r = roundInfo;
    if (!data.final || !r || r.id !== data.round || !r.result || !window.JipiaoResults) return null;
    const outcome = r.result.outcome || {};
    const next = outcome.status === "needs_round" ? outcome.next_round : null;
    if (!next || !next.posts) return null;
    if (people === null) {
      people = {};
      J.api(token, "GET", "/api/v1/elections/" + eid + "/candidates").then(function (c) {
        c.candidates.forEach(function (x) { people[x.id] = { name: x.name, gender: x.gender }; });
        if (lastData) draw(lastData);
      }, function () { /* names fall back to ids */ });
    }
    const R = window.JipiaoResults;
    const mine = (r.result.rounds || []).find(function (x) { return x.id === r.key; }) || {};
    const kind = { tie_break: "重新投票", supplementary: "另行选举", repeat: "重新举行本轮选举" }[next.kind] || "再行投票";
    const node = J.el("section", { className: "post next-round", id: "next-round" }, [
      J.el("h2", {}, ["下一轮" + kind + "  ", J.el("span", { className: "threshold-note", text: R.nextRoundRule(next.kind, window.JIPIAO.body) })])]);
    let rows = 4;  // its heading and rule, the gap above
    Object.keys(next.posts).forEach(function (post) {
      const spec = next.posts[post];
      const name = (data.posts[post] || {}).name || (data.post_names || {})[post] || post;
      const list = R.nextRoundPeople(mine, post, next.kind, spec, people);
      node.appendChild(J.el("div", { className: "passed-list", "data-next-post": post }, [
        name + spec.seats + "名：",
        list.length ? list.map(function (p) { return p.name + (p.reason ? "（" + p.reason + "）" : ""); }).join("；") : (R.nextRoundNote(spec) || "—")]));
      rows += 2 + Math.floor(list.length / 3);  // a long list wraps
    });
    return { node: node, rows: rows };
  }

  async function showPublished(r) {
    const pub = document.getElementById("published");
    const url = J.publicBase + "/p/" + eid;
    document.getElementById("public-qr").src = "/ui/qr.svg?data=" + encodeURIComponent(url);
    const names = {};
    try {
      const c = await J.api(token, "GET", "/api/v1/elections/" + eid + "/candidates");
      c.candidates.forEach(function (x) { names[x.id] = x.name; });
    } catch (e) { /* names fall back to ids */ }
    const elected = (r.result && r.result.outcome && r.result.outcome.elected) || {};
    const posts = {};
    try {
      const e = await J.api(token, "GET", "/api/v1/elections/" + eid);
      e.posts.forEach(function (p) { posts[p.id] = p.name; });
    } catch (e) { /* ids */ }
    // Emptied after the last wait: two refreshes in flight never both fill it.
    const box = document.getElementById("elected");
    box.textContent = "";
    Object.keys(elected).forEach(function (post) {
      const who = elected[post].map(function (x) { return typeof x === "string" ? (names[x] || x) : x.name; });
      // a name is never broken across lines (艾尔肯·吐尼亚孜)
      const line = J.el("div", {}, [(posts[post] || post) + "："]);
      who.forEach(function (name, i) {
        line.appendChild(J.el("span", { className: "person", text: name + (i + 1 < who.length ? "、" : "") }));
      });
      if (!who.length) line.appendChild(document.createTextNode("无"));
      box.appendChild(line);
    });
    if (r.result && r.result.outcome && r.result.outcome.status === "needs_round") {
      box.appendChild(J.el("div", { className: "threshold-note", text: "尚有职位未选满，将进行下一轮投票" }));
    }
    document.getElementById("published-title").textContent = "第" + r.number + "轮选举结果已公布";
    pub.classList.remove("hidden");
    document.body.classList.add("is-published");
    fitPublished();
  }

  // After publishing: the elected names shrink until the page, QR included, fits the screen.
  function fitPublished() {
    const root = document.documentElement;
    let lines = 3;
    root.style.setProperty("--elected-lines", String(lines));
    while (root.scrollHeight > window.innerHeight + 1 && lines < 60) {
      lines = Math.ceil(lines * 1.15);
      root.style.setProperty("--elected-lines", String(lines));
    }
  }

  findRound();
  setInterval(findRound, 3000);
})();
