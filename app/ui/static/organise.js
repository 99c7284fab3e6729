/* 组织者: candidates, roll, 签到 with the running 实到 and quorum verdict, and the round's
 * actions (the buttons follow the round's `actions` from the API: its state machine). */
(function () {
  "use strict";
  const J = window.Jipiao;
  const R = window.JipiaoResults;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "organiser");
  const E = "/api/v1/elections/" + eid;
  let voters = [];
  let candidates = [];
  let postNames = {};
  let lastRound = null;

  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }

  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["Authorization"] = "Bearer " + token;
  });

  const showError = J.showError;

  async function call(method, path, body) {
    showError("");
    try {
      return await J.api(token, method, E + path, body);
    } catch (err) {
      let msg = err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试";
      const checks = err.detail && err.detail.checks;
      if (checks) msg += "（" + checks.filter(function (c) { return !c.ok; }).map(function (c) { return c.text; }).join("；") + "）";
      showError(msg);
      throw err;
    }
  }

  // ---------- round ----------
  async function loadRound() {
    let rounds;
    try { rounds = await call("GET", "/rounds"); } catch (e) { return; }
    const last = rounds[rounds.length - 1] || null;
    loadPlenary(last);
    const text = JSON.stringify(last);
    const panel = document.getElementById("round-panel");
    // Never redraw under the organiser's fingers (a number being typed) or for nothing.
    if (text === lastRound || panel.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    lastRound = text;
    drawRound(last);
  }

  function button(text, onclick, cls) {
    return J.el("button", { type: "button", className: cls || "", text: text, onclick: onclick });
  }

  function numberField(id, label, value) {
    return J.el("span", { className: "row" }, [
      J.el("label", { for: id, text: label, style: "margin:0" }),
      J.el("input", { type: "number", id: id, min: "0", value: value == null ? "" : String(value), style: "width:7em" }),
    ]);
  }

  function doubleEntryBox() {
    return J.el("label", { className: "row", style: "font-weight:400" }, [
      J.el("input", { type: "checkbox", id: "double-entry", style: "width:28px;height:28px" }), "双人录入（两名计票人各录一遍，由监票人核对差异）"]);
  }

  function act(method, path, body, after) {
    return async function () {
      try { await call(method, path, typeof body === "function" ? body() : body); } catch (e) { return; }
      if (after) after();
      lastRound = null;
      loadRound();
      document.body.dispatchEvent(new Event("attendance-changed"));
    };
  }

  function drawRound(r) {
    const box = document.getElementById("round-panel");
    box.textContent = "";
    if (!r) {
      box.appendChild(J.el("p", { text: "还没有投票轮次。录入候选人和名册、完成签到后，建立第一轮。" }));
      box.appendChild(doubleEntryBox());
      box.appendChild(button("建立第一轮", act("POST", "/rounds", function () {
        return { double_entry: document.getElementById("double-entry").checked };
      })));
      return;
    }
    const R = "/rounds/" + r.id;
    box.appendChild(J.el("p", { className: "verdict", "data-state": r.state },
      ["第" + r.number + "轮 · " + ({ regular: "正式选举", tie_break: "重新投票", supplementary: "另行选举" }[r.kind] || r.kind) + " · ",
       J.el("strong", { text: r.state_zh })]));
    const facts = [];
    if (r.attendance && r.attendance.present != null) facts.push("实到 " + r.attendance.present);
    if (r.ballots_issued != null) facts.push("发出 " + r.ballots_issued);
    if (r.ballots_returned != null) facts.push("收回 " + r.ballots_returned);
    if (r.state === "counting") facts.push("已录入 " + r.entered);
    if (r.double_entry) facts.push("双人录入");
    if (facts.length) box.appendChild(J.el("p", { text: facts.join(" · ") }));
    (r.checks || []).forEach(function (c) {
      if (c.text) box.appendChild(J.el("p", { className: "small " + (c.ok ? "" : "notice bad"), text: (c.ok ? "✓ " : "✗ ") + c.text }));
    });
    const actions = J.el("div", { className: "stack" });
    const present = r.attendance ? (r.attendance.present || 0) + (r.attendance.proxies || 0) : null;
    r.actions.forEach(function (a) {
      if (a === "quorum") actions.appendChild(button("核对到会人数（会议是否有效）", act("POST", R + "/quorum", {}), r.state === "draft" ? "" : "secondary"));
      if (a === "issue") {
        actions.appendChild(J.el("div", { className: "row" }, [numberField("issued", "发出选票张数", present),
          button("发出选票", act("POST", R + "/issue", function () { return { ballots_issued: parseInt(document.getElementById("issued").value, 10) }; }))]));
      }
      if (a === "ballot_pdf") {
        actions.appendChild(J.el("div", { className: "row" }, [numberField("copies", "打印份数", present || 1),
          button("打印选票（PDF）", function () {
            const n = parseInt(document.getElementById("copies").value, 10) || 1;
            J.openPdf(token, E + R + "/ballot.pdf?copies=" + n);
          }, "secondary")]));
      }
      if (a === "return") {
        actions.appendChild(J.el("div", { className: "row" }, [numberField("returned", "收回选票张数", r.ballots_issued),
          button("登记收回，开始计票", act("POST", R + "/return", function () { return { ballots_returned: parseInt(document.getElementById("returned").value, 10) }; }))]));
      }
      if (a === "enter") {
        actions.appendChild(J.el("p", { className: "notice warn", text: "计票人正在录入：已录入 " + r.entered + " / 收回 " + r.ballots_returned + " 张。请在“设备链接”中为计票人生成链接。" }));
      }
      if (a === "count") actions.appendChild(button("计算结果", act("POST", R + "/count", {})));
      if (a === "sign_off" && !r.signed_off_by) actions.appendChild(J.el("p", { className: "notice warn", text: "请监票人在监票人页面核对结果并签字，签字后才能公布。" }));
      if (a === "publish") actions.appendChild(button("公布结果", act("POST", R + "/publish", {}), r.signed_off_by ? "" : "secondary"));
      if (a === "decisions") {
        const reduce = reduceSeatsBox(r, R);
        if (reduce) actions.appendChild(reduce);
      }
      if (a === "next") {
        const nominate = nominationBox(r);
        if (nominate) actions.appendChild(nominate);
        actions.appendChild(doubleEntryBox());
        actions.appendChild(button("按计票结果建立下一轮", act("POST", "/rounds/next", function () {
          const body = { double_entry: document.getElementById("double-entry").checked };
          if (nominate) body.nominations = chosenNominations(nominate);
          return body;
        })));
      }
    });
    box.appendChild(actions);
    if (r.signed_off_by) box.appendChild(J.el("p", { text: "监票人已签字：" + r.signed_off_by }));
    if (r.result) drawResult(box, r);
    if (r.state === "published") {
      const url = location.origin + "/p/" + eid;
      box.appendChild(J.el("div", { className: "row" }, [
        J.el("img", { src: "/ui/qr.svg?data=" + encodeURIComponent(url), width: "140", height: "140", alt: "公开结果页二维码" }),
        J.el("div", {}, [J.el("a", { href: "/p/" + eid, text: "公开结果页" }), J.el("p", { className: "small mono", text: "记录 SHA-256：" + r.record_sha256 })]),
      ]));
    }
  }

  // RULES.md §2 — a 书记/副书记 list the rules leave empty (no elected 委员 got votes for
  // it): the organiser nominates elected 委员; every other list is the result's own.
  function nominationBox(r) {
    const next = r.result && r.result.outcome && r.result.outcome.next_round;
    const posts = Object.keys((next && next.posts) || {}).filter(function (p) { return next.posts[p].needs_nomination; });
    if (!posts.length) return null;
    const box = J.el("div", { id: "nominations", className: "stack" });
    posts.forEach(function (post) {
      const seats = next.posts[post].seats;
      box.appendChild(J.el("fieldset", { "data-nominate-post": post }, [
        J.el("legend", { text: (postNames[post] || post) + "（" + seats + "名）：没有当选委员在该职位得票，请从当选委员中提名候选人" }),
        J.el("div", { className: "choices" }, [J.el("p", { className: "muted", text: "读取中…" })]),
      ]));
    });
    call("GET", "/rounds/next").then(function (preview) {
      posts.forEach(function (post) {
        const choices = box.querySelector('[data-nominate-post="' + post + '"] .choices');
        choices.textContent = "";
        (preview.posts[post].nominees || []).forEach(function (n) {
          choices.appendChild(J.el("label", { className: "row", style: "font-weight:400" }, [
            J.el("input", { type: "checkbox", name: "nominate-" + post, value: n.id, style: "width:28px;height:28px" }), n.name]));
        });
      });
    }, function () { /* shown in #error */ });
    return box;
  }

  function chosenNominations(box) {
    const out = {};
    box.querySelectorAll("[data-nominate-post]").forEach(function (fs) {
      out[fs.dataset.nominatePost] = Array.from(fs.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    });
    return out;
  }

  // RULES.md §6.4 — in party elections the meeting may reduce the seats left unfilled to
  // those filled, instead of holding 另行选举; the decision is recorded and recounted.
  function reduceSeatsBox(r, R) {
    const party = window.JIPIAO.body === "party_branch" || window.JIPIAO.body === "party_plenary";
    const outcome = (r.result && r.result.outcome) || {};
    const next = outcome.next_round;
    if (!party || !next || next.kind !== "supplementary") return null;
    const reduce = {};
    const lines = Object.keys(next.posts).map(function (post) {
      const filled = ((outcome.elected || {})[post] || []).length;
      reduce[post] = filled;
      return J.el("p", { text: (postNames[post] || post) + "：已当选" + filled + "名，尚缺" + next.posts[post].seats + "名 → 名额减为" + filled + "名" });
    });
    return J.el("details", { id: "reduce-seats" }, [
      J.el("summary", { className: "button secondary", text: "会议决定减少名额（不再另行选举）" }),
      J.el("p", { className: "small muted", text: "当选人数接近应选名额时，经会议决定可以减少名额，不再另行选举。决定记入选举记录并重新计算结果。" }),
    ].concat(lines, [
      J.el("label", { for: "decided-by", text: "会议如何决定" }),
      J.el("input", { type: "text", id: "decided-by", maxlength: "200", placeholder: "例如：党员大会举手表决通过", style: "width:100%" }),
      button("记录会议决定", function () {
        const decidedBy = document.getElementById("decided-by").value.trim();
        if (!decidedBy) { showError("请填写会议是如何作出减少名额的决定的"); return; }
        act("POST", R + "/decisions", { reduce_seats: reduce, decided_by: decidedBy })();
      }, "secondary"),
    ]));
  }

  function drawResult(box, r) {
    const mine = (r.result.rounds || []).find(function (x) { return x.id === r.key; });
    if (!mine) return;
    const names = {};
    candidates.forEach(function (c) { names[c.id] = c.name; });
    const posts = Object.keys(postNames).map(function (id) { return [id, postNames[id]]; });
    Object.keys(mine.posts || {}).forEach(function (key) {
      const p = mine.posts[key];
      box.appendChild(J.el("h3", { text: (postNames[key] || key) + "（应选" + p.seats + "名，" + R.ruleText(p, r.kind) + "）" }));
      // RULES.md §3 cascade: the lower posts count the person's votes at the higher posts too.
      const cascade = R.hasCarried(p.tally);
      const tbody = J.el("tbody");
      p.tally.forEach(function (t) {
        const cells = [J.el("td", { text: t.name + (t.write_in ? "（另选）" : "") }),
          J.el("td", { className: "num", text: String(t.yes) })];
        if (cascade) cells.push(J.el("td", { className: "num", text: R.votesText(t, posts) }));
        cells.push(J.el("td", { text: R.statusText(t, r.kind) }));
        tbody.appendChild(J.el("tr", {}, cells));
      });
      const heads = [J.el("th", { text: "姓名" }), J.el("th", { className: "num", text: "赞成票" })];
      if (cascade) heads.push(J.el("th", { className: "num", text: "得票" }));
      heads.push(J.el("th", { text: "结果" }));
      box.appendChild(J.el("table", { "data-post": key }, [J.el("thead", {}, [J.el("tr", {}, heads)]), tbody]));
      const nobody = R.nobodyText(p);
      if (nobody) box.appendChild(J.el("p", { className: "small", "data-nobody": key, text: nobody }));
    });
    const outcome = r.result.outcome || {};
    const text = { complete: "选举完成", needs_round: "尚有职位未选满，需要再进行一轮投票", not_valid: "本轮选举无效" }[outcome.status];
    if (text) box.appendChild(J.el("p", { className: "notice " + (outcome.status === "complete" ? "ok" : "warn"), text: text }));
    const next = outcome.status === "needs_round" ? outcome.next_round : null;
    if (next && next.posts) {
      const kind = { tie_break: "重新投票", supplementary: "另行选举", repeat: "重新举行本轮选举" }[next.kind] || "再行投票";
      Object.keys(next.posts).forEach(function (key) {
        const spec = next.posts[key];
        const who = (spec.candidates || []).map(function (x) { return typeof x === "string" ? (names[x] || x) : x.name; });
        const note = R.nextRoundNote(spec);
        const list = spec.needs_nomination && !who.length ? note
          : "候选人：" + (who.join("、") || "—") + (note ? "（" + note + "）" : "");
        box.appendChild(J.el("p", { className: "small", "data-next": key,
          text: "下一轮" + kind + "：" + (postNames[key] || key) + spec.seats + "名，" + list }));
      });
    }
    box.appendChild(J.el("p", { className: "row" }, [
      button("选举结果报告单（PDF）", function () { J.openPdf(token, E + "/rounds/" + r.id + "/report.pdf"); }, "secondary"),
      button("当选公告（PDF）", function () { J.openPdf(token, E + "/rounds/" + r.id + "/announcement.pdf"); }, "secondary"),
    ]));
  }

  // ---------- 第一次全体会议 (RULES.md §2, indirect mode) ----------
  // Once the 党员大会 is complete: the elected 委员 as choices per post; the new election's
  // links (with their tokens, shown this once) after it is made.
  const plenaryCard = document.getElementById("plenary-card");
  let plenaryLoaded = false;

  async function loadPlenary(r) {
    const outcome = r && r.result && r.result.outcome;
    if (!plenaryCard || plenaryLoaded || !outcome || outcome.status !== "complete") return;
    plenaryLoaded = true;
    let data;
    try { data = await call("GET", "/plenary"); } catch (e) { plenaryLoaded = false; return; }
    plenaryCard.classList.remove("hidden");
    if (data.plenary_id) { plenaryExists(data.plenary_id); return; }
    ["secretary", "deputy"].forEach(function (post) {
      const box = document.querySelector("#plenary-" + post + " .choices");
      box.textContent = "";
      data.members.forEach(function (m) {
        box.appendChild(J.el("label", { className: "row", style: "font-weight:400" }, [
          J.el("input", { type: "checkbox", name: "plenary-" + post, value: m.id || m.name, style: "width:28px;height:28px" }),
          m.name + (m.write_in ? "（另选他人当选）" : "")]));
      });
    });
  }

  function plenaryExists(id) {
    document.getElementById("plenary-form").classList.add("hidden");
    const box = document.getElementById("plenary-existing");
    box.textContent = "";
    box.appendChild(J.el("span", { text: "已经建立了第一次全体会议（选举编号" + id + "）：" }));
    box.appendChild(J.el("a", { href: "/e/" + id, text: "打开（需要建立时给出的组织者链接中的口令）" }));
    box.classList.remove("hidden");
  }

  if (plenaryCard) {
    const picked = function (post) {
      return Array.from(document.querySelectorAll('input[name="plenary-' + post + '"]:checked')).map(function (i) { return i.value; });
    };
    document.getElementById("plenary-deputy-on").addEventListener("change", function (e) {
      document.getElementById("plenary-deputy").classList.toggle("hidden", !e.target.checked);
    });
    document.getElementById("plenary-form").addEventListener("submit", async function (e) {
      e.preventDefault();
      const posts = [{ id: "secretary", name: "书记", seats: 1, role: "secretary", candidates: picked("secretary") }];
      if (!posts[0].candidates.length) { showError("请从当选委员中选择书记候选人"); return; }
      if (document.getElementById("plenary-deputy-on").checked) {
        const deputies = picked("deputy");
        if (!deputies.length) { showError("请从当选委员中选择副书记候选人，或不选举副书记"); return; }
        posts.push({ id: "deputy_secretary", name: "副书记", role: "deputy_secretary",
          seats: parseInt(document.getElementById("plenary-deputy-seats").value, 10) || 1, candidates: deputies });
      }
      let made;
      try { made = await call("POST", "/plenary", { posts: posts }); } catch (err) { return; }
      document.getElementById("plenary-form").classList.add("hidden");
      const box = document.getElementById("plenary-links");
      box.textContent = "";
      box.appendChild(J.el("p", { text: made.title + "（选举编号" + made.id + "）" }));
      J.roleLinks(made).forEach(function (row) { box.appendChild(row); });
      document.getElementById("plenary-created").classList.remove("hidden");
      document.getElementById("plenary-created").scrollIntoView();
    });
  }

  // ---------- candidates ----------
  async function loadCandidates() {
    let data;
    try { data = await call("GET", "/candidates"); } catch (e) { return; }
    candidates = data.candidates;
    const tbody = document.querySelector("#candidate-table tbody");
    tbody.textContent = "";
    candidates.forEach(function (c) {
      tbody.appendChild(J.el("tr", {}, [J.el("td", { text: c.id }), J.el("td", { text: c.name + (c.gender === "F" ? "（女）" : "") }),
        J.el("td", { text: c.posts.map(function (p) { return postNames[p] || p; }).join("、") })]));
    });
    const checks = document.getElementById("candidate-checks");
    checks.textContent = "";
    data.checks.forEach(function (c) {
      checks.appendChild(J.el("p", { className: "notice " + (c.ok ? "ok" : "bad"), text: (c.ok ? "✓ " : "✗ ") + c.text }));
    });
  }

  document.getElementById("candidate-form").addEventListener("submit", async function (e) {
    e.preventDefault();
    const posts = Array.from(document.querySelectorAll('input[name="cand-post"]:checked')).map(function (i) { return i.value; });
    const body = { name: document.getElementById("cand-name").value.trim(), posts: posts };
    const g = document.getElementById("cand-gender").value;
    if (g) body.gender = g;
    // RULES.md §2 — only 正式党员 stand in party elections (the form says so).
    if (window.JIPIAO.body === "party_branch" || window.JIPIAO.body === "party_plenary") body.member_status = "full";
    try { await call("POST", "/candidates", body); } catch (err) { return; }
    document.getElementById("cand-name").value = "";
    loadCandidates();
  });

  // ---------- roll and 签到 ----------
  async function loadVoters() {
    try { voters = await call("GET", "/voters"); } catch (e) { return; }
    drawVoters();
    const list = document.getElementById("voter-names");
    list.textContent = "";
    voters.forEach(function (v) { list.appendChild(J.el("option", { value: v.name })); });
  }

  function drawVoters() {
    const box = document.getElementById("voters");
    const filter = document.getElementById("voter-filter").value.trim();
    box.textContent = "";
    voters.filter(function (v) { return !filter || v.name.indexOf(filter) >= 0; }).forEach(function (v) {
      const b = J.el("button", { type: "button", className: "cand", "data-voter": String(v.id),
        "data-mark": v.signed_in ? "yes" : "abstain", "aria-pressed": v.signed_in ? "true" : "false" }, [
        J.el("span", { className: "name", text: v.name }),
        J.el("span", { className: "mark", text: v.signed_in ? "✓" : "" }),
        J.el("span", { className: "mark-label", text: !v.votes ? v.status_zh + "（列席）" : v.exclusion_reason ? "不计入应到" : v.signed_in ? "✓ 已签到" : "未签到" }),
      ]);
      b.addEventListener("click", async function () {
        try {
          await call("POST", "/sign-ins", { voter_ids: [v.id], present: !v.signed_in });
        } catch (e) { return; }
        v.signed_in = !v.signed_in;
        drawVoters();
        document.body.dispatchEvent(new Event("attendance-changed"));
      });
      box.appendChild(b);
    });
  }
  document.getElementById("voter-filter").addEventListener("input", drawVoters);

  document.getElementById("exclusion-form").addEventListener("submit", async function (e) {
    e.preventDefault();
    const voter = voterNamed(document.getElementById("excl-name").value.trim());
    if (!voter) return;
    try {
      await call("PUT", "/voters/" + voter.id + "/exclusion", {
        reason: document.getElementById("excl-reason").value.trim(),
        approval: document.getElementById("excl-approval").value.trim() });
    } catch (err) { return; }
    e.target.reset();
    await loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  });

  // ---------- 委托投票 (村/居, RULES.md §3) ----------
  const proxyForm = document.getElementById("proxy-form");
  async function loadProxies() {
    let proxies;
    try { proxies = await call("GET", "/proxies"); } catch (e) { return; }
    const tbody = document.querySelector("#proxy-table tbody");
    tbody.textContent = "";
    proxies.forEach(function (p) {
      tbody.appendChild(J.el("tr", { "data-proxy": String(p.id) }, [
        J.el("td", { text: p.grantor_name }), J.el("td", { text: p.holder_name }),
        J.el("td", {}, [J.el("button", { type: "button", className: "secondary", text: "撤销",
          onclick: async function () {
            try { await call("DELETE", "/proxies/" + p.id); } catch (e) { return; }
            proxiesChanged();
          } })]),
      ]));
    });
  }
  function proxiesChanged() {
    loadProxies();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }
  function voterNamed(name) {
    const found = voters.find(function (v) { return v.name === name; });
    if (!found) showError("名册中没有“" + name + "”");
    return found;
  }
  if (proxyForm) {
    proxyForm.addEventListener("submit", async function (e) {
      e.preventDefault();
      const grantor = voterNamed(document.getElementById("proxy-grantor").value.trim());
      const holder = grantor && voterNamed(document.getElementById("proxy-holder").value.trim());
      if (!holder) return;
      try { await call("POST", "/proxies", { grantor_id: grantor.id, holder_id: holder.id }); } catch (err) { return; }
      e.target.reset();
      proxiesChanged();
    });
    loadProxies();
  }

  document.getElementById("roll-form").addEventListener("submit", async function (e) {
    e.preventDefault();
    const status = document.getElementById("roll-status").value;
    const names = document.getElementById("roll-names").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (!names.length) return;
    try { await call("POST", "/voters", { voters: names.map(function (n) { return { name: n, status: status }; }) }); } catch (err) { return; }
    document.getElementById("roll-names").value = "";
    await loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  });

  // ---------- device links ----------
  document.querySelectorAll("[data-new-link]").forEach(function (b) {
    b.addEventListener("click", async function () {
      const role = b.dataset.newLink;
      const labels = { teller: "计票人" + (b.dataset.channel || ""), scrutineer: "监票人", observer: "大屏" };
      let made;
      try { made = await call("POST", "/tokens", { role: role, label: labels[role] }); } catch (e) { return; }
      const page = { teller: "/clerk" + (b.dataset.channel === "B" ? "?channel=B" : ""), scrutineer: "/scrutineer", observer: "/board" }[role];
      const url = location.origin + "/e/" + eid + page + "#token=" + made.token;
      document.getElementById("new-links").prepend(J.el("div", { className: "row" }, [
        J.el("img", { src: "/ui/qr.svg?data=" + encodeURIComponent(url), width: "140", height: "140", alt: labels[role] + "二维码" }),
        J.el("div", {}, [J.el("strong", { text: labels[role] }), J.el("br"), J.el("a", { href: url, target: "_blank", text: "打开", "data-link-role": labels[role] }),
          J.el("div", { className: "small mono", text: url })]),
      ]));
    });
  });

  async function start() {
    try {
      const e = await call("GET", "");
      e.posts.forEach(function (p) { postNames[p.id] = p.name; });
    } catch (err) { return; }
    await loadCandidates();
    loadVoters();
    loadRound();
  }
  start();
  setInterval(loadRound, 5000);
})();
