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
  const STATE_ZH = { unread: "待识读", read: "待核对", refused: "不是本轮选票", unlocated: "未找到选票，请手工录入", confirmed: "已计入", set_aside: "已搁置，按纸质选票手工录入" };
  const ASIDE_ZH = { by_hand: "已搁置，按纸质选票手工录入", duplicate: "已搁置（同一张选票重复拍摄，不计入）" };
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
        await loadSheets(); // a page read last completes the papers of the pages before it
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

  /* A ballot of several pages is one paper: the row of its first page confirms it, the rows
   * of its other pages say whose page they are. A paper whose pages are not 1…n in order
   * cannot be confirmed: its pages are set aside and the paper is entered by hand. */
  function draw() {
    const body = document.querySelector("#scan-sheets tbody");
    body.replaceChildren();
    sheets.slice().reverse().forEach(function (s) {
      const paper = s.paper;
      const many = paper && paper.count > 1; // a page without marks is no blank ballot
      const flags = s.flags.filter(function (f) { return ["wrong_election", "wrong_round", "wrong_template", "no_ballot_found", "page_unknown", "over_vote", "possible_duplicate"].concat(many ? [] : ["blank_sheet"]).includes(f.code); })
        .map(function (f) { return f.zh; });
      if (many && paper.code === null) flags.unshift("第 " + paper.numbers.join("、") + " 张为同一张选票的第 1–" + paper.count + " 页");
      else if (many) flags.unshift(paper.zh);
      let state = s.state === "set_aside" ? ASIDE_ZH[s.set_aside] : STATE_ZH[s.state];
      if (s.state === "read" && s.to_check) state += "（" + s.to_check + "处存疑）";
      if (many && s.page) state = "第" + s.page + "页 · " + state;
      const actions = [];
      if (s.state === "read" && confirmable(s) && paper.sheets[0] === s.id) {
        actions.push(J.el("button", { type: "button", className: "secondary", text: "核对", onclick: function () { show(s.id); } }));
      }
      if (["read", "refused", "unlocated"].includes(s.state) && !(confirmable(s) && !s.duplicate_of) && (!paper || paper.sheets[0] === s.id)) {
        actions.push(J.el("button", { type: "button", className: "secondary set-aside", text: "搁置", onclick: function () { setAside(s, "by_hand"); } }));
      }
      const bad = s.state === "refused" || s.state === "unlocated" || (s.state === "read" && paper && paper.code !== null && paper.code !== "pages_waiting");
      body.appendChild(J.el("tr", { "data-sheet": String(s.id), "data-state": s.state }, [
        J.el("td", { className: "num", text: String(s.number) }),
        J.el("td", { text: s.source }),
        J.el("td", { className: bad ? "bad" : "" }, [state].concat(flags.length ? [J.el("div", { className: "small muted", text: flags.join("；") })] : [])),
        J.el("td", {}, actions),
      ]));
    });
    const waiting = sheets.filter(function (s) { return s.state === "read" && confirmable(s) && s.paper.sheets[0] === s.id; }).length;
    nextBtn.disabled = !waiting;
    nextBtn.textContent = waiting ? "核对下一张（" + waiting + "）" : "核对下一张";
    const count = function (state) { return sheets.filter(function (s) { return s.state === state; }).length; };
    const papers = new Set(sheets.filter(function (s) { return s.state === "confirmed"; }).map(function (s) { return s.entry_id; })).size;
    const open = count("unread") + count("read") + count("refused") + count("unlocated");
    document.getElementById("scan-summary").textContent = sheets.length ? "共 " + sheets.length + " 页：已计入 " + papers + " 张选票，已搁置 " + count("set_aside") + " 页，"
      + (open ? "尚待处理 " + open + " 页" : "全部处理完毕") : "";
  }

  function confirmable(s) { return Boolean(s.paper && s.paper.code === null); }

  async function setAside(s, reason) {
    const what = reason === "duplicate" ? "确认这是同一张选票的重复照片，搁置且不计入？" : "搁置第 " + s.number + " 张（连同同一张选票的其他页），改为按纸质选票手工录入？";
    if (!window.confirm(what)) return;
    try {
      const done = await J.api(token, "POST", base + "/sheets/" + s.id + "/set-aside", { reason: reason });
      const byId = {};
      done.forEach(function (d) { byId[d.id] = d; });
      sheets = sheets.map(function (x) { return byId[x.id] || x; });
      J.toast(reason === "duplicate" ? "已搁置重复的照片" : "已搁置，请按纸质选票手工录入", 4000);
      draw();
    } catch (err) { fail(err); }
  }

  // ---------- confirm one sheet ----------
  function nextSheet() { return sheets.find(function (s) { return s.state === "read" && confirmable(s) && s.paper.sheets[0] === s.id; }) || null; }
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
    open = { detail: detail, choices: choices, writeIns: writeIns, shownAt: Date.now(), anotherPaper: false };
    const numbers = detail.pages.map(function (p) { return p.number; });
    document.getElementById("scan-title").textContent = "核对第 " + numbers.join("、") + " 张（" + (detail.pages.length > 1 ? "同一张选票的 " + detail.pages.length + " 页" : detail.source) + "）";
    drawPages();
    const names = document.getElementById("scan-names");
    names.replaceChildren.apply(names, detail.known_names.map(function (n) { return J.el("option", { value: n }); }));
    const flags = detail.flags.filter(function (f) { return f.code === "over_vote" || f.code === "blank_sheet"; });
    const notes = flags.map(function (f) { return J.el("p", { className: "notice warn", text: f.zh }); });
    const twice = detail.flags.find(function (f) { return f.code === "possible_duplicate"; });
    if (twice) {
      const box = J.el("input", { type: "checkbox", id: "scan-another" });
      box.addEventListener("change", function () { open.anotherPaper = box.checked; refresh(); });
      notes.push(J.el("div", { className: "notice warn duplicate" }, [
        J.el("p", { text: twice.zh }),
        J.el("label", {}, [box, " 已核对纸质选票，这是另一张选票"]),
        J.el("button", { type: "button", className: "secondary", text: "是同一张，搁置不计入", onclick: function () {
          const summary = sheets.find(function (x) { return x.id === detail.id; }) || detail;
          open = null; dialog.close(); setAside(summary, "duplicate");
        } }),
      ]));
    }
    document.getElementById("scan-flags").replaceChildren.apply(document.getElementById("scan-flags"), notes);
    drawCells();
    drawWriteIns();
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

  function drawPages() {
    const figure = document.getElementById("scan-figure");
    figure.style.aspectRatio = "1 / " + open.detail.pages[0].aspect;
    figure.replaceChildren.apply(figure, open.detail.pages.map(function (p) {
      const layer = J.el("div", { className: "scan-overlay" });
      p.cells.forEach(function (c) {
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
      const parts = [J.el("img", { src: p.image, alt: "扫描的选票（已摆正）" + (p.page ? "第" + p.page + "页" : "") }), layer];
      if (open.detail.pages.length > 1) parts.push(J.el("span", { className: "page-label", text: "第" + p.page + "页（第 " + p.number + " 张）" }));
      return J.el("div", { className: "scan-page", "data-page": String(p.page) }, parts);
    }));
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
    const twice = open.detail.duplicate_of && !open.anotherPaper;
    const note = document.getElementById("scan-left");
    note.textContent = left.length ? "还有 " + left.length + " 处存疑未核对：请对照图像逐一点选"
      : twice ? "手写符号与第 " + open.detail.duplicate_of + " 张相同：请核对纸质选票" : "全部核对完毕，可以确认";
    note.className = "notice " + (left.length || twice ? "warn" : "ok");
    confirmBtn.disabled = sending || left.length > 0 || Boolean(twice);
  }

  async function confirmSheet() {
    if (!open || sending || pending().length || (open.detail.duplicate_of && !open.anotherPaper) || Date.now() - open.shownAt < SETTLE_MS) return;
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
        { marks: marks, write_ins: writeIns, checked: checked, another_paper: open.anotherPaper }, 20000);
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
    const done = sheets.find(function (s) { return s.id === id; });
    const ids = done && done.paper ? done.paper.sheets : [id];
    sheets = sheets.map(function (s) { return ids.includes(s.id) ? Object.assign({}, s, { state: "confirmed", entry_id: "scan-" + ids[0] }) : s; });
    draw();
    document.dispatchEvent(new CustomEvent("jipiao:entered"));
    const next = nextSheet();
    if (next) show(next.id);
    else { open = null; dialog.close(); J.toast("扫描的选票已全部核对", 3000); loadSheets(); }
  }

  readPending();
})();
