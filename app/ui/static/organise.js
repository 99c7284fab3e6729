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
  let locked = false;
  // RULES.md §3: 村/居 turnout is the ballots returned; sign-in is optional there.
  const village = window.JIPIAO.body === "villagers_committee" || window.JIPIAO.body === "residents_committee";
  const ROLL_PAGE = 60;  // a village roll of 1,200: show a page, find the rest by name

  if (!token) {
    document.getElementById("token-missing").classList.remove("hidden");
    // Nothing here can be read without the token: no card waits "读取中" for it, and the
    // 签到 panel asks for nothing (htmx starts after this script).
    document.querySelectorAll("main > nav, main > section.card").forEach(function (s) { s.classList.add("hidden"); });
    const panel = document.getElementById("attendance");
    if (panel) { panel.removeAttribute("hx-get"); panel.removeAttribute("hx-trigger"); }
    return;
  }

  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["Authorization"] = "Bearer " + token;
  });

  /* A message stays beside the form it concerns until the user's next action (never
   * cleared by the periodic refresh, never scrolled to). A round action's message is kept
   * over a redraw of the round panel. */
  let roundError = null;  // {form, msg}
  function showNear(near, msg) {
    J.showErrorNear(near, msg);
    const panel = document.getElementById("round-panel");
    roundError = near && near.dataset && near.dataset.form && panel.contains(near) ? { form: near.dataset.form, msg: msg } : null;
  }
  function clearErrors() { roundError = null; J.clearErrors(); }
  const top = document.getElementById("error");

  /* GETs (the refresh) leave the user's messages alone; any other call is the user's next
   * action and clears them. An error goes beside `near` (a failed refresh: at the top). */
  async function call(method, path, body, near) {
    if (method !== "GET") clearErrors();
    try {
      const data = await J.api(token, method, E + path, body);
      if (method === "GET" && top.dataset.from === "load") { top.dataset.from = ""; top.classList.add("hidden"); }
      return data;
    } catch (err) {
      const msg = err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试";
      if (method === "GET" && !near) {
        if (!document.querySelector("[data-error-for]")) {
          top.textContent = msg; top.dataset.from = "load"; top.classList.remove("hidden");
        }
      } else showNear(near, msg);
      throw err;
    }
  }

  function formBox(name, children, cls) {
    return J.el("div", { className: cls || "row", "data-form": name }, children);
  }

  // ---------- round ----------
  async function loadRound() {
    let rounds;
    try { rounds = await call("GET", "/rounds"); } catch (e) { return; }
    const last = rounds[rounds.length - 1] || null;
    loadPlenary(last);
    // Set-up is frozen once ballots were issued (409 election_locked): the selects say so.
    const frozen = rounds.some(function (x) { return x.ballots_issued != null; });
    if (frozen !== locked) {
      locked = frozen;
      loadCandidates();
      document.querySelectorAll("[data-women-only]").forEach(function (i) { i.disabled = locked; });
    }
    const text = JSON.stringify(last);
    const panel = document.getElementById("round-panel");
    // Never redraw under the organiser's fingers (a number being typed) or for nothing.
    if (text === lastRound || panel.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    lastRound = text;
    drawRound(last);
    syncBoxLinks(last);
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

  // The round's steps (its state machine): each is taken once.
  const STEPS = ["create", "quorum", "issue", "return", "count", "publish", "next"];

  // A round action: its message beside its form; then the round panel is drawn again.
  function act(method, path, body, after) {
    return J.once(async function (e) {
      const near = e && e.currentTarget ? (e.currentTarget.closest("[data-form]") || e.currentTarget) : null;
      await call(method, path, typeof body === "function" ? body() : body, near);
      // Done: until the panel is redrawn with the next step, its buttons send nothing more
      // (an Enter pressed again would only meet a 409 from the state machine).
      if (near && near.dataset && STEPS.indexOf(near.dataset.form) >= 0) {
        near.dataset.done = "1";
        near.querySelectorAll("button, input").forEach(function (c) { c.disabled = true; });
      }
      if (after) after();
      lastRound = null;
      loadRound();
      document.body.dispatchEvent(new Event("attendance-changed"));
    });
  }

  const BOX_KIND_ZH = { main: "中心会场", station: "投票站", mobile: "流动票箱" };

  // RULES.md §3 "Boxes": each box with its ballots issued and returned, reconciled on its own.
  function boxTable(r) {
    const tbody = J.el("tbody");
    r.boxes.forEach(function (b) {
      const over = b.returned != null && b.issued != null && b.returned > b.issued;
      const how = b.totals ? "正字汇总" : (r.state === "counting" || r.state === "counted" || r.state === "published") ? "逐张录入" : "";
      const who = b.kind === "mobile" && (b.carrier || b.scrutineers) ? "（携带人：" + (b.carrier || "—") + "；监票人：" + (b.scrutineers || "—") + "）" : "";
      tbody.appendChild(J.el("tr", { "data-box": b.id, className: over ? "bad" : "" }, [
        J.el("td", { text: (b.name || b.id) + who }), J.el("td", { text: BOX_KIND_ZH[b.kind] || b.kind || "" }),
        J.el("td", { className: "num", text: b.issued == null ? "—" : String(b.issued) }),
        J.el("td", { className: "num", text: b.returned == null ? "—" : String(b.returned) + (over ? " ✗ 多于发出" : "") }),
        J.el("td", { text: how }),
      ]));
    });
    return J.el("table", { id: "box-table" }, [J.el("thead", {}, [J.el("tr", {}, [
      J.el("th", { text: "票箱" }), J.el("th", { text: "类型" }), J.el("th", { className: "num", text: "发出" }),
      J.el("th", { className: "num", text: "收回" }), J.el("th", { text: "计票方式" })])]), tbody]);
  }

  // The 中心会场, each 投票站 and 流动票箱 by name, set before ballots go out.
  function boxEditor(r, R) {
    const rows = J.el("div", { className: "stack", id: "box-rows" });
    function addRow(b) {
      const kind = J.el("select", { "aria-label": "票箱类型", "data-box-kind": "" },
        ["main", "station", "mobile"].map(function (k) { return J.el("option", { value: k, text: BOX_KIND_ZH[k] }); }));
      kind.value = b.kind;
      const name = J.el("input", { type: "text", maxlength: "64", value: b.name || "", placeholder: "名称，如：第一投票站", "aria-label": "票箱名称", "data-box-name": "" });
      const carrier = J.el("input", { type: "text", maxlength: "100", value: b.carrier || "", placeholder: "携带人", "aria-label": "流动票箱携带人", "data-box-carrier": "" });
      const scrut = J.el("input", { type: "text", maxlength: "200", value: b.scrutineers || "", placeholder: "随箱监票人", "aria-label": "流动票箱监票人", "data-box-scrutineers": "" });
      const row = J.el("div", { className: "row", "data-box-row": b.id || "" }, [kind, name, carrier, scrut,
        J.el("button", { type: "button", className: "secondary", text: "删除", onclick: function () { row.remove(); } })]);
      function mobile() { carrier.classList.toggle("hidden", kind.value !== "mobile"); scrut.classList.toggle("hidden", kind.value !== "mobile"); }
      kind.addEventListener("change", mobile);
      mobile();
      rows.appendChild(row);
    }
    (r.boxes && r.boxes.length ? r.boxes : [{ id: "main", kind: "main", name: "中心会场" }]).forEach(addRow);
    let n = 0;
    const editor = J.el("details", { id: "box-editor", "data-form": "boxes" }, [
      J.el("summary", { className: "button secondary", text: "票箱：中心会场、投票站、流动票箱" + (r.boxes ? "（已设" + r.boxes.length + "个）" : "") }),
      J.el("p", { className: "small muted", text: "每个票箱分别登记发出和收回的选票；某个票箱收回多于发出，本轮投票无效。只在中心会场投票的，可不设票箱。" }),
      rows,
      J.el("div", { className: "row" }, [
        button("添加投票站", function () { addRow({ kind: "station", name: "第" + "一二三四五六七八九十"[Math.min(rows.querySelectorAll('[data-box-kind]').length - 1 + n++, 9)] + "投票站" }); }, "secondary"),
        button("添加流动票箱", function () { addRow({ kind: "mobile", name: "流动票箱" }); }, "secondary"),
        button("保存票箱", act("PUT", R + "/boxes", function () {
          const used = {};
          const boxes = Array.from(rows.querySelectorAll("[data-box-row]")).map(function (row, i) {
            const kind = row.querySelector("[data-box-kind]").value;
            let id = row.dataset.boxRow || (kind === "main" ? "main" : kind + "-" + (i + 1));
            while (used[id]) id += "x";
            used[id] = true;
            const b = { id: id, kind: kind, name: row.querySelector("[data-box-name]").value.trim() || BOX_KIND_ZH[kind] };
            if (kind === "mobile") {
              const c = row.querySelector("[data-box-carrier]").value.trim();
              const sc = row.querySelector("[data-box-scrutineers]").value.trim();
              if (c) b.carrier = c;
              if (sc) b.scrutineers = sc;
            }
            return b;
          });
          return { boxes: boxes };
        })),
      ]),
    ]);
    editor.open = !(r.boxes && r.boxes.length);
    return editor;
  }

  // Issued or returned: one number, or one per box.
  /* RULES.md §5: more ballots returned than issued voids the round at once. The organiser
   * is told so and asked before it is recorded (a slip of the finger costs a whole vote). */
  function voidingReturn(r) {
    return function () {
      const pairs = (r.boxes && r.boxes.length)
        ? r.boxes.map(function (b) {
          return [b.name || b.id, parseInt(document.getElementById("returned-" + b.id).value, 10), b.issued];
        })
        : [["本轮", parseInt(document.getElementById("returned").value, 10), r.ballots_issued]];
      return askIfVoiding(pairs, "登记");
    };
  }

  // pairs: [where, returned, issued]; true when none voids the round or the organiser agrees.
  function askIfVoiding(pairs, verb) {
    const over = pairs.filter(function (p) { return !isNaN(p[1]) && p[2] != null && !isNaN(p[2]) && p[1] > p[2]; });
    if (!over.length) return true;
    return window.confirm(over.map(function (p) {
      return p[0] + "收回" + p[1] + "张，多于发出的" + p[2] + "张";
    }).join("；") + "。" + verb + "后本轮投票无效，须重新投票。确定" + verb + "吗？");
  }

  function intValue(id) { return parseInt(document.getElementById(id).value, 10); }

  /* RULES.md §5 — a slip in 发出/收回 is corrected, with a reason (audited), until the first
   * ballot is entered; a correction that leaves more returned than issued asks first. */
  function correctionForm(r, R, open) {
    const boxes = r.boxes && r.boxes.length ? r.boxes : null;
    const returned = r.ballots_returned != null;
    const fields = [];
    (boxes || [{ id: "", name: "", issued: r.ballots_issued, returned: r.ballots_returned }]).forEach(function (b) {
      const suffix = b.id ? "-" + b.id : "";
      fields.push(numberField("fix-issued" + suffix, (b.name || b.id) + "发出", b.issued));
      if (returned) fields.push(numberField("fix-returned" + suffix, (b.name || b.id) + "收回", b.returned));
    });
    const form = J.el("details", { id: "counts-correction", "data-form": "correct_counts" }, [
      J.el("summary", { className: "button secondary", text: "更正发出/收回的选票数" }),
      J.el("p", { className: "small muted", text: "录入第一张选票之前，发出或收回的选票数登记错了，可以更正；须写明理由，更正记入审计日志。开始录入后不能再更正。" }),
      J.el("div", { className: "row" }, fields),
      J.el("label", { for: "fix-reason", text: "更正理由" }),
      J.el("input", { type: "text", id: "fix-reason", maxlength: "200", placeholder: "例如：收回时多点了一张，重新清点为9张", style: "width:100%" }),
      J.el("div", {}, [button("更正选票数", function (e) {
        const reason = document.getElementById("fix-reason").value.trim();
        if (!reason) { showNear(form, "请填写更正的理由"); return; }
        const body = { reason: reason };
        let pairs;
        if (boxes) {
          body.boxes_issued = {};
          if (returned) body.boxes_returned = {};
          pairs = boxes.map(function (b) {
            body.boxes_issued[b.id] = intValue("fix-issued-" + b.id);
            if (returned) body.boxes_returned[b.id] = intValue("fix-returned-" + b.id);
            return [b.name || b.id, returned ? body.boxes_returned[b.id] : NaN, body.boxes_issued[b.id]];
          });
        } else {
          body.ballots_issued = intValue("fix-issued");
          if (returned) body.ballots_returned = intValue("fix-returned");
          pairs = [["本轮", returned ? body.ballots_returned : NaN, body.ballots_issued]];
        }
        if (!askIfVoiding(pairs, "更正")) return;
        act("POST", R + "/counts", body)(e);
      })]),
    ]);
    form.open = open || r.state === "void";
    return form;
  }

  function confirmed(ask, action) {
    return function (e) { if (ask()) return action(e); };
  }

  // Enter in a 发出/收回 number does what its button does (once: the button is disabled meanwhile).
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.target.tagName !== "INPUT") return;
    const form = e.target.closest('[data-form="issue"], [data-form="return"]');
    if (!form) return;
    if (form.dataset.done) { e.preventDefault(); return; }
    e.preventDefault();
    const buttons = form.querySelectorAll("button");
    const button = buttons[buttons.length - 1];
    // (focus leaves the number, as a click would: the panel is not redrawn under a typing hand)
    if (button && !button.disabled) { button.focus(); button.click(); }
  });

  function countsForm(r, R, what, verb, label, fallback) {
    const field = what === "issue" ? "ballots_issued" : "ballots_returned";
    const id = what === "issue" ? "issued" : "returned";
    const ask = what === "return" ? voidingReturn(r) : function () { return true; };
    if (!r.boxes || !r.boxes.length) {
      return formBox(what, [numberField(id, verb + "选票张数", what === "issue" ? fallback : r.ballots_issued),
        button(label, confirmed(ask, act("POST", R + "/" + what, function () {
          const body = {};
          body[field] = parseInt(document.getElementById(id).value, 10);
          return body;
        })))]);
    }
    const inputs = r.boxes.map(function (b) {
      return numberField(id + "-" + b.id, (b.name || b.id) + verb, what === "return" ? b.issued : null);
    });
    return J.el("div", { className: "stack", "data-counts": what, "data-form": what }, inputs.concat([
      button(label, confirmed(ask, act("POST", R + "/" + what, function () {
        const boxes = {};
        r.boxes.forEach(function (b) {
          const v = parseInt(document.getElementById(id + "-" + b.id).value, 10);
          if (!isNaN(v)) boxes[b.id] = v;
        });
        return { boxes: boxes };
      })))]));
  }

  // Counted apart: a clerk link per box entered ballot by ballot, a 正字 sheet for one box.
  // In the links card (never redrawn under the organiser), rebuilt only when the boxes change.
  let boxButtons = null;
  function syncBoxLinks(r) {
    const out = document.getElementById("box-link-buttons");
    const boxes = (r && r.boxes) || [];
    const key = JSON.stringify(boxes.map(function (b) { return [b.id, b.name]; }));
    if (!out || key === boxButtons) return;
    boxButtons = key;
    out.textContent = "";
    if (boxes.length < 2) return;
    out.appendChild(J.el("p", { className: "small muted", text: "各票箱分别计票（例如一个投票站按正字统计表汇总）时，计票人使用所负责票箱的链接：" }));
    boxes.forEach(function (b) {
      out.appendChild(J.el("div", { className: "row", "data-box-links": b.id }, [
        J.el("span", { text: (b.name || b.id) + "：" }),
        button("计票人（逐张录入）", J.once(function (e) { return newLink("teller", "A", b, false, e.currentTarget.parentElement); }), "secondary"),
        button("正字汇总录入", J.once(function (e) { return newLink("teller", "A", b, true, e.currentTarget.parentElement); }), "secondary"),
      ]));
    });
  }

  function drawRound(r) {
    const box = document.getElementById("round-panel");
    const fixing = document.getElementById("counts-correction");
    const fixOpen = !!(fixing && fixing.open);
    box.textContent = "";
    drawRoundParts(box, r, fixOpen);
    if (roundError) {
      const near = box.querySelector('[data-form="' + roundError.form + '"]');
      if (near) showNear(near, roundError.msg); else roundError = null;
    }
  }

  function drawRoundParts(box, r, fixOpen) {
    if (!r) {
      box.appendChild(J.el("p", { text: village
        ? "还没有投票轮次。录入候选人和名册后，建立第一轮（签到可选，选举是否有效以收回的选票计）。"
        : "还没有投票轮次。录入候选人和名册、完成签到后，建立第一轮。" }));
      box.appendChild(formBox("create", [doubleEntryBox(), button("建立第一轮", act("POST", "/rounds", function () {
        return { double_entry: document.getElementById("double-entry").checked };
      }))], "stack"));
      return;
    }
    const R = "/rounds/" + r.id;
    box.appendChild(J.el("p", { className: "verdict", "data-state": r.state },
      ["第" + r.number + "轮 · " + ({ regular: "正式选举", tie_break: "重新投票", supplementary: "另行选举" }[r.kind] || r.kind) + " · ",
       J.el("strong", { text: r.state_zh })]));
    // RULES.md §5 — a void round says why, in the words every page uses.
    if (r.void_reason) box.appendChild(J.el("p", { id: "void-reason", className: "notice bad", text: r.void_reason }));
    const facts = [];
    if (r.turnout) {
      // Never a sign-in figure beside the ballots: 参加投票 is what came back (RULES.md §3).
      facts.push("登记选民 " + r.turnout.registered);
      if (r.turnout.voted != null) facts.push("参加投票 " + r.turnout.voted + "（" + r.turnout.percent + "）");
    } else if (r.attendance && r.attendance.present != null) facts.push("实到 " + r.attendance.present);
    if (r.ballots_issued != null) facts.push("发出 " + r.ballots_issued);
    if (r.ballots_returned != null) facts.push("收回 " + r.ballots_returned);
    if (r.state === "counting") facts.push("已录入 " + r.entered);
    if (r.double_entry) facts.push("双人录入");
    if (facts.length) box.appendChild(J.el("p", { id: "round-facts", text: facts.join(" · ") }));
    if (r.turnout && r.turnout.voted != null) {
      box.appendChild(J.el("p", { id: "turnout", className: "notice " + (r.turnout.ok ? "ok" : "bad"), text: (r.turnout.ok ? "✓ " : "✗ ") + r.turnout.text }));
    } else if (r.turnout && r.state !== "draft") {
      box.appendChild(J.el("p", { id: "turnout", className: "small muted", text: r.turnout.text }));
    }
    if (r.boxes && r.boxes.length) box.appendChild(boxTable(r));
    (r.checks || []).forEach(function (c) {
      if (c.text) box.appendChild(J.el("p", { className: "small " + (c.ok ? "" : "notice bad"), text: (c.ok ? "✓ " : "✗ ") + c.text }));
    });
    const actions = J.el("div", { className: "stack" });
    const present = village ? null : r.attendance ? (r.attendance.present || 0) + (r.attendance.proxies || 0) : null;
    const registered = r.turnout ? r.turnout.registered : null;
    r.actions.forEach(function (a) {
      if (a === "quorum") {
        const label = village ? "确认候选人名单，准备发出选票" : "核对到会人数（会议是否有效）";
        actions.appendChild(formBox("quorum", [button(label, act("POST", R + "/quorum", {}), r.state === "draft" ? "" : "secondary")]));
      }
      if (a === "boxes") actions.appendChild(boxEditor(r, R));
      if (a === "issue") actions.appendChild(countsForm(r, R, "issue", "发出", "发出选票", present));
      if (a === "ballot_pdf") {
        const printed = r.state === "draft" || r.state === "quorum_checked" || r.state === "issued";
        actions.appendChild(J.el("div", { className: "row" }, [numberField("copies", "打印份数", printed ? (present || registered || 1) : 1),
          button("打印选票（PDF）", function () {
            const n = parseInt(document.getElementById("copies").value, 10) || 1;
            J.openPdf(token, E + R + "/ballot.pdf?copies=" + n);
          }, "secondary"),
          button("样票（存档）", function () { J.openPdf(token, E + R + "/ballot.pdf?sample=true"); }, "secondary")]));
      }
      if (a === "return") actions.appendChild(countsForm(r, R, "return", "收回", "登记收回，开始计票", null));
      if (a === "enter") {
        const byHand = (r.boxes || []).filter(function (b) { return b.totals; });
        const handCount = byHand.reduce(function (n, b) { return n + (b.returned || 0); }, 0);
        const hand = byHand.length ? "（另有" + byHand.map(function (b) { return b.name || b.id; }).join("、") + handCount + "张已按正字汇总录入）" : "";
        actions.appendChild(J.el("p", { className: "notice warn", id: "entry-progress" }, [
          "计票人正在录入：已录入 " + r.entered + " / " + (byHand.length ? "逐张录入的票箱收回 " : "收回 ") + (r.ballots_returned - handCount) + " 张" + hand + "。",
          J.el("span", { id: "teller-link-hint", className: tellerLinks === 0 ? "" : "hidden", text: "请在“设备链接”中为计票人生成链接。" })]));
        if (r.boxes && r.boxes.length > 1) actions.appendChild(J.el("p", { className: "small", text: "分票箱计票：某个票箱按正字统计表汇总时，其余票箱须在各自票箱的链接上逐张录入（见“设备链接”）。" }));
      }
      if (a === "count") actions.appendChild(formBox("count", [button("计算结果", act("POST", R + "/count", {}))]));
      if (a === "sign_off" && !r.signed_off_by) actions.appendChild(J.el("p", { className: "notice warn", text: "请监票人在监票人页面核对结果并签字，签字后才能公布。" }));
      if (a === "publish") actions.appendChild(formBox("publish", [button("公布结果", act("POST", R + "/publish", {}), r.signed_off_by ? "" : "secondary")]));
      if (a === "correct_counts") actions.appendChild(correctionForm(r, R, fixOpen));
      if (a === "decisions") {
        const reduce = reduceSeatsBox(r, R);
        if (reduce) actions.appendChild(reduce);
      }
      if (a === "next") {
        const nominate = nominationBox(r);
        actions.appendChild(formBox("next", (nominate ? [nominate] : []).concat([doubleEntryBox(),
          button("按计票结果建立下一轮", act("POST", "/rounds/next", function () {
            const body = { double_entry: document.getElementById("double-entry").checked };
            if (nominate) body.nominations = chosenNominations(nominate);
            return body;
          }))]), "stack"));
      }
    });
    box.appendChild(actions);
    if (r.signed_off_by) box.appendChild(J.el("p", { text: "监票人已签字：" + r.signed_off_by }));
    if (r.result) drawResult(box, r);
    if (r.state === "published") {
      const url = J.publicBase + "/p/" + eid;
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
    call("GET", "/rounds/next", undefined, box).then(function (preview) {
      posts.forEach(function (post) {
        const choices = box.querySelector('[data-nominate-post="' + post + '"] .choices');
        choices.textContent = "";
        (preview.posts[post].nominees || []).forEach(function (n) {
          choices.appendChild(J.el("label", { className: "row", style: "font-weight:400" }, [
            J.el("input", { type: "checkbox", name: "nominate-" + post, value: n.id, style: "width:28px;height:28px" }), n.name]));
        });
      });
    }, function () { /* shown beside the list */ });
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
    const form = J.el("details", { id: "reduce-seats", "data-form": "decisions" }, [
      J.el("summary", { className: "button secondary", text: "会议决定减少名额（不再另行选举）" }),
      J.el("p", { className: "small muted", text: "当选人数接近应选名额时，经会议决定可以减少名额，不再另行选举。决定记入选举记录并重新计算结果。" }),
    ].concat(lines, [
      J.el("label", { for: "decided-by", text: "会议如何决定" }),
      J.el("input", { type: "text", id: "decided-by", maxlength: "200", placeholder: "例如：党员大会举手表决通过", style: "width:100%" }),
      button("记录会议决定", function (e) {
        const decidedBy = document.getElementById("decided-by").value.trim();
        if (!decidedBy) { showNear(form, "请填写会议是如何作出减少名额的决定的"); return; }
        act("POST", R + "/decisions", { reduce_seats: reduce, decided_by: decidedBy })(e);
      }, "secondary"),
    ]));
    return form;
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
        // Why each person is on the list, from this round's tally (RULES.md §3, §6.3).
        const people = {};
        candidates.forEach(function (c) { people[c.id] = { name: c.name, gender: c.gender }; });
        const rows = R.nextRoundPeople(mine, key, next.kind, spec, people);
        if (rows.length) {
          box.appendChild(J.el("ul", { className: "small", "data-next-people": key }, rows.map(function (p) {
            return J.el("li", {}, [J.el("strong", { text: p.name }), p.reason ? "：" + p.reason : ""]);
          })));
        }
      });
      box.appendChild(J.el("p", { className: "small notice", "data-next-rule": "", text: R.nextRoundRule(next.kind, window.JIPIAO.body) }));
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
    document.getElementById("plenary-form").addEventListener("submit", J.once(async function (e) {
      const posts = [{ id: "secretary", name: "书记", seats: 1, role: "secretary", candidates: picked("secretary") }];
      const form = document.getElementById("plenary-form");
      if (!posts[0].candidates.length) { showNear(form, "请从当选委员中选择书记候选人"); return; }
      if (document.getElementById("plenary-deputy-on").checked) {
        const deputies = picked("deputy");
        if (!deputies.length) { showNear(form, "请从当选委员中选择副书记候选人，或不选举副书记"); return; }
        posts.push({ id: "deputy_secretary", name: "副书记", role: "deputy_secretary",
          seats: parseInt(document.getElementById("plenary-deputy-seats").value, 10) || 1, candidates: deputies });
      }
      let made;
      try { made = await call("POST", "/plenary", { posts: posts }, form); } catch (err) { return; }
      document.getElementById("plenary-form").classList.add("hidden");
      const box = document.getElementById("plenary-links");
      box.textContent = "";
      box.appendChild(J.el("p", { text: made.title + "（选举编号" + made.id + "）" }));
      J.roleLinks(made).forEach(function (row) { box.appendChild(row); });
      document.getElementById("plenary-created").classList.remove("hidden");
      document.getElementById("plenary-created").scrollIntoView();
    }));
  }

  // ---------- candidates ----------
  async function loadCandidates() {
    let data;
    try { data = await call("GET", "/candidates"); } catch (e) { return; }
    candidates = data.candidates;
    const tbody = document.querySelector("#candidate-table tbody");
    tbody.textContent = "";
    candidates.forEach(function (c) {
      // RULES.md §3 — the women rules need each gender: editable until ballots are issued.
      const gender = J.el("select", { "aria-label": c.name + " 性别", "data-gender": c.id }, [
        J.el("option", { value: "", text: "未填" }), J.el("option", { value: "F", text: "女" }), J.el("option", { value: "M", text: "男" })]);
      gender.value = c.gender || "";
      gender.disabled = locked;
      gender.addEventListener("change", async function () {
        // PUT replaces the candidate: send everything as it is, with the new gender.
        const body = { name: c.name, posts: c.posts, gender: gender.value || null };
        ["surname", "member_status", "holds_committee_post", "committee_relative", "note", "person_id"].forEach(function (k) { if (c[k] != null) body[k] = c[k]; });
        try { await call("PUT", "/candidates/" + c.id, body, document.getElementById("candidate-table")); } catch (e) { gender.value = c.gender || ""; return; }
        loadCandidates();
      });
      tbody.appendChild(J.el("tr", {}, [J.el("td", { text: c.id }), J.el("td", { text: J.personLabel(c) }), J.el("td", {}, [gender]),
        J.el("td", { text: c.posts.map(function (p) { return postNames[p] || p; }).join("、") })]));
    });
    const checks = document.getElementById("candidate-checks");
    checks.textContent = "";
    data.checks.forEach(function (c) {
      const warn = c.code === "gender_unknown";
      checks.appendChild(J.el("p", { className: "notice " + (c.ok ? "ok" : warn ? "warn" : "bad"), "data-check": c.code, text: (c.ok ? "✓ " : warn ? "⚠ " : "✗ ") + c.text }));
    });
  }

  document.getElementById("candidate-form").addEventListener("submit", J.once(async function (e) {
    const form = e.target;
    const posts = Array.from(document.querySelectorAll('input[name="cand-post"]:checked')).map(function (i) { return i.value; });
    if (!posts.length) { showNear(form, "请勾选此人竞选的职位"); return; }
    const body = { posts: posts };
    const name = document.getElementById("cand-name").value.trim();
    const person = document.getElementById("cand-person").value;
    // CAMPAIGN.md §3 — a person entered once: name and gender come from the person data.
    if (person) body.person_id = parseInt(person, 10);
    else if (name) body.name = name;
    else { showNear(form, "请填写候选人姓名，或从人员信息中选择"); return; }
    const g = document.getElementById("cand-gender").value;
    if (g) body.gender = g;
    const note = document.getElementById("cand-note").value.trim();
    if (note) body.note = note;
    // RULES.md §2 — only 正式党员 stand in party elections (the form says so).
    if (window.JIPIAO.body === "party_branch" || window.JIPIAO.body === "party_plenary") body.member_status = "full";
    try { await call("POST", "/candidates", body, form); } catch (err) { return; }
    document.getElementById("cand-name").value = "";
    document.getElementById("cand-person").value = "";
    document.getElementById("cand-note").value = "";
    // Each new candidate's posts are chosen anew (one post: that post).
    document.querySelectorAll('input[name="cand-post"]').forEach(function (i, _n, all) { i.checked = all.length === 1; });
    loadCandidates();
    document.body.dispatchEvent(new Event("candidates-changed"));
  }));

  // RULES.md §3 reserved_seat — a 妇女委员 post elects women only (set until ballots go out).
  function drawPostFlags(posts) {
    const box = document.getElementById("post-flags");
    if (!box) return;
    box.textContent = "";
    posts.forEach(function (p) {
      const input = J.el("input", { type: "checkbox", "data-women-only": p.id, style: "width:24px;height:24px" });
      input.checked = !!p.women_only;
      input.disabled = locked;
      input.addEventListener("change", async function () {
        const next = posts.map(function (x) {
          const out = { id: x.id, name: x.name, seats: x.seats, women_only: x.id === p.id ? input.checked : !!x.women_only };
          if (x.role) out.role = x.role;
          return out;
        });
        let e;
        try { e = await call("PATCH", "", { posts: next }, box); } catch (err) { input.checked = !input.checked; return; }
        drawPostFlags(e.posts);
        loadCandidates();
      });
      box.appendChild(J.el("label", { className: "row", style: "font-weight:400" }, [input, p.name + "：只选女性（妇女委员）"]));
    });
  }

  // ---------- roll and 签到 ----------
  let votersSeen = "";
  let labelsSeen = "";
  async function loadVoters() {
    let fresh;
    // Quiet (no showError): a poll must not clear the message of the organiser's last action.
    try { fresh = await J.api(token, "GET", E + "/voters"); } catch (e) { return; }
    // 签到台 at the doors sign people in too: redraw only what changed.
    const text = JSON.stringify(fresh);
    if (text === votersSeen) return;
    votersSeen = text;
    voters = fresh;
    drawVoters();
    const labels = voters.map(rollLabel);
    if (labels.join("\n") === labelsSeen) return;
    labelsSeen = labels.join("\n");
    const list = document.getElementById("voter-names");
    list.textContent = "";
    labels.forEach(function (label) { list.appendChild(J.el("option", { value: label })); });
  }

  function drawVoters() {
    const box = document.getElementById("voters");
    const filter = document.getElementById("voter-filter").value.trim();
    box.textContent = "";
    const found = voters.filter(function (v) { return !filter || v.name.indexOf(filter) >= 0; });
    const more = document.getElementById("voters-more");
    more.textContent = found.length > ROLL_PAGE ? "共" + found.length + "人，只显示前" + ROLL_PAGE + "人；请输入姓名查找其他人。" : (filter ? "找到" + found.length + "人" : "");
    found.slice(0, ROLL_PAGE).forEach(function (v) {
      const b = J.el("button", { type: "button", className: "cand", "data-voter": String(v.id),
        "data-mark": v.signed_in ? "yes" : "abstain", "aria-pressed": v.signed_in ? "true" : "false" }, [
        J.el("span", { className: "name", text: v.name }),
        v.note ? J.el("span", { className: "small", text: v.note }) : "",
        J.el("span", { className: "mark", text: v.signed_in ? "✓" : "" }),
        J.el("span", { className: "mark-label", text: !v.votes ? v.status_zh + "（列席）" : v.exclusion_reason ? "不计入应到" : v.signed_in ? "✓ 已签到" : "未签到" }),
      ]);
      b.addEventListener("click", async function () {
        const grid = document.getElementById("voters");
        const body = { voter_ids: [v.id], present: !v.signed_in };
        clearErrors();
        try {
          try {
            await J.api(token, "POST", E + "/sign-ins", body);
          } catch (err) {
            // After 核对: signing out below the ballots issued is asked, naming the consequence.
            if (!(err instanceof J.ApiError && err.code === "sign_out_below_issued")) throw err;
            if (!window.confirm(err.message + "。确定撤销签到吗？")) return;
            body.confirm = true;
            await J.api(token, "POST", E + "/sign-ins", body);
          }
        } catch (err) {
          showNear(grid, err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
          return;
        }
        v.signed_in = !v.signed_in;
        drawVoters();
        document.body.dispatchEvent(new Event("attendance-changed"));
      });
      box.appendChild(b);
    });
  }
  document.getElementById("voter-filter").addEventListener("input", drawVoters);

  document.getElementById("exclusion-form").addEventListener("submit", J.once(async function (e) {
    const voter = voterNamed(document.getElementById("excl-name").value.trim(), e.target);
    if (!voter) return;
    try {
      await call("PUT", "/voters/" + voter.id + "/exclusion", {
        reason: document.getElementById("excl-reason").value.trim(),
        approval: document.getElementById("excl-approval").value.trim() }, e.target);
    } catch (err) { return; }
    e.target.reset();
    await loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }));

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
          onclick: J.once(async function () {
            await call("DELETE", "/proxies/" + p.id, undefined, document.getElementById("proxy-table"));
            proxiesChanged();
          }) })]),
      ]));
    });
  }
  function proxiesChanged() {
    loadProxies();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }
  // Namesakes are told apart by their 备注 (出生年份或单位): the list offers 王伟（1970年生）,
  // and 王伟（无备注） for a namesake who has none; 王伟 alone is then ambiguous.
  function rollLabel(v) {
    if (v.note) return J.personLabel(v);
    const namesakes = voters.filter(function (x) { return x.name === v.name; }).length;
    return namesakes > 1 ? v.name + "（无备注）" : v.name;
  }
  function voterNamed(text, near) {
    const exact = voters.find(function (v) { return rollLabel(v) === text; });
    if (exact) return exact;
    const named = voters.filter(function (v) { return v.name === text; });
    if (named.length > 1) showNear(near, "名册中有" + named.length + "人叫“" + text + "”，请从列表中选择：" + named.map(rollLabel).join("、"));
    else showNear(near, "名册中没有“" + text + "”");
    return null;
  }
  if (proxyForm) {
    proxyForm.addEventListener("submit", J.once(async function (e) {
      const grantor = voterNamed(document.getElementById("proxy-grantor").value.trim(), proxyForm);
      const holder = grantor && voterNamed(document.getElementById("proxy-holder").value.trim(), proxyForm);
      if (!holder) return;
      try { await call("POST", "/proxies", { grantor_id: grantor.id, holder_id: holder.id }, proxyForm); } catch (err) { return; }
      e.target.reset();
      proxiesChanged();
    }));
    loadProxies();
  }

  document.getElementById("roll-form").addEventListener("submit", J.once(async function (e) {
    const status = document.getElementById("roll-status").value;
    const lines = document.getElementById("roll-names").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (!lines.length) return;
    // 王伟（1970年生）: the name, and in brackets what tells namesakes apart.
    const rows = lines.map(function (line) {
      const m = /^(.+?)\s*[（(]\s*(.*?)\s*[)）]$/.exec(line);
      const row = { name: m ? m[1] : line, status: status };
      if (m && m[2]) row.note = m[2];
      return row;
    });
    try { await call("POST", "/voters", { voters: rows }, e.target); } catch (err) { return; }
    document.getElementById("roll-names").value = "";
    await loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }));

  // ---------- 名册更正 (before 核对, with a reason; audited) ----------
  const fixWho = document.getElementById("fix-who");
  fixWho.addEventListener("change", function () {
    const v = voters.find(function (x) { return rollLabel(x) === fixWho.value.trim(); });
    if (!v) return;
    document.getElementById("fix-name").value = v.name;
    document.getElementById("fix-note").value = v.note || "";
  });
  async function rollChanged(form) {
    form.reset();
    await loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }
  document.getElementById("roll-fix-form").addEventListener("submit", J.once(async function (e) {
    const v = voterNamed(fixWho.value.trim(), e.target);
    if (!v) return;
    const body = { name: document.getElementById("fix-name").value.trim() || v.name,
      note: document.getElementById("fix-note").value.trim() || null,
      reason: document.getElementById("fix-reason").value.trim() };
    try { await call("PUT", "/voters/" + v.id, body, e.target); } catch (err) { return; }
    rollChanged(e.target);
  }));
  document.getElementById("roll-remove").addEventListener("click", J.once(async function () {
    const form = document.getElementById("roll-fix-form");
    const reason = document.getElementById("fix-reason");
    if (!reason.value.trim()) { reason.reportValidity(); return; }
    const v = voterNamed(fixWho.value.trim(), form);
    if (!v || !window.confirm("从名册删除“" + J.personLabel(v) + "”？")) return;
    try { await call("DELETE", "/voters/" + v.id, { reason: reason.value.trim() }, form); } catch (err) { return; }
    rollChanged(form);
  }));

  // ---------- device links ----------
  // How many 计票人 links are in use (null until known): the hint to make one shows only at 0.
  let tellerLinks = null;
  async function loadTellerLinks() {
    let list;
    try { list = await J.api(token, "GET", E + "/tokens"); } catch (e) { return; }
    tellerLinks = list.filter(function (t) { return t.role === "teller" && !t.revoked; }).length;
    showTellerHint();
  }
  function showTellerHint() {
    const hint = document.getElementById("teller-link-hint");
    if (hint) hint.classList.toggle("hidden", tellerLinks !== 0);
  }
  let signinDesks = 0;  // 签到台1, 签到台2 … one link per door desk
  async function newLink(role, channel, box, totals, near) {
    const where = box ? "·" + (box.name || box.id) + (totals ? "（正字）" : "") : "";
    signinDesks += role === "signin" ? 1 : 0;
    const labels = { teller: "计票人" + (channel || "") + where, scrutineer: "监票人", observer: "大屏", signin: "签到台" + signinDesks };
    let made;
    // A 计票人's group (A组/B组) is the token's own, chosen here (not a `?channel=` in the link).
    const body = { role: role, label: labels[role].slice(0, 64) };
    if (role === "teller") body.channel = channel || "A";
    try { made = await call("POST", "/tokens", body, near); } catch (e) { return; }
    if (role === "teller") { tellerLinks = (tellerLinks || 0) + 1; showTellerHint(); }
    const query = [];
    if (box) query.push("box=" + encodeURIComponent(box.id));
    const page = { teller: (totals ? "/totals" : "/clerk") + (query.length ? "?" + query.join("&") : ""), scrutineer: "/scrutineer", observer: "/board", signin: "/signin" }[role];
    const url = J.publicBase + "/e/" + eid + page + "#token=" + made.token;
    document.getElementById("new-links").prepend(J.el("div", { className: "row" }, [
      J.el("img", { src: "/ui/qr.svg?data=" + encodeURIComponent(url), width: "140", height: "140", alt: labels[role] + "二维码" }),
      J.el("div", {}, [J.el("strong", { text: labels[role] }), J.el("br"), J.el("a", { href: url, target: "_blank", text: "打开", "data-link-role": labels[role] }),
        J.el("div", { className: "small mono", text: url })]),
    ]));
  }
  document.querySelectorAll("[data-new-link]").forEach(function (b) {
    b.addEventListener("click", J.once(function () { return newLink(b.dataset.newLink, b.dataset.channel, null, false, b.parentElement); }));
  });

  // ---------- 同一次会议的另一张选票 (its own election on this roll) ----------
  const ballotForm = document.getElementById("ballot-form");
  async function loadBallots() {
    let list;
    try { list = await call("GET", "/ballots"); } catch (e) { return; }
    const ul = document.getElementById("ballots-list");
    ul.textContent = "";
    list.forEach(function (b) {
      ul.appendChild(J.el("li", { "data-ballot": String(b.id) }, [J.el("a", { href: "/e/" + b.id, text: b.title }),
        " （选举编号" + b.id + "，" + b.posts.map(function (p) { return p.name + p.seats + "名"; }).join("、") + "）"]));
    });
  }
  if (ballotForm) {
    ballotForm.addEventListener("submit", J.once(async function (e) {
      const lines = document.getElementById("ballot-posts").value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      const posts = [];
      for (let i = 0; i < lines.length; i++) {
        const m = /^(.+?)\s*([0-9]+)\s*名?$/.exec(lines[i]);
        if (!m) { showNear(ballotForm, "职位“" + lines[i] + "”须写成“名称 名额”，如：代表 3"); return; }
        posts.push({ id: "p" + (i + 1), name: m[1], seats: parseInt(m[2], 10) });
      }
      // 出席上级党代会代表 are not a committee: no committee-size check (their number is set above).
      const elects = document.getElementById("ballot-elects");
      const rules = elects && elects.value === "delegates" ? { elects: "delegates" } : {};
      let made;
      try { made = await call("POST", "/ballots", { title: document.getElementById("ballot-title").value.trim(), posts: posts, rules: rules }, ballotForm); } catch (err) { return; }
      ballotForm.reset();
      const box = document.getElementById("ballot-links");
      box.textContent = "";
      box.appendChild(J.el("p", { text: made.title + "（选举编号" + made.id + "）" }));
      J.roleLinks(made).forEach(function (row) { box.appendChild(row); });
      document.getElementById("ballot-created").classList.remove("hidden");
      loadBallots();
    }));
    loadBallots();
  }

  async function start() {
    try {
      const e = await call("GET", "");
      e.posts.forEach(function (p) { postNames[p.id] = p.name; });
      locked = !!e.locked;
      drawPostFlags(e.posts);
    } catch (err) { return; }
    await loadCandidates();
    loadVoters();
    loadTellerLinks();
    loadRound();
  }
  start();
  setInterval(loadRound, 5000);
  setInterval(function () {
    loadVoters();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }, 5000);
})();
