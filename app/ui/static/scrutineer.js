/* 监票人: the round's figures, double-entry differences to resolve, count and sign-off. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "scrutineer");
  const E = "/api/v1/elections/" + eid;
  const names = {};
  const postNames = {};
  let current = null;
  let lastText = null;

  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }

  // A refused action (计算结果 with a difference unresolved …) is said until the next action;
  // the page's own polling only says, and clears, its own failures.
  let actionError = "";
  let pollError = "";
  function showError() {
    const box = document.getElementById("error");
    const msg = actionError || pollError;
    box.textContent = msg;
    box.classList.toggle("hidden", !msg);
  }
  async function call(method, path, body) {
    const polling = method === "GET";
    if (!polling) actionError = "";
    showError();
    try {
      const answer = await J.api(token, method, E + path, body);
      if (polling && pollError) { pollError = ""; showError(); }
      return answer;
    } catch (err) {
      const msg = err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试";
      if (polling) pollError = msg; else actionError = msg;
      showError();
      throw err;
    }
  }

  function summary(ballot) {
    if (!ballot) return "（未录入）";
    if (ballot.void) return "整张作废";
    const parts = [];
    Object.keys(ballot.marks || {}).forEach(function (post) {
      const bits = Object.keys(ballot.marks[post]).filter(function (c) { return ballot.marks[post][c] !== "abstain"; })
        .map(function (c) { return (names[c] || c) + J.MARK_SYMBOL[ballot.marks[post][c]]; });
      ((ballot.write_ins || {})[post] || []).forEach(function (w) { bits.push("另选" + w.name + (J.MARK_SYMBOL[w.mark] || "(无符号)")); });
      parts.push((postNames[post] || post) + "：" + (bits.length ? bits.join(" ") : "全部弃权"));
    });
    return parts.join("；") || "全部弃权";
  }

  async function load() {
    let rounds;
    try { rounds = await call("GET", "/rounds"); } catch (e) { return; }
    const r = rounds[rounds.length - 1] || null;
    let diffs = [];
    const progress = { live: null, a: [], b: [] };
    if (r && r.state === "counting") {
      try {
        if (r.double_entry) diffs = await call("GET", "/rounds/" + r.id + "/differences");
        progress.live = await call("GET", "/rounds/" + r.id + "/live.json");
        progress.a = await call("GET", "/rounds/" + r.id + "/entries?channel=A");
        if (r.double_entry) progress.b = await call("GET", "/rounds/" + r.id + "/entries?channel=B");
      } catch (e) { return; }
    }
    const text = JSON.stringify([r, diffs, progress]);
    const typing = document.activeElement && document.activeElement.tagName === "INPUT" &&
      (document.getElementById("round-panel").contains(document.activeElement) ||
       document.getElementById("differences").contains(document.activeElement));
    if (text === lastText || typing) return;
    lastText = text;
    current = r;
    drawRound(r);
    drawProgress(r, progress);
    drawDiffs(r, diffs);
  }

  function drawRound(r) {
    const box = document.getElementById("round-panel");
    box.textContent = "";
    if (!r) { box.appendChild(J.el("p", { text: "还没有投票轮次。" })); return; }
    box.appendChild(J.el("p", { className: "verdict", text: "第" + r.number + "轮 · " + r.state_zh }));
    // RULES.md §5 — a void round says why, in the words every page uses.
    if (r.void_reason) box.appendChild(J.el("p", { id: "void-reason", className: "notice bad", text: r.void_reason }));
    const facts = [];
    if (r.ballots_issued != null) facts.push("发出 " + r.ballots_issued);
    if (r.ballots_returned != null) facts.push("收回 " + r.ballots_returned);
    if (r.state === "counting") facts.push("已录入 " + r.entered + (r.double_entry ? "（A组）" : ""));
    box.appendChild(J.el("p", { text: facts.join(" · ") }));
    if (r.actions.indexOf("return") >= 0) {
      box.appendChild(J.el("div", { className: "row" }, [
        J.el("label", { for: "returned", text: "收回选票张数", style: "margin:0" }),
        J.el("input", { type: "number", id: "returned", min: "0", value: String(r.ballots_issued || ""), style: "width:7em" }),
        J.el("button", { type: "button", text: "登记收回", onclick: J.once(async function () {
          const returned = parseInt(document.getElementById("returned").value, 10);
          // RULES.md §5: more returned than issued voids the round; asked before it is recorded.
          if (r.ballots_issued != null && returned > r.ballots_issued && !window.confirm(
            "收回" + returned + "张，多于发出的" + r.ballots_issued + "张。登记后本轮投票无效，须重新投票。确定登记吗？")) return;
          await call("POST", "/rounds/" + r.id + "/return", { ballots_returned: returned });
          lastText = null; load();
        }) })]));
    }
    if (r.actions.indexOf("count") >= 0) {
      box.appendChild(J.el("button", { type: "button", text: "计算结果", onclick: J.once(async function () {
        await call("POST", "/rounds/" + r.id + "/count", {});
        lastText = null; load();
      }) }));
    }
    if (r.signed_off_by) box.appendChild(J.el("p", { className: "notice ok", text: "已签字：" + r.signed_off_by }));
    const canSign = r.actions.indexOf("sign_off") >= 0;
    document.getElementById("signoff-form").classList.toggle("hidden", !canSign);
    document.getElementById("signoff-note").classList.toggle("hidden", canSign || !!r.signed_off_by);
    if (r.result) {
      const mine = (r.result.rounds || []).find(function (x) { return x.id === r.key; }) || { posts: {} };
      Object.keys(mine.posts).forEach(function (key) {
        const p = mine.posts[key];
        // RULES.md §6.3: a tie-break has no threshold, the most votes win.
        const rule = r.kind === "tie_break" && p.threshold === 0 ? "得票多者当选" : "当选需 ≥ " + p.threshold + " 票";
        box.appendChild(J.el("h3", { text: (postNames[key] || key) + "（" + rule + "）" }));
        box.appendChild(J.el("p", { text: "有效 " + p.sections_valid + " 份，无效 " + p.sections_invalid + " 份" }));
        box.appendChild(J.el("p", { text: p.tally.map(function (t) { return t.name + " " + (t.votes != null ? t.votes : t.yes) + "票" + (t.status === "elected" ? "（当选）" : ""); }).join("，") }));
        if (p.tie) {
          const tied = p.tally.filter(function (t) { return t.status === "tie"; });
          const votes = tied.length ? (tied[0].votes != null ? tied[0].votes : tied[0].yes) : 0;
          box.appendChild(J.el("p", { className: "notice warn", text: tied.map(function (t) { return t.name; }).join("、") +
            "各得" + votes + "票，就" + p.tie.seats + "个名额重新投票" }));
        }
      });
    }
  }

  /* While ballots are entered: each clerk's progress, valid/invalid per post, the ballots. */
  function drawProgress(r, progress) {
    const box = document.getElementById("progress");
    const wasOpen = !!box.querySelector("details[open]");
    box.textContent = "";
    document.getElementById("progress-card").classList.toggle("hidden", !progress.live);
    if (!progress.live) return;
    const active = function (list) { return list.filter(function (e) { return !e.voided; }); };
    const of = " / 收回 " + (r.ballots_returned != null ? r.ballots_returned : "—");
    const lines = [(r.double_entry ? "A组 已录入 " : "已录入 ") + active(progress.a).length + of];
    if (r.double_entry) lines.push("B组 已录入 " + active(progress.b).length + of);
    box.appendChild(J.el("p", { className: "verdict", text: lines.join(" · ") }));
    Object.keys(progress.live.posts).forEach(function (key) {
      const p = progress.live.posts[key];
      box.appendChild(J.el("p", { text: (p.name || postNames[key] || key) + "：有效 " + p.sections_valid + " 份，无效 " + p.sections_invalid + " 份" }));
    });
    const rows = active(progress.a).map(function (e, i) {
      return J.el("tr", {}, [J.el("td", { className: "num", text: String(i + 1) }), J.el("td", { text: summary(e.ballot) }),
        J.el("td", { text: e.ballot.void ? "作废票" : e.valid ? "有效" : "有无效部分" })]);
    });
    box.appendChild(J.el("details", wasOpen ? { open: "" } : {}, [
      J.el("summary", { text: "已录入的选票（" + (r.double_entry ? "A组，" : "") + rows.length + "张）" }),
      J.el("table", {}, [J.el("thead", {}, [J.el("tr", {}, [J.el("th", { text: "张" }), J.el("th", { text: "内容" }), J.el("th", { text: "判定" })])]),
        J.el("tbody", {}, rows)])]));
  }

  function drawDiffs(r, diffs) {
    const box = document.getElementById("differences");
    box.textContent = "";
    document.getElementById("diff-card").classList.toggle("hidden", !(r && r.double_entry));
    if (!diffs.length) { box.appendChild(J.el("p", { className: "notice ok", text: "目前两组录入一致。" })); return; }
    diffs.forEach(function (d) {
      const reason = J.el("input", { type: "text", maxlength: "200", value: "核对原票", "aria-label": "第" + d.position + "张裁定理由" });
      function pick(ballot) {
        return J.once(async function () {
          await call("POST", "/rounds/" + r.id + "/differences/" + d.position + "/resolve", { ballot: ballot, reason: reason.value.trim() || "核对原票" });
          lastText = null; load();
        });
      }
      const card = J.el("div", { className: "card", "data-position": String(d.position) }, [
        J.el("h3", { text: "第" + d.position + "张" + (d.resolved ? "（已裁定）" : "") }),
        J.el("p", {}, [J.el("strong", { text: "A组：" }), summary(d.a)]),
        J.el("p", {}, [J.el("strong", { text: "B组：" }), summary(d.b)]),
        d.resolved ? J.el("p", { className: "notice ok", text: "裁定：" + summary(d.resolved) }) : J.el("span"),
        J.el("div", { className: "row" }, [reason,
          d.a ? J.el("button", { type: "button", text: "采用A组", onclick: pick(d.a) }) : J.el("span"),
          d.b ? J.el("button", { type: "button", text: "采用B组", onclick: pick(d.b) }) : J.el("span")]),
      ]);
      box.appendChild(card);
    });
  }

  document.getElementById("signoff-form").addEventListener("submit", J.once(async function (e) {
    if (!current) return;
    await call("POST", "/rounds/" + current.id + "/sign-off", { names: document.getElementById("signoff-names").value.trim() });
    lastText = null; load();
  }));

  async function start() {
    try {
      const e = await call("GET", "");
      e.posts.forEach(function (p) { postNames[p.id] = p.name; });
      const c = await call("GET", "/candidates");
      c.candidates.forEach(function (x) { names[x.id] = x.name; });
    } catch (err) { return; }
    load();
    setInterval(load, 3000);
  }
  start();
})();
