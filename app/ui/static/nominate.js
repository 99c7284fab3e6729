/* 组织者: the 两推 meetings or the 海推 (CAMPAIGN.md §1) — attendance, ballots one by one or
 * hand-counted totals, the 党委's list, the ranked table and the decision of the 初步人选. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const cfg = window.JIPIAO;
  const eid = cfg.electionId;
  const party = cfg.body === "party_branch";
  const token = J.readToken(eid, "organiser");
  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }
  const E = "/api/v1/elections/" + eid;
  const N = E + "/nomination";
  const MEETING = { representatives: "群众推荐", members: "党员推荐" };
  const REASON = { below_threshold: "未过半数", below_cut: "名额之外" };
  const FIGURES = ["名次", "群众推荐", "党员推荐", "综合得票", "得票"];
  let state = null;
  let filled = false;

  function field(id) { return document.getElementById(id); }
  function split(text) { return text.split(/[\s、，,；;]+/).filter(Boolean); }
  function number(input) { return input.value === "" ? null : Number(input.value); }

  async function call(method, path, body) {
    J.showError("");
    try { return await J.api(token, method, path, body); } catch (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
      throw err;
    }
  }

  async function load() {
    try { state = await call("GET", N); } catch (e) { return; }
    render();
    document.querySelectorAll(".meeting-card").forEach(function (card) {
      if (card.querySelector(".entries-details").open) loadEntries(card);
    });
  }

  /* The ballots entered so far, newest first, each with a button to undo it. */
  async function loadEntries(card) {
    const kind = card.dataset.kind;
    let rows;
    try { rows = await call("GET", N + "/meetings/" + kind + "/entries"); } catch (e) { return; }
    const tbody = card.querySelector(".entries-table tbody");
    tbody.textContent = "";
    rows.slice().reverse().forEach(function (e) {
      const names = e.ballot.void ? "作废票" : cfg.posts.map(function (post, i) {
        const n = (e.ballot.names || {})[post] || [];
        return n.length ? cfg.postNames[i] + "：" + n.join("、") : "";
      }).filter(Boolean).join("；") || "（空白票）";
      const undo = e.void_reason
        ? J.el("span", { className: "small muted", text: "已撤销：" + e.void_reason })
        : J.el("button", { type: "button", className: "secondary", text: "撤销", onclick: J.once(async function () {
          const reason = card.querySelector(".undo-reason").value.trim();
          if (!reason) { J.showError("请先填写撤销理由"); card.querySelector(".undo-reason").focus(); return; }
          state = await call("POST", N + "/meetings/" + kind + "/entries/" + encodeURIComponent(e.entry_id) + "/undo", { reason: reason });
          J.toast("已撤销第" + e.position + "张");
          render();
          await loadEntries(card);
        }) });
      tbody.appendChild(J.el("tr", { "data-entry": e.entry_id, className: e.void_reason ? "undone" : "" }, [
        cell(e.position, "num"), cell(names), cell(e.message), J.el("td", {}, [undo])]));
    });
  }

  function render() {
    const names = field("nominate-names");
    names.textContent = "";
    state.people.forEach(function (p) { names.appendChild(J.el("option", { value: p.name })); });
    state.meetings.forEach(renderMeeting);
    if (!filled) fill();
    renderResult();
    renderForms();
  }

  function renderMeeting(m) {
    const card = field("meeting-" + m.kind);
    const mode = { ballots: "逐张录入", totals: "手工汇总", none: "尚未录入推荐票" }[m.mode];
    const who = m.expected === null ? "" : "应到" + m.expected + "人，实到" + m.present + "人；";
    card.querySelector(".meeting-status").textContent = who + mode + (m.mode === "none" ? "" : "，收回" + m.ballots_returned + "张");
    card.querySelector(".ballot-details").classList.toggle("hidden", m.mode === "totals");
    card.querySelector(".totals-details").classList.toggle("hidden", m.mode === "ballots");
  }

  /* The stored values, into the forms (once: what the organiser is typing stays). */
  function fill() {
    filled = true;
    state.meetings.forEach(function (m) {
      const card = field("meeting-" + m.kind);
      const form = card.querySelector(".attendance-form");
      ["expected", "present", "ballots_issued"].forEach(function (k) {
        if (form.elements[k] && m[k] !== null) form.elements[k].value = m[k];
      });
      if (m.totals) {
        card.querySelector("[name=ballots_returned]").value = m.ballots_returned;
        Object.keys(m.totals).forEach(function (post) {
          const set = card.querySelector('.totals-form fieldset[data-post="' + post + '"]');
          set.querySelector(".invalid").value = m.totals[post].invalid || 0;
          set.querySelector(".votes").value = Object.keys(m.totals[post].votes || {}).map(function (n) {
            return n + " " + m.totals[post].votes[n];
          }).join("\n");
        });
      }
    });
    if (party) {
      cfg.posts.forEach(function (post) { field("committee-" + post).value = (state.committee_list[post] || []).join(" "); });
    }
    const rules = state.rules;
    if (party) {
      const w = rules.weights || {};
      field("weight-representatives").value = w.representatives === undefined ? 1 : w.representatives;
      field("weight-members").value = w.members === undefined ? 1 : w.members;
      field("threshold").value = rules.nominee_threshold || "combined_half";
      field("surplus").value = rules.nominee_surplus_percent === undefined ? 20 : rules.nominee_surplus_percent;
    } else {
      field("member-candidates").value = String(rules.member_candidates || 1);
    }
    if (formsCard) {
      field("signers-households").value = (state.signers.households || []).join("\n");
      field("signers-groups").value = (state.signers.group_representatives || []).join("\n");
    }
  }

  function attendance(card) {
    const form = card.querySelector(".attendance-form");
    const body = { ballots_issued: number(form.elements.ballots_issued) };
    if (party) { body.expected = number(form.elements.expected); body.present = number(form.elements.present); }
    return body;
  }

  function meetingOf(kind) { return state.meetings.find(function (m) { return m.kind === kind; }); }

  document.querySelectorAll(".meeting-card").forEach(function (card) {
    const kind = card.dataset.kind;
    const url = N + "/meetings/" + kind;
    card.querySelector(".attendance-form").addEventListener("submit", J.once(async function () {
      const m = meetingOf(kind);
      const body = attendance(card);
      if (m && m.totals) { body.totals = m.totals; body.ballots_returned = m.ballots_returned; }
      state = await call("PUT", url, body);
      J.toast("已保存" + card.dataset.name + "的人数");
      render();
    }));
    // Enter moves to the next post's names; on the last one it sends the ballot.
    const nameInputs = Array.prototype.slice.call(card.querySelectorAll(".ballot-form input[data-post]"));
    nameInputs.forEach(function (input, i) {
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || i === nameInputs.length - 1) return;
        e.preventDefault();
        nameInputs[i + 1].focus();
      });
    });
    card.querySelector(".entries-details").addEventListener("toggle", function (e) {
      if (e.target.open) loadEntries(card);
    });
    const ballotForm = card.querySelector(".ballot-form");
    const answer = card.querySelector(".entry-answer");
    async function enter(body) {
      // The same entry id until the server answers: a resend is never counted twice.
      if (!ballotForm.dataset.entryId) ballotForm.dataset.entryId = J.randomId();
      body.entry_id = ballotForm.dataset.entryId;
      let verdict;
      try { verdict = await J.api(token, "POST", url + "/entries", body); } catch (err) {
        if (err instanceof J.ApiError) { delete ballotForm.dataset.entryId; J.showError(err.message); }
        else J.showError("未能确认是否录入（网络中断），请再点一次“录入这张票”：同一张票不会重复计入");
        throw err;
      }
      J.showError("");
      delete ballotForm.dataset.entryId;
      answer.textContent = "第" + verdict.position + "张：" + verdict.message;
      answer.className = "entry-answer notice " + (verdict.message === "有效票" ? "ok" : "warn");
      ballotForm.querySelectorAll("input[data-post]").forEach(function (i) { i.value = ""; });
      ballotForm.querySelector("input[data-post]").focus();
      load(); // not awaited: the next ballot can be typed and sent at once
    }
    ballotForm.addEventListener("submit", J.once(async function () {
      const names = {};
      ballotForm.querySelectorAll("input[data-post]").forEach(function (i) { names[i.dataset.post] = split(i.value); });
      await enter({ names: names });
    }));
    card.querySelector(".void-ballot").addEventListener("click", J.once(async function () {
      await enter({ void: true });
    }));
    card.querySelector(".totals-form").addEventListener("submit", J.once(async function () {
      const form = card.querySelector(".totals-form");
      const totals = {};
      let bad = null;
      form.querySelectorAll("fieldset[data-post]").forEach(function (set) {
        const votes = {};
        set.querySelector(".votes").value.split("\n").forEach(function (line) {
          line = line.trim();
          if (!line) return;
          const m = line.match(/^(.+?)[\s:：]+(\d+)$/);
          if (!m) { bad = bad || line; return; }
          votes[m[1].trim()] = Number(m[2]);
        });
        totals[set.dataset.post] = { invalid: Number(set.querySelector(".invalid").value || 0), votes: votes };
      });
      if (bad) { J.showError("这一行看不懂：“" + bad + "”。每行写“姓名 票数”"); return; }
      const body = attendance(card);
      body.ballots_returned = number(form.elements.ballots_returned);
      body.totals = totals;
      state = await call("PUT", url, body);
      J.toast("已保存" + card.dataset.name + "的汇总");
      render();
    }));
  });

  if (party) {
    field("committee-form").addEventListener("submit", J.once(async function () {
      const posts = {};
      cfg.posts.forEach(function (post) { posts[post] = split(field("committee-" + post).value); });
      state = await call("PUT", N + "/committee-list", { posts: posts });
      J.toast("已保存党委名单");
      render();
    }));
  }

  field("rules-form").addEventListener("submit", J.once(async function () {
    const rules = party
      ? { weights: { representatives: Number(field("weight-representatives").value), members: Number(field("weight-members").value) },
          nominee_threshold: field("threshold").value, nominee_surplus_percent: Number(field("surplus").value) }
      : { member_candidates: Number(field("member-candidates").value) };
    state = await call("PUT", N + "/rules", { rules: rules, recommend_limit: state.recommend_limit });
    J.toast("已保存规则");
    render();
  }));

  const formsCard = field("forms-card");
  function lines(text) { return text.split("\n").map(function (l) { return l.trim(); }).filter(Boolean); }
  function renderForms() {
    if (!formsCard) return;
    const tbody = document.querySelector("#forms-table tbody");
    tbody.textContent = "";
    const verdicts = state.result ? state.result.forms : [];
    state.forms.forEach(function (f, i) {
      const v = verdicts[i];
      tbody.appendChild(J.el("tr", { "data-form": String(i) }, [cell(state.post_names[f.post] || f.post), cell(f.person),
        cell(v ? v.text : "（尚未录入提名票，暂不审核）")]));
    });
  }
  if (formsCard) {
    field("signers-form").addEventListener("submit", J.once(async function () {
      state = await call("PUT", N + "/signers", { households: lines(field("signers-households").value),
        group_representatives: lines(field("signers-groups").value) });
      J.toast("已保存可联名人员名单");
      render();
    }));
    field("form-form").addEventListener("submit", J.once(async function () {
      state = await call("POST", N + "/forms", { post: field("form-post").value, person: field("form-person").value.trim(),
        kind: field("form-kind").value, signers: lines(field("form-signers").value) });
      field("form-person").value = "";
      field("form-signers").value = "";
      J.toast("已登记");
      render();
    }));
  }

  /* A name, and whether it is linked to the person of that name on file (人员信息). */
  function nameCell(name) {
    const linked = state.people.some(function (p) { return p.name === name && p.person_id !== null; });
    return J.el("td", {}, linked
      ? [name, J.el("span", { className: "small muted", text: "（人员信息）", title: "已关联本村（社区）人员信息" })]
      : [name]);
  }

  function cell(text, cls) { return J.el("td", { text: String(text), className: cls || "" }); }

  function renderResult() {
    const summary = field("result-summary");
    const holder = field("result-posts");
    summary.textContent = "";
    holder.textContent = "";
    const result = state.result;
    field("decision-form").classList.toggle("hidden", !result || result.outcome.status === "not_valid");
    if (!result) {
      summary.appendChild(J.el("p", { className: "notice warn", text: "尚不能统计：" + state.problems.join("；") }));
    } else {
      (result.meetings || []).forEach(function (m) {
        m.checks.forEach(function (c) { summary.appendChild(J.el("p", { className: "notice " + (c.ok ? "ok" : "bad"), text: c.text })); });
      });
      if (party) {
        const w = state.rules.weights || {};
        const a = w.representatives === undefined ? 1 : w.representatives;
        const b = w.members === undefined ? 1 : w.members;
        summary.appendChild(J.el("p", { className: "small", text: "综合得票 = 群众推荐得票×" + a + " + 党员推荐得票×" + b }));
      }
      if (result.threshold && result.threshold.least_score !== undefined) {
        summary.appendChild(J.el("p", { className: "small", text: "综合得票须超过推荐票的一半：至少" + result.threshold.least_score + "票" }));
      }
      cfg.posts.forEach(function (post, i) { if (result.posts[post]) holder.appendChild(postTable(post, cfg.postNames[i], result.posts[post])); });
    }
    const decision = field("decision");
    decision.classList.toggle("hidden", !state.decision);
    if (state.decision) {
      const d = state.decision;
      decision.textContent = "已确定" + (party ? "初步人选" : "候选人") + "（" + d.decided_by + "，" + d.decided_at.slice(0, 16).replace("T", " ") + "）：" +
        cfg.posts.map(function (post, i) { return cfg.postNames[i] + " " + (d.posts[post] || []).join("、"); }).join("；") +
        "。已成为本场选举的候选人名单。";
    }
  }

  function postTable(post, name, p) {
    const chosen = state.decision ? (state.decision.posts[post] || []) : (p.nominees || p.candidates);
    const head = party
      ? ["名次", "姓名", "群众推荐", "党员推荐", "综合得票", "过半数", "党委名单", "结果", "初步人选"]
      : ["名次", "姓名", "得票", "结果", "候选人"];
    const tbody = J.el("tbody");
    const rows = party ? p.ranking : p.tally;
    rows.forEach(function (r) {
      const box = J.el("input", { type: "checkbox", className: "pick", "data-post": post, value: r.id, "aria-label": name + " " + r.name });
      box.checked = chosen.indexOf(r.id) >= 0;
      if (!party) box.disabled = true;
      const cells = party
        ? [cell(r.rank, "num"), nameCell(r.name), cell(r.votes.representatives || 0, "num"), cell(r.votes.members || 0, "num"),
           cell(r.score, "num"), cell(r.over_threshold === null ? "—" : r.over_threshold ? "是" : "否"),
           cell(r.on_committee_list ? "✓" : ""),
           cell(r.status === "nominee" ? (r.added_from ? "书记初步人选" : "初步人选") : REASON[r.out_reason] || "未入选")]
        : [cell(r.rank, "num"), nameCell(r.name), cell(r.votes, "num"),
           cell({ candidate: "候选人", preselection: "参加预选", out: "未入选" }[r.status])];
      cells.push(J.el("td", {}, [box]));
      tbody.appendChild(J.el("tr", { "data-name": r.id }, cells));
    });
    (p.committee_list || []).forEach(function (n) {
      if (rows.some(function (r) { return r.id === n; })) return;
      const box = J.el("input", { type: "checkbox", className: "pick", "data-post": post, value: n, "aria-label": name + " " + n });
      box.checked = chosen.indexOf(n) >= 0;
      tbody.appendChild(J.el("tr", { "data-name": n }, [cell("—"), cell(n), cell(0, "num"), cell(0, "num"), cell(0, "num"),
        cell("否"), cell("✓"), cell("党委名单"), J.el("td", {}, [box])]));
    });
    const notes = [];
    notes.push(name + "：应选" + p.seats + "名，" + (party ? "初步人选" : "候选人") + p.wanted + "名");
    if (p.missing) notes.push("还差" + p.missing + "名（可扩大推荐范围或由党委提名）");
    if (p.preselection) {
      const pre = p.preselection;
      notes.push((pre.joined.length ? "另有联名或自荐提名的" + pre.joined.join("、") + "，提名人数多于候选人名额"
                                    : "名额处得票相等") + "，须就" + pre.above.concat(pre.tied, pre.joined).join("、") + "进行预选");
    }
    const parts = [
      J.el("h3", { text: notes.join("；") }),
      J.el("table", {}, [J.el("thead", {}, [J.el("tr", {}, head.map(function (h) {
        return J.el("th", { text: h, className: FIGURES.indexOf(h) >= 0 ? "num" : "" });
      }))]), tbody]),
    ];
    (p.preselections_held || []).forEach(function (h, i) { parts.push(heldTable(name, h, i)); });
    if (p.preselection && !state.decision) parts.push(preselectionForm(post, name, p.preselection));
    return J.el("div", { className: "result-post", "data-post": post }, parts);
  }

  /* CAMPAIGN.md §1 — a 预选 held: everyone in it by 预选 votes (the most votes win). */
  function heldTable(name, h, i) {
    const tbody = J.el("tbody");
    h.tally.forEach(function (r) {
      tbody.appendChild(J.el("tr", { "data-name": r.id }, [cell(r.rank, "num"), nameCell(r.name), cell(r.votes, "num"),
        cell({ candidate: "候选人", preselection: "参加再次预选", out: "未入选" }[r.status])]));
    });
    return J.el("div", { className: "preselection-held" }, [
      J.el("h4", { text: name + "第" + (i + 1) + "次预选：收回" + h.ballots_returned + "张，有效" + h.sections_valid + "张，取" + h.places + "名" }),
      J.el("table", {}, [J.el("thead", {}, [J.el("tr", {}, ["名次", "姓名", "预选得票", "结果"].map(function (t) {
        return J.el("th", { text: t, className: t === "名次" || t === "预选得票" ? "num" : "" });
      }))]), tbody]),
    ]);
  }

  /* The 预选's hand-counted result: ballots returned, invalid, each person's votes. */
  function preselectionForm(post, name, pre) {
    const among = pre.above.concat(pre.tied, pre.joined);
    const inputs = among.map(function (n) {
      return J.el("label", {}, [n + " 得票 ", J.el("input", { type: "number", min: "0", required: "", className: "pre-votes", "data-name": n, inputmode: "numeric" })]);
    });
    const returned = J.el("input", { type: "number", min: "0", required: "", className: "pre-returned", inputmode: "numeric" });
    const invalid = J.el("input", { type: "number", min: "0", value: "0", className: "pre-invalid", inputmode: "numeric" });
    const form = J.el("form", { className: "preselection-form", "data-post": post }, [
      J.el("p", { text: "预选：在" + among.join("、") + "中选" + pre.places + "名，每张票最多选" + pre.places + "人；当场计票后录入（得票最多的" + pre.places + "人为候选人，再有并列则再次预选）。" }),
      J.el("label", {}, ["收回票数 ", returned]), J.el("label", {}, ["无效票数 ", invalid]),
      J.el("div", { className: "pre-people" }, inputs),
      J.el("button", { type: "submit", text: "录入预选结果" }),
    ]);
    form.addEventListener("submit", J.once(async function () {
      const votes = {};
      form.querySelectorAll(".pre-votes").forEach(function (b) { votes[b.dataset.name] = number(b) || 0; });
      state = await call("POST", N + "/preselections", { post: post, ballots_returned: number(returned), invalid: number(invalid) || 0, votes: votes });
      J.toast(name + "预选结果已录入");
      render();
    }));
    return form;
  }

  field("decision-form").addEventListener("submit", J.once(async function () {
    const posts = {};
    cfg.posts.forEach(function (post) { posts[post] = []; });
    document.querySelectorAll('#result-posts input[type="checkbox"]').forEach(function (b) {
      if (b.checked) posts[b.dataset.post].push(b.value);
    });
    state = await call("PUT", N + "/decision", { posts: posts, decided_by: field("decided-by").value });
    J.toast(party ? "已确定初步人选" : "已确定候选人");
    render();
  }));

  field("print-ballot").addEventListener("click", function () { J.openPdf(token, N + "/ballot.pdf"); });
  field("print-tally").addEventListener("click", function () { J.openPdf(token, N + "/tally.pdf"); });
  field("export-tally").addEventListener("click", function () {
    J.download(token, N + "/tally.xlsx", "nomination-tally-" + eid + ".xlsx").catch(function (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    });
  });

  load();
})();
