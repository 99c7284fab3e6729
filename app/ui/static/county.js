/* The progress board and statistics of a 县/区 or 乡镇/街道 (CAMPAIGN.md §4): read with the
 * unit's token (#token=…), refreshed every few seconds, so a counted round shows at once. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const unitId = window.JIPIAO.unitId;
  const base = "/api/v1/units/" + unitId;
  const token = J.readToken("unit" + unitId, "unit");
  const REFRESH_MS = 3000;
  const CHILD_KINDS = { county: [["township", "乡镇/街道"]],
                        township: [["village", "村"], ["community", "社区"]] };
  let lastBoard = "";
  let unit = null;
  let role = null;

  function $(id) { return document.getElementById(id); }
  function text(node, value) { node.textContent = value; return node; }

  function renderBoard(board) {
    unit = board.unit;
    role = board.role;
    text($("unit-title"), board.unit.name + " · 换届进度");
    document.title = board.unit.name + " · 换届进度 · jipiao";
    text($("crumb"), board.unit.kind_zh + "：" + board.unit.name);
    $("stage-chips").replaceChildren.apply($("stage-chips"), board.stages.map(function (s) {
      return J.el("span", { class: "chip", "data-stage": s.stage },
                  [s.stage_zh, J.el("b", {}, [String(s.elections)])]);
    }));
    const flags = [
      J.el("span", { class: "flag " + (board.late ? "late" : "ok"), id: "flag-late" },
           ["逾期 " + board.late]),
      J.el("span", { class: "flag " + (board.needs_round ? "warn" : "ok"), id: "flag-round" },
           ["需再次投票 " + board.needs_round]),
      J.el("span", { class: "flag " + (board.failing ? "bad" : "ok"), id: "flag-failing" },
           ["未通过检查 " + board.failing]),
    ];
    $("flags").replaceChildren.apply($("flags"), flags);
    const onlyProblems = $("only-problems").checked;
    const rows = board.units.filter(function (u) {
      return !onlyProblems || u.late || u.needs_round || u.failing;
    }).map(function (u) {
      // Each election opens with this unit's token: the organiser page for an organiser,
      // the board (read only) for a viewer.
      const page = board.role === "organiser" ? "" : "/board";
      const stages = u.elections.map(function (e) {
        const cls = "stage" + (e.late ? " late" : "") + (e.stage === "done" ? " done" : "");
        const label = e.body_zh + "：" + e.stage_zh + (e.late ? "（逾期）" : "");
        return J.el("a", { class: cls, "data-election": String(e.id), title: e.title,
                           href: "/e/" + e.id + page + "#token=" +
                                 encodeURIComponent(J.currentToken(token)) }, [label]);
      });
      const notes = [];
      u.elections.forEach(function (e) {
        if (e.needs_round) notes.push(e.body_zh + "需再次投票");
        e.failing_zh.forEach(function (f) { notes.push(e.body_zh + f); });
      });
      u.checks_zh.forEach(function (f) { notes.push(f); });
      return J.el("tr", { "data-unit": String(u.id) }, [
        J.el("td", {}, [u.parent]), J.el("td", {}, [u.name]),
        J.el("td", {}, stages.length ? stages : [J.el("span", { class: "muted" }, ["尚无选举"])]),
        J.el("td", { class: notes.length ? "bad-ink" : "" }, [notes.join("；")]),
      ]);
    });
    $("board-rows").replaceChildren.apply($("board-rows"), rows);
  }

  function renderStatistics(st) {
    text($("summary"), st.summary);
    const body = $("figures").querySelector("tbody");
    body.replaceChildren.apply(body, st.figures.map(function (f) {
      return J.el("tr", {}, [J.el("td", {}, [f.label]), J.el("td", { class: "num" }, [f.text]),
                             J.el("td", { class: "num" }, [f.previous_text || ""]),
                             J.el("td", {}, [f.trend || ""])]);
    }));
  }

  function renderChildren(tree) {
    const kids = tree.filter(function (u) { return u.parent_id === unitId; });
    $("children").replaceChildren.apply($("children"), kids.map(function (u) {
      const link = J.el("a", { href: "/u/" + u.id + "#token=" + encodeURIComponent(J.currentToken(token)) },
                        [u.name]);
      return J.el("li", {}, [link, " ", J.el("span", { class: "muted small" }, [u.kind_zh])]);
    }));
    const kinds = CHILD_KINDS[unit && unit.kind] || [];
    $("add-child").classList.toggle("hidden", kinds.length === 0);
    const select = $("child-kind");
    if (!select.options.length) {
      kinds.forEach(function (k) { select.appendChild(J.el("option", { value: k[0] }, [k[1]])); });
    }
    // A 村 made under the wrong 乡镇, or 乡镇撤并: the 县's organiser moves it.
    const names = {};
    tree.forEach(function (u) { names[u.id] = u.name; });
    const towns = tree.filter(function (u) { return u.kind === "township"; });
    const places = tree.filter(function (u) { return u.kind === "village" || u.kind === "community"; });
    const movable = unit && unit.kind === "county" && role === "organiser" && towns.length > 1 && places.length > 0;
    $("move-unit").classList.toggle("hidden", !movable);
    $("move-which").replaceChildren.apply($("move-which"), places.map(function (u) {
      return J.el("option", { value: String(u.id) }, [u.name + "（" + (names[u.parent_id] || "") + "）"]);
    }));
    $("move-to").replaceChildren.apply($("move-to"), towns.map(function (u) {
      return J.el("option", { value: String(u.id) }, [u.name]);
    }));
  }

  async function refresh(full) {
    try {
      const board = await J.api(token, "GET", base + "/board");
      const signature = JSON.stringify(board);
      J.showError("");
      text($("live-status"), "已更新 " + J.clock());
      if (signature === lastBoard && !full) return;
      lastBoard = signature;
      renderBoard(board);
      renderStatistics(await J.api(token, "GET", base + "/statistics"));
      if (full) renderChildren(await J.api(token, "GET", base + "/tree"));
    } catch (err) {
      if (err instanceof J.ApiError) J.showError(err.message);
      else text($("live-status"), "连接中断，正在重试…");
    }
  }

  async function download(name) {
    try {
      const res = await fetch(base + "/reports/" + name, {
        headers: { "Authorization": "Bearer " + J.currentToken(token) }, cache: "no-store" });
      if (!res.ok) {
        let data = null;
        try { data = await res.json(); } catch (e) { data = null; }
        throw new J.ApiError(res.status, data);
      }
      const link = J.el("a", { href: URL.createObjectURL(await res.blob()),
                               download: (unit ? unit.name : "unit") + "-" + name });
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (err) {
      J.toast(err instanceof J.ApiError ? err.message : "无法连接服务器，请稍后重试", 4000);
    }
  }

  if (!token) {
    $("token-missing").classList.remove("hidden");
    return;
  }
  $("only-problems").addEventListener("change", function () { lastBoard = ""; refresh(false); });
  document.querySelectorAll("[data-report]").forEach(function (button) {
    button.addEventListener("click", J.once(function () { return download(button.dataset.report); }));
  });
  $("add-child").addEventListener("submit", J.once(async function () {
    try {
      await J.api(token, "POST", base + "/units",
                  { name: $("child-name").value, kind: $("child-kind").value });
      $("child-name").value = "";
      J.toast("已添加");
      await refresh(true);
    } catch (err) {
      J.toast(err instanceof J.ApiError ? err.message : "无法连接服务器，请稍后重试", 4000);
    }
  }));
  $("move-unit").addEventListener("submit", J.once(async function () {
    const which = $("move-which").selectedOptions[0];
    const to = $("move-to").selectedOptions[0];
    try {
      await J.api(token, "PATCH", "/api/v1/units/" + which.value, { parent_id: Number(to.value) });
      J.toast(which.textContent.replace(/（.*）$/, "") + "已移到" + to.textContent);
      lastBoard = "";
      await refresh(true);
    } catch (err) {
      J.toast(err instanceof J.ApiError ? err.message : "无法连接服务器，请稍后重试", 4000);
    }
  }));
  refresh(true);
  setInterval(function () { if (!document.hidden) refresh(false); }, REFRESH_MS);
})();
