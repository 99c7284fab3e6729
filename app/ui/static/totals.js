/* 计票人: hand-counted 正字 sheets entered as totals (RECORD.md `totals`). The server checks
 * them against the record's invariants; changing saved totals needs a reason (audit log). */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "clerk");
  const dataNode = document.getElementById("sheet-data");
  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }
  if (!dataNode) return;
  const sheet = JSON.parse(dataNode.textContent);
  const path = "/api/v1/elections/" + eid + "/rounds/" + sheet.round_id;
  const form = document.getElementById("totals-form");
  const voidInput = document.getElementById("ballots-void");
  let saved = false;
  // One box counted by hand while the others are entered ballot by ballot (RECORD.md boxes).
  const boxId = new URLSearchParams(location.search).get("box");

  const showError = J.showError;

  function count(input) {
    const n = parseInt(input.value, 10);
    return isNaN(n) || n < 0 ? 0 : n;
  }

  function addWriteIn(post, name, votes) {
    const box = document.querySelector('[data-write-ins="' + post + '"]');
    box.appendChild(J.el("div", { className: "row", "data-write-in": post }, [
      J.el("input", { type: "text", maxlength: "64", placeholder: "姓名", value: name || "", "aria-label": "另选他人姓名" }),
      J.el("input", { type: "number", min: "0", value: String(votes || 0), style: "width:6em", "aria-label": "赞成票数" }),
    ]));
  }
  document.querySelectorAll("[data-add-write-in]").forEach(function (b) {
    b.addEventListener("click", function () { addWriteIn(b.dataset.addWriteIn); });
  });

  function collect() {
    const totals = {};
    sheet.posts.forEach(function (p) { totals[p.id] = { invalid: 0, yes: {}, no: {} }; });
    document.querySelectorAll("input[data-cid]").forEach(function (i) {
      const n = count(i);
      if (n) totals[i.dataset.post][i.dataset.mark][i.dataset.cid] = n;
    });
    document.querySelectorAll("input[data-invalid]").forEach(function (i) {
      totals[i.dataset.invalid].invalid = count(i);
    });
    document.querySelectorAll("[data-write-in]").forEach(function (row) {
      const inputs = row.querySelectorAll("input");
      const name = inputs[0].value.trim();
      const votes = count(inputs[1]);
      if (!name || !votes) return;
      const w = totals[row.dataset.writeIn].write_ins = totals[row.dataset.writeIn].write_ins || {};
      w[name] = (w[name] || 0) + votes;
    });
    return totals;
  }

  function fill(totals, ballotsVoid) {
    voidInput.value = String(ballotsVoid || 0);
    document.querySelectorAll("input[data-cid]").forEach(function (i) {
      const section = totals[i.dataset.post] || {};
      i.value = String((section[i.dataset.mark] || {})[i.dataset.cid] || 0);
    });
    document.querySelectorAll("input[data-invalid]").forEach(function (i) {
      i.value = String((totals[i.dataset.invalid] || {}).invalid || 0);
    });
    document.querySelectorAll("[data-write-in]").forEach(function (row) { row.remove(); });
    Object.keys(totals).forEach(function (post) {
      Object.entries(totals[post].write_ins || {}).forEach(function (pair) {
        if (document.querySelector('[data-write-ins="' + post + '"]')) addWriteIn(post, pair[0], pair[1]);
      });
    });
  }

  function markSaved() {
    saved = true;
    document.getElementById("reason-row").classList.remove("hidden");
    document.getElementById("reason").value = "";
  }

  async function load() {
    let rnd;
    try { rnd = await J.api(token, "GET", path); } catch (err) {
      showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后刷新");
      return;
    }
    if (boxId) {
      const box = (rnd.boxes || []).find(function (b) { return b.id === boxId; });
      if (!box) { showError("本轮没有编号为“" + boxId + "”的票箱。"); return; }
      form.parentNode.insertBefore(J.el("p", { className: "notice warn", id: "box-label",
        text: "只录入“" + (box.name || box.id) + "”这一个票箱的正字统计：收回 " + (box.returned || 0) + " 张。其余票箱逐张录入，计票结果为各票箱之和。" }), form);
      if (box.totals) { fill(box.totals, box.ballots_void); markSaved(); }
      return;
    }
    if (rnd.entered > 0) {
      showError("本轮已逐张录入" + rnd.entered + "张选票，不能再录入汇总票数。");
      form.querySelectorAll("input, button").forEach(function (x) { x.disabled = true; });
      return;
    }
    if (rnd.totals) {
      fill(rnd.totals, rnd.ballots_void);
      markSaved();
    }
  }

  form.addEventListener("submit", J.once(async function (e) {
    showError("");
    const body = { totals: collect(), ballots_void: count(voidInput) };
    if (boxId) body.box = boxId;
    if (saved) {
      body.reason = document.getElementById("reason").value.trim();
      if (!body.reason) { showError("修改已录入的汇总票数，请先填写理由。"); return; }
    }
    try {
      await J.api(token, "PUT", path + "/totals", body);
    } catch (err) {
      let msg = err instanceof J.ApiError ? err.message : "无法连接服务器，请稍后重试（已填内容仍在本页）";
      const problems = err.detail && err.detail.problems;
      if (problems) msg += "：" + problems.map(function (p) { return p.zh; }).join("；");
      showError(msg);
      return;
    }
    markSaved();
    const ok = document.getElementById("saved");
    ok.textContent = "已保存汇总票数。请监票人核对统计表后，由组织者计算结果。";
    ok.classList.remove("hidden");
  }));

  load();
})();
