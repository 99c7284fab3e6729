/* 组织者: people of the 村/社区, 近亲属 relations, the 资格联审 conditions and table, and one
 * reviewer link per department (CAMPAIGN.md §3). */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "organiser");
  const card = document.getElementById("vetting-card");
  if (!token || !card) return;
  const E = "/api/v1/elections/" + eid;
  const field = function (id) { return document.getElementById(id); };
  const GENDER = { F: "女", M: "男" };
  const SIGN = { clear: "无问题", flagged: "有问题" };
  let people = [];

  async function call(method, path, body) {
    J.showError("");
    try { return await J.api(token, method, E + path, body); } catch (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
      throw err;
    }
  }
  function options(select, keep) {
    const value = select.value;
    select.textContent = "";
    if (keep) select.appendChild(J.el("option", { value: "", text: keep }));
    people.forEach(function (p) { select.appendChild(J.el("option", { value: String(p.id), text: p.name + (p.note ? "（" + p.note + "）" : "") })); });
    select.value = value;
    if (select.selectedIndex < 0) select.selectedIndex = 0;
  }

  async function loadPeople() {
    try { people = await call("GET", "/people"); } catch (e) { return; }
    field("people-count").textContent = String(people.length);
    const tbody = document.querySelector("#people-table tbody");
    tbody.textContent = "";
    people.forEach(function (p) {
      tbody.appendChild(J.el("tr", { "data-person": p.name }, [J.el("td", { text: String(p.id) }), J.el("td", { text: p.name }),
        J.el("td", { text: GENDER[p.gender] || "" }), J.el("td", { text: p.birth_date || "" }), J.el("td", { text: p.education || "" }),
        J.el("td", { text: p.political_status || "" }), J.el("td", { text: p.party_joined_on || "" }),
        J.el("td", { text: p.posts.map(function (x) { return x.post; }).join("、") })]));
    });
    options(field("cand-person"), "—（直接填写姓名）");
    options(field("relation-a"));
    options(field("relation-b"));
    loadRelations();
  }

  async function loadRelations() {
    let rows;
    try { rows = await call("GET", "/relations"); } catch (e) { return; }
    const list = field("relation-list");
    list.textContent = "";
    rows.forEach(function (r) { list.appendChild(J.el("li", { text: r.person_name + " — " + r.relative_name + "：" + r.kind_zh })); });
    if (!rows.length) list.appendChild(J.el("li", { className: "muted", text: "尚未登记" }));
  }

  const optional = function (id) { const v = field(id).value.trim(); return v || null; };
  field("person-form").addEventListener("submit", J.once(async function () {
    const sits = field("person-posts").value;
    const body = {
      name: field("person-name").value.trim(), gender: optional("person-gender"), birth_date: optional("person-birth"),
      ethnicity: optional("person-ethnicity"), education: optional("person-education"),
      political_status: optional("person-political"), party_joined_on: optional("person-joined"),
      residence: optional("person-residence"),
      posts: sits ? [{ body: sits, post: field("person-posts").selectedOptions[0].text }] : [],
      tags: field("person-tags").value.split(/[,，、]/).map(function (t) { return t.trim(); }).filter(Boolean),
    };
    await call("POST", "/people", body);
    ["person-name", "person-birth", "person-joined", "person-residence", "person-tags"].forEach(function (id) { field(id).value = ""; });
    J.toast("已录入" + body.name);
    await loadPeople();
    field("person-name").focus();
  }));

  field("relation-form").addEventListener("submit", J.once(async function () {
    await call("POST", "/relations", { person_id: parseInt(field("relation-a").value, 10),
      relative_id: parseInt(field("relation-b").value, 10), kind: field("relation-kind").value });
    await loadRelations();
    loadVetting();
  }));

  field("vetting-form").addEventListener("submit", J.once(async function () {
    const age = field("vetting-age").value, years = field("vetting-years").value;
    const body = { reference_date: field("vetting-date").value, max_age: age ? parseInt(age, 10) : null,
      min_education: field("vetting-education").value || null, party_member: field("vetting-party").checked,
      min_party_years: years ? parseInt(years, 10) : null };
    if (current && current.rules) { body.items = current.rules.items; body.tellers = current.rules.tellers; }
    draw(await call("PUT", "/vetting", body));
    J.toast("联审条件已保存");
  }));

  let current = null;
  let shown = "";
  async function loadVetting() {
    try { draw(await call("GET", "/vetting")); } catch (e) { /* shown */ }
  }

  function draw(v) {
    current = v;
    // the departments sign elsewhere: redrawn when anything changed (polled)
    const seen = JSON.stringify(v);
    if (seen === shown) return;
    shown = seen;
    const summary = field("vetting-summary");
    const table = field("vetting-table");
    summary.textContent = "";
    table.classList.toggle("hidden", !v.enabled);
    if (!v.enabled) {
      summary.appendChild(J.el("p", { className: "muted", text: "尚未设置联审条件：设置后，候选人须经各部门审核通过才能印制、发出选票。" }));
      drawReviewerButtons([]);
      return;
    }
    const r = v.rules;
    field("vetting-date").value = r.reference_date;
    field("vetting-age").value = r.max_age == null ? "" : r.max_age;
    field("vetting-education").value = r.min_education || "";
    field("vetting-party").checked = !!r.party_member;
    field("vetting-years").value = r.min_party_years == null ? "" : r.min_party_years;
    const waiting = v.candidates.filter(function (c) { return !c.passed; }).length;
    summary.appendChild(J.el("p", { className: "notice " + (v.passed ? "ok" : "warn"), id: "vetting-verdict",
      text: v.passed ? "✓ 全部候选人审核通过" : "⚠ " + waiting + "名候选人尚未审核通过，不能印制或发出选票" }));
    v.teller_findings.forEach(function (t) { summary.appendChild(J.el("p", { className: "notice bad", text: "✗ " + t })); });
    const tbody = table.querySelector("tbody");
    tbody.textContent = "";
    v.candidates.forEach(function (c) {
      const findings = J.el("td", {}, c.findings.map(function (f) {
        const line = J.el("div", { className: "small" }, [f.text + (f.exception ? "（例外：" + f.exception + "）" : "")]);
        if (f.exemptable && !f.exception && c.person_id) {
          line.appendChild(J.el("button", { type: "button", className: "secondary", style: "margin-left:8px", text: "例外", onclick: J.once(async function () {
            const reason = window.prompt("对“" + f.text + "”作出例外决定的理由：");
            if (!reason || !reason.trim()) return;
            draw(await call("POST", "/vetting/exceptions", { person_id: c.person_id, condition: f.code, reason: reason.trim() }));
          }) }));
        }
        return line;
      }));
      if (!c.findings.length) findings.appendChild(J.el("span", { className: "small", text: c.person_id ? "符合" : "未关联人员信息" }));
      const byDept = {};
      c.sign_offs.forEach(function (s) {
        const d = byDept[s.department] = byDept[s.department] || { clear: 0, flagged: 0, waiting: 0 };
        d[s.status || "waiting"] += 1;
      });
      const depts = J.el("td", { className: "small" }, Object.keys(byDept).map(function (d) {
        const x = byDept[d];
        return J.el("div", { className: "nowrap", "data-department": d, text: d + "：" + (x.flagged ? SIGN.flagged : x.waiting ? "待审核" : SIGN.clear) });
      }));
      // the reasons are the findings and the departments' cells: the verdict names the flags
      const flagged = c.reasons.filter(function (r) { return r.indexOf("：有问题") >= 0; });
      tbody.appendChild(J.el("tr", { "data-vetting": c.name }, [J.el("td", { className: "nowrap", text: c.name }), findings, depts,
        J.el("td", { className: "nowrap", "data-passed": String(c.passed), text: c.passed ? "✓ 审核通过" : "✗ 未通过" },
          flagged.map(function (r) { return J.el("div", { className: "small", text: r }); }))]));
    });
    drawReviewerButtons(v.departments);
  }

  function drawReviewerButtons(departments) {
    const box = field("reviewer-buttons");
    box.textContent = "";
    if (!departments.length) box.appendChild(J.el("span", { className: "small muted", text: "设置联审条件后可生成" }));
    departments.forEach(function (d) {
      box.appendChild(J.el("button", { type: "button", className: "secondary", "data-reviewer": d, text: d, onclick: J.once(async function () {
        const made = await call("POST", "/tokens", { role: "reviewer", label: d });
        const url = J.publicBase + "/e/" + eid + "/review?department=" + encodeURIComponent(d) + "#token=" + made.token;
        field("reviewer-links").prepend(J.el("div", { className: "row" }, [
          J.el("img", { src: "/ui/qr.svg?data=" + encodeURIComponent(url), width: "140", height: "140", alt: d + "二维码" }),
          J.el("div", {}, [J.el("strong", { text: "联审部门：" + d }), J.el("br"), J.el("a", { href: url, target: "_blank", text: "打开", "data-link-role": "联审" + d }),
            J.el("div", { className: "small mono", text: url })])]));
      }) }));
    });
  }

  field("vetting-pdf").addEventListener("click", function () { J.openPdf(token, E + "/vetting/table.pdf"); });
  field("vetting-xlsx").addEventListener("click", async function () {
    try {
      await J.download(token, E + "/vetting/table.xlsx", "vetting-" + eid + ".xlsx");
    } catch (err) { J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试"); }
  });
  document.body.addEventListener("candidates-changed", loadVetting);

  loadPeople();
  loadVetting();
  setInterval(function () {
    if (!document.hidden && !J.busy()) J.api(token, "GET", E + "/vetting").then(draw).catch(function () { /* next time */ });
  }, 5000);
})();
