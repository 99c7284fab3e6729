/* 组织者: 民主测评 and 信任票 (CAMPAIGN.md §2) — settings, 测评表 one by one or as totals,
 * the result with its flags, the printed forms. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "organiser");
  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }
  const A = "/api/v1/elections/" + eid + "/appraisal";
  const TRUST = [["trust", "信任"], ["distrust", "不信任"], ["abstain", "弃权"]];
  let state = null;
  let shape = "";  // the votes and subjects the entry cards were built for

  function field(id) { return document.getElementById(id); }
  function lines(text) { return text.split("\n").map(function (l) { return l.trim(); }).filter(Boolean); }

  async function call(method, path, body) {
    J.showError("");
    try { return await J.api(token, method, path, body); } catch (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
      throw err;
    }
  }

  function subjectsOf(vote) {
    const s = state.settings;
    if (vote === "evaluation") return s.subjects || [];
    const found = (s.trust_votes || []).find(function (v) { return v.id === vote; });
    return found ? found.people : [];
  }
  /* The marks of a vote: its options (民主测评) or 信任/不信任/弃权, and 无效. */
  function marksOf(vote) {
    return vote === "evaluation"
      ? state.options.map(function (o) { return [o, o]; }).concat([["invalid", "无效"]])
      : TRUST;
  }

  async function load() {
    try { state = await call("GET", A); } catch (e) { return; }
    render();
  }

  function render() {
    const next = JSON.stringify([state.votes.map(function (v) { return v.id; }), state.settings, state.options]);
    if (next !== shape) { shape = next; fill(); buildVotes(); }
    state.votes.forEach(function (v) {
      const card = field("vote-" + v.id);
      const mode = { ballots: "逐张录入", totals: "手工汇总", none: "尚未录入" }[v.mode];
      card.querySelector(".vote-status").textContent = mode + (v.mode === "none" ? "" : "，收回" + v.ballots_returned + "张");
      card.querySelector(".ballot-details").classList.toggle("hidden", v.mode === "totals");
      card.querySelector(".totals-details").classList.toggle("hidden", v.mode === "ballots");
    });
    renderResult();
  }

  function fill() {
    const s = state.settings;
    const rules = s.rules || {};
    field("scale").value = rules.appraisal_options || "satisfaction";
    field("subjects").value = (s.subjects || []).map(function (x) { return x.name; }).join("\n");
    const trust = (s.trust_votes || [])[0];
    field("trust-name").value = trust ? trust.name : "";
    field("trust-people").value = trust ? trust.people.map(function (x) { return x.name; }).join("\n") : "";
    field("households").value = s.survey ? s.survey.households : "";
    field("surveyed").value = s.survey ? s.survey.surveyed : "";
  }

  field("settings-form").addEventListener("submit", J.once(async function () {
    const body = { rules: { appraisal_options: field("scale").value },
      subjects: lines(field("subjects").value).map(function (name, i) { return { id: "s" + (i + 1), name: name }; }),
      trust_votes: [] };
    const people = lines(field("trust-people").value);
    if (people.length) {
      body.trust_votes.push({ id: "trust", name: field("trust-name").value.trim() || "信任票",
        people: people.map(function (name, i) { return { id: "t" + (i + 1), name: name }; }) });
    }
    if (field("households").value !== "") {
      body.survey = { households: Number(field("households").value), surveyed: Number(field("surveyed").value || 0) };
    }
    state = await call("PUT", A, body);
    J.toast("已保存设置");
    render();
  }));

  function buildVotes() {
    const holder = field("votes");
    holder.textContent = "";
    state.votes.forEach(function (v) { holder.appendChild(voteCard(v)); });
  }

  function voteCard(v) {
    const subjects = subjectsOf(v.id);
    const marks = marksOf(v.id);
    const url = A + "/" + v.id;
    const answer = J.el("p", { className: "entry-answer", "aria-live": "polite" });
    const rows = subjects.map(function (s) {
      const cells = [J.el("td", { text: s.name })];
      marks.forEach(function (m) {
        const id = v.id + "-" + s.id + "-" + m[0];
        cells.push(J.el("td", {}, [J.el("label", { className: "row", for: id, style: "font-weight:400;margin:0" }, [
          J.el("input", { type: "radio", className: "pick", id: id, name: v.id + "-" + s.id, value: m[0] }), m[1]])]));
      });
      return J.el("tr", { "data-subject": s.id }, cells);
    });
    const ballotForm = J.el("form", { className: "stack ballot-form", autocomplete: "off" }, [
      J.el("p", { className: "small muted", text: "按测评表逐行选择；未划的留空（弃权），一行划了多个的选“无效”。" }),
      J.el("table", {}, [J.el("tbody", {}, rows)]),
      J.el("div", { className: "row" }, [J.el("button", { type: "submit", text: "录入这张" }),
        J.el("button", { type: "button", className: "secondary void-ballot", text: "录入一张作废票" })]),
      answer]);
    async function enter(body) {
      if (!ballotForm.dataset.entryId) ballotForm.dataset.entryId = J.randomId();
      body.entry_id = ballotForm.dataset.entryId;
      let done;
      try { done = await J.api(token, "POST", url + "/entries", body); } catch (err) {
        if (err instanceof J.ApiError) { delete ballotForm.dataset.entryId; J.showError(err.message); }
        else J.showError("未能确认是否录入（网络中断），请再点一次：同一张不会重复计入");
        throw err;
      }
      J.showError("");
      delete ballotForm.dataset.entryId;
      answer.textContent = "第" + done.position + "张：" + done.message;
      answer.className = "entry-answer notice ok";
      ballotForm.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
      load();
    }
    ballotForm.addEventListener("submit", J.once(async function () {
      const picked = {};
      ballotForm.querySelectorAll("input[type=radio]:checked").forEach(function (r) {
        picked[r.name.slice(v.id.length + 1)] = r.value;
      });
      await enter({ marks: picked });
    }));
    ballotForm.querySelector(".void-ballot").addEventListener("click", J.once(async function () { await enter({ void: true }); }));

    const countable = v.id === "evaluation" ? marks : TRUST.slice(0, 2);
    const totalsRows = subjects.map(function (s) {
      return J.el("tr", { "data-subject": s.id }, [J.el("td", { text: s.name })].concat(countable.map(function (m) {
        return J.el("td", {}, [J.el("input", { type: "number", min: "0", max: "1000000", value: "0", "data-mark": m[0],
          "aria-label": s.name + " " + m[1], style: "width:6em" })]);
      })));
    });
    const returned = J.el("input", { type: "number", id: v.id + "-returned", min: "0", max: "1000000", required: "required", style: "width:7em" });
    const totalsForm = J.el("form", { className: "stack totals-form", autocomplete: "off" }, [
      J.el("label", { for: v.id + "-returned", text: "收回票数" }), returned,
      J.el("table", {}, [J.el("thead", {}, [J.el("tr", {}, [J.el("th", { text: "对象" })].concat(countable.map(function (m) {
        return J.el("th", { text: m[1] });
      })))]), J.el("tbody", {}, totalsRows)]),
      J.el("div", {}, [J.el("button", { type: "submit", text: "保存汇总" })])]);
    totalsForm.addEventListener("submit", J.once(async function () {
      const totals = {};
      totalsForm.querySelectorAll("tbody tr").forEach(function (tr) {
        const counts = {};
        tr.querySelectorAll("input[data-mark]").forEach(function (i) { if (Number(i.value)) counts[i.dataset.mark] = Number(i.value); });
        totals[tr.dataset.subject] = counts;
      });
      state = await call("PUT", url + "/totals", { ballots_returned: Number(returned.value), totals: totals });
      J.toast("已保存" + v.name + "的汇总");
      render();
    }));
    return J.el("section", { className: "card", id: "vote-" + v.id }, [
      J.el("h2", { text: v.name }), J.el("p", { className: "vote-status small", "aria-live": "polite" }),
      J.el("details", { className: "ballot-details", open: "open" }, [J.el("summary", { className: "button secondary", text: "逐张录入" }), ballotForm]),
      J.el("details", { className: "totals-details" }, [J.el("summary", { className: "button secondary", text: "手工汇总录入" }), totalsForm]),
    ]);
  }

  /* A header row: the first and last columns are text, the others figures. */
  function headRow(titles) {
    return J.el("thead", {}, [J.el("tr", {}, titles.map(function (h, i) {
      return J.el("th", { text: h, className: i && i < titles.length - 1 ? "num" : "" });
    }))]);
  }

  function renderResult() {
    const box = field("result");
    box.textContent = "";
    const r = state.result;
    if (!r) { box.appendChild(J.el("p", { className: "notice warn", text: state.problems.join("；") })); return; }
    if (r.evaluation) {
      const head = ["测评对象"].concat(state.options, ["无效", "弃权", "满意率", "不满意率", "结论"]);
      const rows = r.evaluation.subjects.map(function (s) {
        return J.el("tr", { "data-subject": s.id, className: s.dissatisfied_flag ? "flagged" : "" }, [J.el("td", { text: s.name })]
          .concat(state.options.map(function (o) { return J.el("td", { className: "num", text: String(s.counts[o] || 0) }); }))
          .concat([J.el("td", { className: "num", text: String(s.invalid) }), J.el("td", { className: "num", text: String(s.blank) }),
            J.el("td", { className: "num", text: s.satisfied_rate || "—" }), J.el("td", { className: "num", text: s.dissatisfied_rate || "—" }),
            J.el("td", { text: s.dissatisfied_flag ? "不满意超过规定比例，不宜继续提名" : "" })]));
      });
      box.appendChild(J.el("h3", { text: "民主测评（收回" + r.evaluation.ballots_returned + "张）" }));
      box.appendChild(J.el("table", {}, [headRow(head), J.el("tbody", {}, rows)]));
    }
    if (r.survey) box.appendChild(J.el("p", { className: "notice " + (r.survey.ok ? "ok" : "bad"), text: r.survey.text }));
    r.trust_votes.forEach(function (v) {
      box.appendChild(J.el("h3", { text: v.name + "（收回" + v.ballots_returned + "张）" }));
      const rows = v.people.map(function (p) {
        return J.el("tr", { "data-subject": p.id }, [J.el("td", { text: p.name }), J.el("td", { className: "num", text: String(p.trust) }),
          J.el("td", { className: "num", text: String(p.distrust) }), J.el("td", { className: "num", text: String(p.abstain) }),
          J.el("td", { className: "num", text: p.trust_rate || "—" }), J.el("td", { text: p.trusted ? "信任票过半" : "信任票未过半" })]);
      });
      box.appendChild(J.el("table", {}, [headRow(["姓名", "信任", "不信任", "弃权", "信任率", "结论"]), J.el("tbody", {}, rows)]));
    });
  }

  field("print-form").addEventListener("click", function () { J.openPdf(token, A + "/form.pdf"); });
  field("print-result").addEventListener("click", function () { J.openPdf(token, A + "/result.pdf"); });
  field("export-result").addEventListener("click", function () {
    J.download(token, A + "/result.xlsx", "appraisal-result-" + eid + ".xlsx").catch(function (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    });
  });

  load();
})();
