/* 扫描计票 on the 计票人 page: a tablet's photo or a scanner's PDF is uploaded (kept by the
 * server before anything is read), each page is read in turn with a progress bar, and each
 * sheet is confirmed against its image: every cell the reader left to a person must be
 * touched (○ × 空 ？) and every 另选他人 name typed before the sheet is counted.
 *
 * Nothing lives only on this tablet: a reload mid-batch finds the kept pages still unread on
 * the server and goes on reading them; the same file sent again adds nothing. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "clerk");
  const dataNode = document.getElementById("sheet-data");
  const section = document.getElementById("scan");
  if (!dataNode || !section || !token) return;

  const sheet = JSON.parse(dataNode.textContent);
  const base = "/api/v1/elections/" + eid + "/rounds/" + sheet.round_id;
  const STATE_ZH = { unread: "待识读", read: "待核对", refused: "不是本轮选票", unlocated: "未找到选票，请手工录入", confirmed: "已计入" };
  const CHOICES = [["yes", "○"], ["no", "×"], ["abstain", "空"], ["unreadable", "？"]];
  const WI_CHOICES = [["yes", "○"], ["no", "×"], ["none", "无符号"]];
  const SETTLE_MS = 800; // a sheet just shown cannot be confirmed before the clerk has seen it
  const byId = {};
  sheet.posts.forEach(function (p) { p.candidates.forEach(function (c) { byId[c.id] = c; }); });
  const postName = {};
  sheet.posts.forEach(function (p) { postName[p.id] = p.name; });

  const dialog = document.getElementById("scan-dialog");
  const confirmBtn = document.getElementById("scan-confirm");
  const nextBtn = document.getElementById("scan-next");
  let sheets = [];
  let reading = false;
  let open = null;      // the sheet being confirmed: {detail, choices, writeIns}
  let sending = false;

  function status(text, value, max) {
    document.getElementById("scan-busy").classList.toggle("hidden", text === null);
    document.getElementById("scan-status").textContent = text || "";
    const bar = document.getElementById("scan-progress");
    if (max != null) { bar.max = Math.max(1, max); bar.value = value; }
  }

  function fail(err) {
    J.toast(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试", 6000);
  }

  // ---------- upload and read ----------
  function send(file) {
    return new Promise(function (resolve, reject) {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", base + "/sheets?name=" + encodeURIComponent(file.name || "photo.jpg"));
      xhr.setRequestHeader("Authorization", "Bearer " + J.currentToken(token));
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) status("正在上传“" + file.name + "”", e.loaded, e.total);
      };
      xhr.onload = function () {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject(new J.ApiError(xhr.status, body));
      };
      xhr.onerror = function () { reject(new TypeError("network")); };
      xhr.send(file);
    });
  }

  async function upload(files) {
    section.scrollIntoView({ block: "start" });
    for (const file of files) {
      status("正在上传“" + file.name + "”", 0, 1);
      try {
        const kept = await send(file);
        const again = kept.repeated ? "，" + kept.repeated + "页此前已上传，不重复保存" : "";
        J.toast("“" + file.name + "”已保存" + kept.sheets.length + "页" + again, 4000);
      } catch (err) { fail(err); }
    }
    status(null);
    await readPending();
  }

  ["scan-photo", "scan-files"].forEach(function (id) {
    const input = document.getElementById(id);
    input.addEventListener("change", function () {
      const files = Array.from(input.files || []);
      input.value = "";
      if (files.length) upload(files);
    });
  });

  async function loadSheets() {
    try { sheets = await J.api(token, "GET", base + "/sheets"); } catch (err) { fail(err); return; }
    draw();
  }

  /* Read every kept page not yet read, one request a page: the bar moves page by page. */
  async function readPending() {
    if (reading) return;
    reading = true;
    try {
      await loadSheets();
      const todo = sheets.filter(function (s) { return s.state === "unread"; });
      for (let i = 0; i < todo.length; i++) {
        status("正在识读第 " + (i + 1) + " / " + todo.length + " 页", i, todo.length);
        const done = await J.api(token, "POST", base + "/sheets/" + todo[i].id + "/read", undefined, 60000);
        sheets = sheets.map(function (s) { return s.id === done.id ? done : s; });
        draw();
      }
      if (todo.length) {
        const waiting = sheets.filter(function (s) { return s.state === "read"; }).length;
        status("识读完毕：" + todo.length + " 页，" + waiting + " 张待核对", todo.length, todo.length);
      }
    } catch (err) {
      fail(err);
      status("识读中断，稍后自动继续", 0, 1);
      setTimeout(function () { reading = false; readPending(); }, 5000);
      return;
    }
    reading = false;
  }

  function draw() {
    const body = document.querySelector("#scan-sheets tbody");
    body.replaceChildren();
    sheets.slice().reverse().forEach(function (s) {
      const flags = s.flags.filter(function (f) { return ["wrong_election", "wrong_round", "wrong_template", "no_ballot_found", "over_vote", "blank_sheet"].includes(f.code); })
        .map(function (f) { return f.zh; });
      const state = STATE_ZH[s.state] + (s.state === "read" && s.to_check ? "（" + s.to_check + "处存疑）" : "");
      body.appendChild(J.el("tr", { "data-sheet": String(s.id), "data-state": s.state }, [
        J.el("td", { className: "num", text: String(s.number) }),
        J.el("td", { text: s.source }),
        J.el("td", { className: s.state === "refused" || s.state === "unlocated" ? "bad" : "" }, [state].concat(flags.length ? [J.el("div", { className: "small muted", text: flags.join("；") })] : [])),
        J.el("td", {}, s.state === "read" ? [J.el("button", { type: "button", className: "secondary", text: "核对", onclick: function () { show(s.id); } })] : []),
      ]));
    });
    nextBtn.disabled = !sheets.some(function (s) { return s.state === "read"; });
    const waiting = sheets.filter(function (s) { return s.state === "read"; }).length;
    nextBtn.textContent = waiting ? "核对下一张（" + waiting + "）" : "核对下一张";
  }

  // ---------- confirm one sheet ----------
  function nextSheet() { return sheets.find(function (s) { return s.state === "read"; }) || null; }
  nextBtn.addEventListener("click", function () { const s = nextSheet(); if (s) show(s.id); });
  document.getElementById("scan-close").addEventListener("click", function () { open = null; dialog.close(); });

  async function show(id) {
    let detail;
    try { detail = await J.api(token, "GET", base + "/sheets/" + id, undefined, 20000); } catch (err) { fail(err); return; }
    const choices = {};
    detail.cells.forEach(function (c) {
      if (c.candidate) choices[c.post + ":" + c.column] = c.check ? null : c.mark;
    });
    const writeIns = {};
    detail.write_in_cells.forEach(function (w) {
      writeIns[w.post + ":" + w.column] = { name: w.name || "", mark: w.mark, none: false };
    });
    // shownAt: the second click of a double click on 确认 must not confirm the next sheet unseen.
    open = { detail: detail, choices: choices, writeIns: writeIns, shownAt: Date.now() };
    document.getElementById("scan-title").textContent = "核对第 " + detail.number + " 张（" + detail.source + "）";
    document.getElementById("scan-image").src = detail.image;
    document.getElementById("scan-figure").style.aspectRatio = "1 / " + detail.aspect;
    const names = document.getElementById("scan-names");
    names.replaceChildren.apply(names, detail.known_names.map(function (n) { return J.el("option", { value: n }); }));
    const flags = detail.flags.filter(function (f) { return f.code === "over_vote" || f.code === "blank_sheet"; });
    document.getElementById("scan-flags").replaceChildren.apply(document.getElementById("scan-flags"),
      flags.map(function (f) { return J.el("p", { className: "notice warn", text: f.zh }); }));
    drawCells();
    drawWriteIns();
    drawOverlay();
    refresh();
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector(".scan-cell.check .choice");
    if (first) first.focus();
  }

  function drawCells() {
    const box = document.getElementById("scan-cells");
    box.replaceChildren();
    sheet.posts.forEach(function (p) {
      const rows = open.detail.cells.filter(function (c) { return c.post === p.id && c.candidate; });
      if (!rows.length) return;
      box.appendChild(J.el("h3", { text: p.name + "（应选" + p.seats + "名）" }));
      rows.forEach(function (c) {
        const key = c.post + ":" + c.column;
        const person = byId[c.candidate] || { n: c.column, name: c.candidate };
        const row = J.el("div", { className: "scan-cell" + (c.check ? " check" : ""), "data-cell": key }, [
          J.el("span", { className: "who", text: person.n + " " + person.name }),
          J.el("span", { className: "hint small muted", text: c.check ? "存疑，请看图点选" : "识读：" + (J.MARK_ZH[c.mark] || c.mark) }),
        ]);
        CHOICES.forEach(function (choice) {
          row.appendChild(J.el("button", {
            type: "button", className: "choice", "data-mark": choice[0], "aria-label": person.name + " " + J.MARK_ZH[choice[0]],
            onclick: function () { open.choices[key] = choice[0]; open.touched = open.touched || {}; open.touched[key] = true; refresh(); },
          }, [choice[1]]));
        });
        box.appendChild(row);
      });
    });
  }

  function drawWriteIns() {
    const box = document.getElementById("scan-writeins");
    box.replaceChildren();
    if (!open.detail.write_in_cells.length) return;
    box.appendChild(J.el("h3", { text: "另选他人（请照图录入姓名）" }));
    open.detail.write_in_cells.forEach(function (w) {
      const key = w.post + ":" + w.column;
      const state = open.writeIns[key];
      const input = J.el("input", { type: "text", maxlength: "64", list: "scan-names", lang: "zh-CN",
        placeholder: "姓名", "aria-label": (postName[w.post] || w.post) + "另选他人姓名", "data-writein": key });
      input.value = state.name;
      input.addEventListener("input", function () { state.name = input.value; state.none = false; refresh(); });
      const row = J.el("div", { className: "scan-writein check", "data-cell": key }, [
        J.el("img", { src: w.crop, alt: "另选他人姓名栏原图" }), input]);
      WI_CHOICES.forEach(function (choice) {
        row.appendChild(J.el("button", { type: "button", className: "choice wi", "data-mark": choice[0],
          onclick: function () { state.mark = choice[0]; refresh(); } }, [choice[1]]));
      });
      row.appendChild(J.el("button", { type: "button", className: "secondary no-name", text: "未写姓名",
        onclick: function () { state.none = true; state.name = ""; input.value = ""; refresh(); } }));
      box.appendChild(row);
    });
  }

  function drawOverlay() {
    const layer = document.getElementById("scan-overlay");
    layer.replaceChildren();
    open.detail.cells.forEach(function (c) {
      const key = c.post + ":" + c.column;
      const mark = J.el("button", { type: "button", className: "scan-box" + (c.check ? " check" : ""), "data-cell": key,
        "aria-label": "第" + c.column + "栏", tabindex: "-1",
        onclick: function () {
          const target = dialog.querySelector('.scan-cell[data-cell="' + key + '"] .choice, .scan-writein[data-cell="' + key + '"] input');
          if (target) { target.scrollIntoView({ block: "center" }); target.focus(); }
        } });
      mark.style.left = (c.box[0] * 100) + "%";
      mark.style.top = (c.box[1] * 100) + "%";
      mark.style.width = (c.box[2] * 100) + "%";
      mark.style.height = (c.box[3] * 100) + "%";
      layer.appendChild(mark);
    });
  }

  function pending() {
    const left = [];
    open.detail.cells.forEach(function (c) {
      if (!c.check) return;
      const key = c.post + ":" + c.column;
      if (c.candidate ? open.choices[key] == null : !(open.writeIns[key] && (open.writeIns[key].name.trim() || open.writeIns[key].none))) left.push(key);
    });
    return left;
  }

  function refresh() {
    if (!open) return;
    Object.keys(open.choices).forEach(function (key) {
      const row = dialog.querySelector('.scan-cell[data-cell="' + key + '"]');
      row.querySelectorAll(".choice").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.mark === open.choices[key])); });
      row.classList.toggle("done", open.choices[key] != null);
      const box = dialog.querySelector('.scan-box[data-cell="' + key + '"]');
      if (box) { box.textContent = open.choices[key] ? J.MARK_SYMBOL[open.choices[key]] || "·" : "？"; box.classList.toggle("done", open.choices[key] != null); }
    });
    Object.keys(open.writeIns).forEach(function (key) {
      const state = open.writeIns[key];
      const row = dialog.querySelector('.scan-writein[data-cell="' + key + '"]');
      row.querySelectorAll(".choice.wi").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.mark === state.mark)); });
      row.querySelector(".no-name").setAttribute("aria-pressed", String(state.none));
      const done = Boolean(state.name.trim() || state.none);
      row.classList.toggle("done", done);
      const box = dialog.querySelector('.scan-box[data-cell="' + key + '"]');
      if (box) { box.textContent = done ? (state.none ? "空" : "另") : "？"; box.classList.toggle("done", done); }
    });
    const left = pending();
    const note = document.getElementById("scan-left");
    note.textContent = left.length ? "还有 " + left.length + " 处存疑未核对：请对照图像逐一点选" : "全部核对完毕，可以确认";
    note.className = "notice " + (left.length ? "warn" : "ok");
    confirmBtn.disabled = sending || left.length > 0;
  }

  async function confirmSheet() {
    if (!open || sending || pending().length || Date.now() - open.shownAt < SETTLE_MS) return;
    sending = true;
    refresh();
    const detail = open.detail;
    const marks = {};
    detail.cells.forEach(function (c) {
      if (!c.candidate) return;
      (marks[c.post] = marks[c.post] || {})[c.candidate] = open.choices[c.post + ":" + c.column];
    });
    const writeIns = [];
    Object.keys(open.writeIns).forEach(function (key) {
      const state = open.writeIns[key];
      const parts = key.split(":");
      if (state.name.trim() && !state.none) writeIns.push({ post: parts[0], column: parseInt(parts[1], 10), name: state.name.trim(), mark: state.mark });
    });
    const checked = detail.cells.filter(function (c) { return c.check; }).map(function (c) { return { post: c.post, column: c.column }; });
    try {
      const done = await J.api(token, "POST", base + "/sheets/" + detail.id + "/confirm",
        { marks: marks, write_ins: writeIns, checked: checked }, 20000);
      J.toast("第 " + detail.number + " 张已计入：" + done.entry.message, 3000);
      afterConfirm(detail.id);
    } catch (err) {
      if (err instanceof J.ApiError && err.code === "sheet_confirmed") { J.toast("这张已经计入，不重复计入", 3000); afterConfirm(detail.id); }
      else fail(err);
    } finally {
      sending = false;
      refresh();
    }
  }
  confirmBtn.addEventListener("click", confirmSheet);

  function afterConfirm(id) {
    sheets = sheets.map(function (s) { return s.id === id ? Object.assign({}, s, { state: "confirmed" }) : s; });
    draw();
    document.dispatchEvent(new CustomEvent("jipiao:entered"));
    const next = nextSheet();
    if (next) show(next.id);
    else { open = null; dialog.close(); J.toast("扫描的选票已全部核对", 3000); loadSheets(); }
  }

  readPending();
})();
