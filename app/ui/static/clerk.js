/* 计票人 page: marks by touch or keyboard, instant rule checks, and an offline queue.
 *
 * Every submitted ballot first goes into a queue in localStorage with its entry id, then is
 * sent; a request that got no answer is sent again with the same entry id, so the server
 * counts it once (it answers a repeat with the stored answer). Nothing leaves the queue
 * until the server has answered. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "clerk");
  const dataNode = document.getElementById("sheet-data");
  if (!token) document.getElementById("token-missing").classList.remove("hidden");

  if (!dataNode) { waitForCounting(); return; }

  const sheet = JSON.parse(dataNode.textContent);
  // The clerk's group (double entry): the token's own, chosen when the link was made; a link
  // made before tokens carried one says it as `?channel=B` (A without it).
  let channel = (new URLSearchParams(location.search).get("channel") || "A").toUpperCase() === "B" ? "B" : "A";
  // The box (投票站, 流动票箱) this clerk enters, when boxes are counted apart (organiser's link).
  const boxId = new URLSearchParams(location.search).get("box") || null;
  const base = "/api/v1/elections/" + eid + "/rounds/" + sheet.round_id;
  // One queue per meeting and channel: a ballot still waiting from an earlier round (the page
  // reloaded into the next one) is sent to its own round, never lost.
  let queueKey = "jipiao.queue." + eid + "." + channel;
  const CYCLE = ["abstain", "yes", "no", "unreadable"];
  const WI_CYCLE = ["yes", "no", "none"];
  const WI_LABEL = { yes: "赞成 ○", no: "不赞成 ×", none: "未划符号" };

  const buttons = Array.from(document.querySelectorAll(".cand"));
  const byNumber = {};
  buttons.forEach(function (b) { byNumber[b.dataset.n] = b; });
  let selected = null;
  let isVoid = false;
  let correcting = null; // the entry being corrected: {entry_id, number}
  let entries = [];      // this clerk's channel, as the server listed them
  let sending = false;
  // One sheet = one entry: its entry id is given when the sheet starts and kept until the
  // server has answered (in the queue); `touched` tells a read-out sheet from an untouched one,
  // so a double click or Enter-Enter cannot store a second, blank ballot.
  let sheetId = null;
  let touched = false;
  // What the last stored sheet was, said (pinned) until the next sheet is touched: a blank
  // new sheet is never reported as 有效 in its place.
  let lastSheet = null;
  let sheetVerdict = null; // this sheet's verdict in short: {text, bad}
  // The server's refusal of the last submitted sheet, said in the pinned bar until the clerk
  // submits again or clears the sheet: a refused ballot is never reported as 已记下.
  let refusal = null;
  // A typed candidate number that is not on the sheet (keyboard), said until a valid one.
  let numberNote = null;
  // How many ballots may be entered one by one (RULES.md §5): those returned, less any box
  // counted on 正字 sheets.
  const entryLimit = sheet.entry_limit != null ? sheet.entry_limit : sheet.ballots_returned;
  let retryDelay = 1000;
  let retryTimer = null;
  let online = true;

  function showChannel() {
    const label = document.getElementById("channel-label");
    if (sheet.double_entry) label.textContent = "双人录入 · " + channel + "组（只显示本组录入）";
    if (boxId) {
      label.textContent = "票箱：" + ((sheet.boxes || {})[boxId] || boxId) + (sheet.double_entry ? " · " + channel + "组" : "");
      label.classList.remove("hidden");
    }
  }
  showChannel();
  const ready = token ? J.api(token, "GET", "/api/v1/elections/" + eid + "/token").then(function (me) {
    if (me.channel && me.channel !== channel) {
      channel = me.channel;
      queueKey = "jipiao.queue." + eid + "." + channel;
      if (!touched) sheetId = sheet.round_key + "-" + channel + "-" + J.randomId();
      showChannel();
    }
  }, function () { /* offline: the link's group until the server answers */ }) : Promise.resolve();

  // ---------- marks ----------
  function setMark(btn, mark) {
    btn.dataset.mark = mark;
    btn.querySelector(".mark").textContent = J.MARK_SYMBOL[mark];
    btn.querySelector(".mark-label").textContent = J.MARK_ZH[mark];
    btn.setAttribute("aria-label", btn.dataset.n + "号 " + btn.querySelector(".name").textContent + " " + J.MARK_ZH[mark]);
    refresh();
  }

  function select(btn) {
    if (btn) numberNote = null;
    if (selected) selected.classList.remove("selected");
    selected = btn;
    if (btn) {
      btn.classList.add("selected");
      // Focus follows the selection (one highlight), unless the clerk is typing a name.
      const active = document.activeElement;
      if (!active || active === document.body || active.classList.contains("cand")) {
        btn.focus({ preventScroll: true });
      }
      btn.scrollIntoView({ block: "nearest" });
    }
  }

  function advance() {
    const i = buttons.indexOf(selected);
    if (i >= 0 && i + 1 < buttons.length) select(buttons[i + 1]);
  }

  // ↑ ↓ move a row of the printed grid within the post (its own row length), else one tile.
  function moveRow(step) {
    const i = buttons.indexOf(selected);
    if (i < 0) { select(buttons[0] || null); return; }
    const perRow = parseInt(selected.parentNode.dataset.perRow, 10) || 1;
    const target = buttons[i + step * perRow];
    if (target && target.dataset.post === selected.dataset.post) select(target);
    else if (buttons[i + step]) select(buttons[i + step]);
  }

  buttons.forEach(function (btn) {
    btn.addEventListener("click", function () {
      const next = CYCLE[(CYCLE.indexOf(btn.dataset.mark) + 1) % CYCLE.length];
      touched = true;
      select(btn);
      setMark(btn, next);
    });
  });

  document.querySelectorAll(".wi-mark").forEach(function (b) {
    b.addEventListener("click", function () {
      const next = WI_CYCLE[(WI_CYCLE.indexOf(b.dataset.mark) + 1) % WI_CYCLE.length];
      touched = true;
      b.dataset.mark = next;
      b.textContent = WI_LABEL[next];
      b.setAttribute("aria-label", b.getAttribute("aria-label").replace(/：.*（/, "：" + WI_LABEL[next] + "（"));
      refresh();
    });
  });
  // A write-in's mark means something once a name is written: until then the box looks empty.
  function showWritten(input) {
    input.closest(".writein").classList.toggle("written", input.value.trim() !== "");
  }
  document.querySelectorAll(".writein input").forEach(function (i) {
    i.addEventListener("input", function () { touched = true; refresh(); });
  });

  const voidBtn = document.getElementById("void-toggle");
  voidBtn.addEventListener("click", function () { touched = true; setVoid(!isVoid); });
  function setVoid(on) {
    isVoid = on;
    voidBtn.setAttribute("aria-pressed", on ? "true" : "false");
    voidBtn.textContent = on ? "整张作废（已选，再按取消）" : "整张作废（监票人裁定）";
    document.body.classList.toggle("void-on", on);
    refresh();
  }

  function currentBallot() {
    if (isVoid) return { marks: {}, write_ins: {}, void: true };
    const marks = {};
    const writeIns = {};
    sheet.posts.forEach(function (p) { marks[p.id] = {}; });
    buttons.forEach(function (b) {
      if (b.dataset.mark !== "abstain") marks[b.dataset.post][b.dataset.cid] = b.dataset.mark;
    });
    document.querySelectorAll(".writein input").forEach(function (input) {
      const name = input.value.trim();
      if (!name) return;
      const mark = document.querySelector('.wi-mark[data-post="' + input.dataset.post + '"][data-col="' + input.dataset.col + '"]').dataset.mark;
      (writeIns[input.dataset.post] = writeIns[input.dataset.post] || []).push({ name: name, mark: mark });
    });
    return { marks: marks, write_ins: writeIns, void: false };
  }

  function loadBallot(ballot) {
    clearSheet();
    touched = true;
    if (ballot.void) { setVoid(true); return; }
    Object.keys(ballot.marks || {}).forEach(function (post) {
      Object.keys(ballot.marks[post]).forEach(function (cid) {
        const b = document.querySelector('.cand[data-post="' + post + '"][data-cid="' + cid + '"]');
        if (b) setMark(b, ballot.marks[post][cid]);
      });
    });
    Object.keys(ballot.write_ins || {}).forEach(function (post) {
      ballot.write_ins[post].forEach(function (w, i) {
        const input = document.querySelector('.writein input[data-post="' + post + '"][data-col="' + i + '"]');
        const mb = document.querySelector('.wi-mark[data-post="' + post + '"][data-col="' + i + '"]');
        if (!input || !mb) return;
        input.value = w.name;
        mb.dataset.mark = w.mark;
        mb.textContent = WI_LABEL[w.mark];
      });
    });
    refresh();
  }

  function clearSheet() {
    buttons.forEach(function (b) { if (b.dataset.mark !== "abstain") setMark(b, "abstain"); });
    document.querySelectorAll(".writein input").forEach(function (i) { i.value = ""; });
    document.querySelectorAll(".wi-mark").forEach(function (b) { b.dataset.mark = "yes"; b.textContent = WI_LABEL.yes; });
    setVoid(false);
    select(buttons[0] || null);
    sheetId = sheet.round_key + "-" + channel + "-" + J.randomId();
    touched = false;
    refresh();
  }

  // ---------- the sheet being marked survives a reload (its marks and its entry id) ----------
  const draftKey = "jipiao.sheet." + eid + "." + sheet.round_id;
  function saveDraft() {
    if (correcting) return;  // a correction is not a new sheet
    if (touched) localStorage.setItem(draftKey, JSON.stringify({ entry_id: sheetId, ballot: currentBallot() }));
    else localStorage.removeItem(draftKey);
  }
  function readDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function restoreDraft(draft) {
    loadBallot(draft.ballot);
    sheetId = draft.entry_id;
    saveDraft();
  }

  // ---------- instant checks (RULES.md §5, §2) ----------
  function refresh() {
    document.querySelectorAll(".writein input").forEach(showWritten);
    const verdict = window.JipiaoChecks.judge(sheet, currentBallot());
    const problems = [];
    sheet.posts.forEach(function (p) {
      const s = verdict.sections[p.id];
      const sec = document.querySelector('.section[data-post="' + p.id + '"]');
      sec.classList.toggle("invalid", !s.valid && !verdict.void);
      document.querySelector('[data-picked="' + p.id + '"]').textContent =
        "已选 " + verdict.picked[p.id] + " / " + p.seats;
      const counter = document.querySelector('[data-counter="' + p.id + '"]');
      counter.textContent = p.name + " " + verdict.picked[p.id] + "/" + p.seats;
      counter.classList.toggle("over", verdict.picked[p.id] > p.seats);
      const box = document.querySelector('[data-problems="' + p.id + '"]');
      box.textContent = "";
      if (!s.valid && !verdict.void && s.text) {
        box.appendChild(J.el("div", { className: "notice bad", text: s.text }));
        if (problems.indexOf(s.text) < 0) problems.push(s.text);
      }
    });
    const out = document.getElementById("verdict");
    sheetVerdict = verdict.void ? { text: sheet.texts.void, bad: true }
      : problems.length ? { text: "有无效部分（" + problems.join("；") + "）", bad: true }
      : { text: "有效", bad: false };
    if (numberNote) {
      out.className = "notice bad"; out.textContent = numberNote;
    } else if (refusal && !correcting) {
      out.className = "notice bad"; out.textContent = "未被接受：" + refusal;
    } else if (allEntered() && !touched) {
      out.className = "notice ok";
      out.textContent = "全部选票已录入（已录入" + activeCount() + "张 / 收回" + entryLimit + "张）；如有录错，请在下方“更正”";
    } else if (!touched && !correcting) {
      out.className = lastSheet && lastSheet.bad ? "notice bad" : "notice";
      out.textContent = (lastSheet ? "第" + lastSheet.number + "张已记下：" + lastSheet.text + " · " : "") +
        "本张尚未录入";
    } else if (verdict.void) {
      out.className = "notice bad"; out.textContent = "本张：" + sheet.texts.void;
    } else if (problems.length) {
      out.className = "notice bad";
      out.textContent = "本张有无效部分：" + problems.join("；") + "。仍可提交，按所读录入。";
    } else {
      out.className = "notice ok"; out.textContent = "本张：有效";
    }
    saveDraft();
  }

  // ---------- the queue ----------
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(q) { localStorage.setItem(queueKey, JSON.stringify(q)); }

  let asking = false;
  async function submit() {
    if (!token || asking) return;
    await ready;
    const ballot = currentBallot();
    if (correcting) { submitCorrection(ballot); return; }
    if (allEntered()) {
      refusal = "已录入" + activeCount() + "张，已达到收回的" + entryLimit + "张；本张未提交，如有录错，请先更正";
      refresh(); render();
      return;
    }
    refusal = null;
    if (!touched) {
      // A blank ballot is valid (all abstain), but an untouched sheet is far more often a
      // second press: it is stored only when the clerk says so.
      asking = true;
      const dialog = document.getElementById("blank-dialog");
      const yes = await new Promise(function (resolve) {
        dialog.onclose = function () { resolve(dialog.returnValue === "ok"); };
        dialog.returnValue = "";
        dialog.showModal();
      });
      asking = false;
      if (!yes) return;
    }
    const q = loadQueue();
    if (q.some(function (x) { return x.entry_id === sheetId; })) return; // this sheet is queued
    const item = { entry_id: sheetId, channel: channel,
                   round_id: sheet.round_id, ballot: ballot, state: "pending", at: Date.now() };
    if (boxId) item.box = boxId;
    q.push(item);
    saveQueue(q);
    lastSheet = Object.assign({ number: activeCount() }, sheetVerdict);
    J.toast("第" + lastSheet.number + "张已记下" + (online ? "" : "（待发送）"));
    clearSheet();
    window.scrollTo(0, 0);  // the next sheet from its top (a long sheet scrolls)
    render();
    flush();
  }

  async function flush() {
    if (sending) return;
    sending = true;
    clearTimeout(retryTimer);
    let gotAnswer = false;
    try {
      for (;;) {
        const q = loadQueue();
        const item = q.find(function (x) { return x.state === "pending"; });
        if (!item) break;
        const body = Object.assign({ entry_id: item.entry_id, channel: item.channel }, item.box ? { box: item.box } : {}, item.ballot);
        let answer = null;
        try {
          const url = "/api/v1/elections/" + eid + "/rounds/" + (item.round_id || sheet.round_id) + "/entries";
          answer = await J.api(token, "POST", url, body, 6000);
        } catch (err) {
          if (!(err instanceof J.ApiError) || err.status >= 500) {
            setOnline(false);
            retryTimer = setTimeout(flush, retryDelay);
            retryDelay = Math.min(retryDelay * 2, 8000);
            return;
          }
          // The server answered and refused: keep it visible, never silently drop it. The
          // sheet still blank after it gets the refused marks back, to be put right.
          gotAnswer = true;
          refusal = err.message;
          lastSheet = null;
          J.toast("未被接受：" + err.message, 6000);
          if (item.round_id === sheet.round_id && !touched && !correcting) {
            saveQueue(loadQueue().filter(function (x) { return x.entry_id !== item.entry_id; }));
            loadBallot(item.ballot);
            continue;
          }
          item.state = "refused";
          item.error = err.message;
          saveQueue(loadQueue().map(function (x) { return x.entry_id === item.entry_id ? item : x; }));
          refresh();
          continue;
        }
        setOnline(true);
        retryDelay = 1000;
        gotAnswer = true;
        if (answer.undone) {
          // undone (作废更正) since it was first sent: not stored again, said so
          saveQueue(loadQueue().filter(function (x) { return x.entry_id !== item.entry_id; }));
          J.toast(answer.message);
          continue;
        }
        // Keep the count steady until the server's list arrives (loadEntries below).
        if (item.round_id === sheet.round_id && !entries.some(function (e) { return e.entry_id === item.entry_id; })) {
          entries.push({ entry_id: item.entry_id, channel: item.channel, ballot: item.ballot,
                         valid: answer.valid, voided: false, void_reason: null });
        }
        saveQueue(loadQueue().filter(function (x) { return x.entry_id !== item.entry_id; }));
        J.toast("第" + answer.position + "张：" + answer.message);
      }
    } finally {
      sending = false;
      render();
      if (gotAnswer) loadEntries();
    }
  }

  function setOnline(on) { online = on; render(); }

  async function loadEntries() {
    try {
      const list = await J.api(token, "GET", base + "/entries?channel=" + channel);
      entries = list;
      setOnline(true);
    } catch (err) {
      if (err instanceof J.ApiError) showError(err);
      else setOnline(false);
    }
    render();
  }

  function showError(err) {
    const box = document.getElementById("server-error");
    box.textContent = err.message;
    box.classList.remove("hidden");
    setTimeout(function () { box.classList.add("hidden"); }, 8000);
  }

  function allEntered() {
    return entryLimit != null && !correcting && activeCount() >= entryLimit;
  }

  function activeEntries() { return entries.filter(function (e) { return !e.voided; }); }
  function activeCount() {
    return activeEntries().length + loadQueue().filter(function (x) {
      return x.state === "pending" && x.round_id === sheet.round_id;
    }).length;
  }

  function summary(ballot) {
    if (ballot.void) return "整张作废";
    const parts = [];
    sheet.posts.forEach(function (p) {
      const marks = (ballot.marks || {})[p.id] || {};
      const bits = [];
      p.candidates.forEach(function (c) {
        const m = marks[c.id];
        if (m && m !== "abstain") bits.push(c.name + J.MARK_SYMBOL[m]);
      });
      ((ballot.write_ins || {})[p.id] || []).forEach(function (w) {
        bits.push("另选" + w.name + (w.mark === "none" ? "(无符号)" : J.MARK_SYMBOL[w.mark]));
      });
      parts.push(p.name + "：" + (bits.length ? bits.join(" ") : "全部弃权"));
    });
    return parts.join("；");
  }

  function render() {
    const q = loadQueue();
    const pending = q.filter(function (x) { return x.state === "pending"; });
    const refused = q.filter(function (x) { return x.state === "refused"; });
    const k = correcting ? correcting.number : activeCount() + 1;
    document.getElementById("ballot-no").textContent = allEntered() ? "全部选票已录入" : "第 " + k + " 张";
    const status = document.getElementById("net-status");
    if (!online) {
      status.className = "status offline";
      status.textContent = "网络中断 · " + pending.length + " 张待发送（自动重试）";
    } else if (pending.length) {
      status.className = "status pending";
      status.textContent = pending.length + " 张发送中…";
    } else if (refused.length || refusal) {
      status.className = "status offline";
      status.textContent = "已连接 · " + (refused.length || 1) + " 张未被接受";
    } else {
      status.className = "status";
      status.textContent = "已连接 · 全部已保存";
    }
    if (sheet.ballots_returned != null) {
      document.getElementById("progress").textContent =
        "已录入 " + activeEntries().length + " / 收回 " + sheet.ballots_returned;
    }
    const tbody = document.querySelector("#entries tbody");
    tbody.textContent = "";
    refused.forEach(function (item) {
      tbody.appendChild(J.el("tr", { className: "entry-refused" }, [
        J.el("td", { className: "num", text: "—" }),
        J.el("td", { text: summary(item.ballot) }),
        J.el("td", {}, [J.el("span", { className: "notice bad", text: "未被接受：" + item.error })]),
        J.el("td", {}, [J.el("button", { type: "button", className: "secondary", text: "删除",
          onclick: function () { dropRefused(item.entry_id); } })]),
      ]));
    });
    pending.slice().reverse().forEach(function (item) {
      tbody.appendChild(J.el("tr", { className: "entry-pending" }, [
        J.el("td", { className: "num", text: item.round_id === sheet.round_id ? "待发送" : "上一轮" }),
        J.el("td", { text: summary(item.ballot) }),
        J.el("td", { text: "待发送…" }),
        J.el("td", {}),
      ]));
    });
    const active = activeEntries();
    const numbers = {};
    active.forEach(function (e, i) { numbers[e.entry_id] = i + 1; });
    entries.slice().reverse().forEach(function (e) {
      const no = numbers[e.entry_id];
      const actions = J.el("td", {});
      if (!e.voided) {
        actions.appendChild(J.el("button", { type: "button", className: "secondary", text: "更正",
          onclick: function () { startCorrection(e, no); } }));
      }
      tbody.appendChild(J.el("tr", { "data-entry": e.entry_id, className: e.voided ? "muted" : "" }, [
        J.el("td", { className: "num", text: no ? String(no) : "—" }),
        J.el("td", { text: summary(e.ballot) + (e.voided ? "（已作废：" + (e.void_reason || "") + "）" : "") }),
        J.el("td", { text: e.voided ? "已作废" : e.ballot.void ? "作废票" : e.valid ? "有效" : "有无效" }),
        actions,
      ]));
    });
    document.getElementById("entries-note").textContent =
      "共 " + active.length + " 张" + (sheet.double_entry ? "（" + channel + "组）" : "");
    document.getElementById("undo-last").disabled = !active.length || pending.length > 0;
    refresh();
  }

  function dropRefused(entryId) {
    saveQueue(loadQueue().filter(function (x) { return x.entry_id !== entryId; }));
    render();
  }

  // ---------- undo and corrections (with a reason, kept in the audit log) ----------
  function askReason(title) {
    const dialog = document.getElementById("reason-dialog");
    document.getElementById("reason-title").textContent = title;
    const input = document.getElementById("reason-input");
    input.value = "录入错误";
    return new Promise(function (resolve) {
      dialog.onclose = function () {
        resolve(dialog.returnValue === "ok" && input.value.trim() ? input.value.trim() : null);
      };
      dialog.showModal();
      input.select();
    });
  }

  document.getElementById("undo-last").addEventListener("click", async function () {
    const active = activeEntries();
    const last = active[active.length - 1];
    if (!last) return;
    const reason = await askReason("撤销第" + active.length + "张（" + summary(last.ballot) + "）");
    if (!reason) return;
    try {
      await J.api(token, "POST", base + "/entries/" + encodeURIComponent(last.entry_id) + "/correct",
                  { reason: reason });
      J.toast("已撤销第" + active.length + "张");
    } catch (err) {
      showError(err instanceof J.ApiError ? err : { message: "网络中断，撤销未完成，请稍后再试" });
    }
    loadEntries();
  });

  function startCorrection(entry, number) {
    correcting = { entry_id: entry.entry_id, number: number };
    loadBallot(entry.ballot);
    document.getElementById("correcting-no").textContent = String(number);
    document.getElementById("correcting").classList.remove("hidden");
    window.scrollTo(0, 0);
    render();
  }
  function stopCorrection() {
    const draft = readDraft();
    correcting = null;
    document.getElementById("correcting").classList.add("hidden");
    clearSheet();
    if (draft) restoreDraft(draft);
    render();
  }
  document.getElementById("cancel-correct").addEventListener("click", stopCorrection);

  async function submitCorrection(ballot) {
    const reason = await askReason("更正第" + correcting.number + "张");
    if (!reason) return;
    const replacement = Object.assign({ entry_id: sheet.round_key + "-" + channel + "-" + J.randomId(), channel: channel }, ballot);
    try {
      const answer = await J.api(token, "POST", base + "/entries/" + encodeURIComponent(correcting.entry_id) + "/correct",
                                 { reason: reason, replacement: replacement });
      J.toast("第" + correcting.number + "张已更正：" + answer.message);
      stopCorrection();
    } catch (err) {
      showError(err instanceof J.ApiError ? err : { message: "网络中断，更正未完成，请稍后再试" });
    }
    loadEntries();
  }

  // ---------- keyboard ----------
  let digits = "";
  let digitTimer = null;
  const KEY_MARK = { o: "yes", O: "yes", x: "no", X: "no", " ": "abstain", u: "unreadable", U: "unreadable", "?": "unreadable" };
  document.addEventListener("keydown", function (e) {
    if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.querySelector("dialog[open]")) return;
    // Keys on the 扫描/拍照 controls are theirs (Enter opens the file chooser), never the sheet's.
    if (e.target instanceof Element && e.target.closest("#scan")) return;
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === "Enter") {
      e.preventDefault();
      if (typing) e.target.blur();
      submit();
      return;
    }
    if (typing) return;
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      digits += e.key;
      clearTimeout(digitTimer);
      if (!byNumber[digits]) digits = e.key;
      if (byNumber[digits]) {
        numberNote = null;
        select(byNumber[digits]);
      } else {
        // No such candidate: nothing stays chosen, so the next mark key marks nothing.
        numberNote = "没有" + digits + "号（候选人编号 1–" + buttons.length + "），请重新输入编号";
        select(null);
        if (document.activeElement && document.activeElement.classList.contains("cand")) document.activeElement.blur();
      }
      refresh();
      // A second digit may follow (candidate 12 after 1) when the sheet has 10 or more.
      digitTimer = setTimeout(function () { digits = ""; }, 900);
      if (buttons.length < 10) digits = "";
      return;
    }
    if (KEY_MARK[e.key] !== undefined) {
      e.preventDefault();
      digits = "";
      if (!selected && numberNote) return;
      if (!selected) select(buttons[0]);
      numberNote = null;
      touched = true;
      setMark(selected, KEY_MARK[e.key]);
      advance();
      return;
    }
    if (e.key === "ArrowRight") { e.preventDefault(); advance(); return; }
    if (e.key === "ArrowDown") { e.preventDefault(); moveRow(1); return; }
    if (e.key === "ArrowUp") { e.preventDefault(); moveRow(-1); return; }
    if (e.key === "ArrowLeft") {
      e.preventDefault();
      const i = buttons.indexOf(selected);
      if (i > 0) select(buttons[i - 1]);
      return;
    }
    if (e.key === "Escape") { e.preventDefault(); refusal = null; if (correcting) stopCorrection(); else clearSheet(); render(); }
  });

  // Space on a focused tile must not also "click" it (that would cycle the mark).
  document.addEventListener("keyup", function (e) {
    if (e.key === " " && e.target.classList && e.target.classList.contains("cand")) e.preventDefault();
  });

  document.getElementById("submit").addEventListener("click", submit);
  // The form is never sent by the browser: the button (and Enter) enter the ballot.
  document.getElementById("ballot-form").addEventListener("submit", function (e) {
    e.preventDefault();
  });
  // 清空本张 clears the marks, also while correcting (the correction stays open: 取消更正
  // or Escape ends it).
  document.getElementById("clear-sheet").addEventListener("click", function () {
    refusal = null;
    clearSheet();
    if (correcting) touched = true;
    render();
  });
  window.addEventListener("online", flush);
  // Before the page goes away nothing is lost: the queue is already in localStorage.
  setInterval(function () { if (loadQueue().some(function (x) { return x.state === "pending"; })) flush(); }, 5000);

  // The round may end (计算结果) or a new one start while this page is open.
  setInterval(async function () {
    if (!token) return;
    try {
      const rounds = await J.api(token, "GET", "/api/v1/elections/" + eid + "/rounds");
      const last = rounds[rounds.length - 1];
      if (last && last.id !== sheet.round_id && last.state === "counting") { location.reload(); return; }
      const mine = rounds.find(function (r) { return r.id === sheet.round_id; });
      const over = mine && mine.state !== "counting";
      document.getElementById("submit").disabled = !!over;
      const box = document.getElementById("server-error");
      if (over) {
        box.textContent = mine.void_reason || "第" + mine.number + "轮现在是“" + mine.state_zh + "”，录入已结束。";
        box.classList.remove("hidden");
      }
    } catch (e) { /* the queue's own retry shows the connection state */ }
  }, 5000);

  const draft = readDraft();
  clearSheet();
  if (draft) restoreDraft(draft);
  render();
  if (token) ready.then(function () { render(); loadEntries(); flush(); });
  // A scanned sheet confirmed on this page (scan.js) is an entry like a typed one.
  document.addEventListener("jipiao:entered", function () { loadEntries(); });

  // ---------- when no round is being counted ----------
  function waitForCounting() {
    if (!token) return;
    setInterval(async function () {
      try {
        const rounds = await J.api(token, "GET", "/api/v1/elections/" + eid + "/rounds");
        const last = rounds[rounds.length - 1];
        if (last && last.state === "counting") location.reload();
        // A round found void while waiting: the page says why (drawn by the server).
        if (last && last.state === "void" && !document.getElementById("void-reason")) location.reload();
      } catch (e) { /* try again */ }
    }, 3000);
  }
})();
