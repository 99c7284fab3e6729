/* 联审部门: this department's sign-off of every negative-list item it checks, per candidate
 * (CAMPAIGN.md §3). The token decides the department; the server refuses any other. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const department = window.JIPIAO.department;
  const token = J.readToken(eid, "reviewer." + department);
  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }
  const E = "/api/v1/elections/" + eid;
  const field = function (id) { return document.getElementById(id); };
  const SIGN = { clear: "无问题", flagged: "有问题" };
  field("reviewed-on").value = J.today();
  try { field("reviewer-name").value = localStorage.getItem("jipiao.reviewer." + eid) || ""; } catch (e) { /* private mode */ }

  async function sign(c, item, status, note) {
    const reviewer = field("reviewer-name").value.trim();
    if (!reviewer) { J.showError("请先填写审核人姓名"); field("reviewer-name").focus(); return; }
    J.showError("");
    try {
      try { localStorage.setItem("jipiao.reviewer." + eid, reviewer); } catch (e) { /* keep going */ }
      draw(await J.api(token, "POST", E + "/vetting/reviews", { person_id: c.person_id, item: item.id, status: status,
        reviewer: reviewer, reviewed_on: field("reviewed-on").value, note: note || null }));
      J.toast("已登记：" + c.name + " " + SIGN[status]);
    } catch (err) {
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    }
  }

  function draw(v) {
    const box = field("review-list");
    box.textContent = "";
    if (!v.enabled) { box.appendChild(J.el("p", { className: "muted", text: "组织者尚未设置资格联审。" })); return; }
    const items = v.rules.items.filter(function (i) { return i.departments.indexOf(department) >= 0; });
    const linked = v.candidates.filter(function (c) { return c.person_id; });
    if (!linked.length) box.appendChild(J.el("p", { className: "muted", text: "还没有需要审核的候选人。" }));
    linked.forEach(function (c) {
      const rows = items.map(function (item) {
        const s = c.sign_offs.find(function (x) { return x.item === item.id && x.department === department; }) || {};
        const note = J.el("input", { type: "text", maxlength: "200", placeholder: "备注（有问题时写明）", "aria-label": c.name + " " + item.text + " 备注", value: s.note || "" });
        return J.el("tr", { "data-item": item.id }, [J.el("td", { text: item.text }),
          J.el("td", { "data-status": s.status || "", text: s.status ? SIGN[s.status] + "（" + s.reviewer + "，" + s.reviewed_on + "）" : "待审核" }),
          J.el("td", {}, [note]),
          J.el("td", {}, [
            J.el("button", { type: "button", text: "无问题", onclick: J.once(function () { return sign(c, item, "clear", note.value.trim()); }) }), " ",
            J.el("button", { type: "button", className: "secondary", text: "有问题", onclick: J.once(function () { return sign(c, item, "flagged", note.value.trim()); }) })])]);
      });
      box.appendChild(J.el("div", { className: "card", "data-candidate": c.name }, [
        J.el("h3", { text: c.name }),
        J.el("table", {}, [J.el("thead", {}, [J.el("tr", {}, ["负面清单条目", "审核意见", "备注", ""].map(function (t) { return J.el("th", { text: t }); }))]),
          J.el("tbody", {}, rows)])]));
    });
  }

  J.api(token, "GET", E + "/vetting").then(draw).catch(function (err) {
    J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
  });
})();
