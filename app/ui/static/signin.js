/* 签到台: find a voter by a character of the name or the 序号 on the printed 签到表, tap to
 * sign in; or paste a list. Several desks work at once: each tap signs in (never toggles),
 * so a desk with a stale list cannot undo another desk's sign-in. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "signin");
  const E = "/api/v1/elections/" + eid;
  const SHOWN = 24;
  let voters = [];
  // Sign-ins tapped while the network was down: sent again as soon as it answers, shown
  // 尚未记下 until then (a sign-in sets presence, never toggles, so sending it twice is harmless).
  // Kept in localStorage: a reload or a closed tab loses none of them.
  const waitingKey = "jipiao-signin-waiting-" + eid;
  const waiting = readWaiting();
  let offlineSaid = false;

  if (!token) { document.getElementById("token-missing").classList.remove("hidden"); return; }
  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["Authorization"] = "Bearer " + J.currentToken(token);
  });

  async function call(method, path, body) {
    J.showError("");
    offlineSaid = false;
    try {
      return await J.api(token, method, E + path, body);
    } catch (err) {
      offlineSaid = !(err instanceof J.ApiError);
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
      throw err;
    }
  }

  function readWaiting() {
    try { return JSON.parse(localStorage.getItem(waitingKey) || "{}") || {}; } catch (e) { return {}; }
  }

  function saveWaiting() {
    try {
      if (Object.keys(waiting).length) localStorage.setItem(waitingKey, JSON.stringify(waiting));
      else localStorage.removeItem(waitingKey);
    } catch (e) { /* private mode: kept in this page only */ }
  }

  function waitingNames() {
    return Object.keys(waiting).map(function (id) { return J.personLabel(waiting[id]); }).join("、");
  }

  async function loadVoters() {
    try { voters = await J.api(token, "GET", E + "/voters"); } catch (e) { return; }
    if (offlineSaid) { offlineSaid = false; J.showError(""); }  // the network is back
    const ids = Object.keys(waiting).map(Number);
    if (ids.length) {
      try {
        await J.api(token, "POST", E + "/sign-ins", { voter_ids: ids, present: true });
      } catch (err) {
        if (err instanceof J.ApiError) {
          ids.forEach(function (id) { delete waiting[id]; });
          saveWaiting();
          J.showError("以下签到未被接受：" + err.message);
        }
        draw();
        return;
      }
      const names = waitingNames();
      ids.forEach(function (id) {
        delete waiting[id];
        const v = voters.find(function (x) { return x.id === id; });
        if (v) v.signed_in = true;
      });
      saveWaiting();
      J.toast("网络恢复，已补记签到：" + names, 5000);
      document.body.dispatchEvent(new Event("attendance-changed"));
    }
    draw();
  }

  const search = document.getElementById("signin-search");

  function matches(query) {
    const q = query.trim();
    if (!q) return [];
    if (/^[0-9０-９]+$/.test(q)) {
      const n = parseInt(q.replace(/[０-９]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xFEE0); }), 10);
      return voters.filter(function (v) { return v.number === n; });
    }
    return voters.filter(function (v) { return v.name.indexOf(q) >= 0 || (v.note || "").indexOf(q) >= 0; });
  }

  function state(v, undoable) {
    if (!v.votes) return v.status_zh + "（列席）" + (v.signed_in ? " · ✓ 已签到" : "");
    if (v.exclusion_reason) return "经批准不计入应到";
    if (waiting[v.id]) return "尚未记下 · 网络恢复后自动补记";
    if (v.signed_in) return undoable ? "✓ 已签到（点按可撤销）" : "✓ 已签到";
    return "未签到 · 点按签到";
  }

  /* A large tile: 序号 and name, the 备注 that tells namesakes apart, and where they stand. */
  function tile(v, undoable) {
    return J.el("button", { type: "button", "data-voter": String(v.id), "data-present": v.signed_in ? "yes" : "no" }, [
      J.el("span", { className: "who", text: v.number + "　" + v.name }),
      v.note ? J.el("span", { className: "note", text: v.note }) : "",
      J.el("span", { className: "what", text: state(v, undoable) }),
    ]);
  }

  function draw() {
    const box = document.getElementById("signin-results");
    const found = matches(search.value);
    const present = voters.filter(function (v) { return v.signed_in; }).length;
    document.getElementById("signin-found").textContent = search.value.trim()
      ? "找到" + found.length + "人" + (found.length > SHOWN ? "，只显示前" + SHOWN + "人，请多输入几个字" : "")
      : "名册共" + voters.length + "人，已签到" + present + "人";
    box.textContent = "";
    found.slice(0, SHOWN).forEach(function (v) {
      const b = tile(v, true);
      b.disabled = !!v.exclusion_reason || !!waiting[v.id];
      if (waiting[v.id]) b.setAttribute("data-present", "waiting");
      b.addEventListener("click", function () { tap(v, b); });
      box.appendChild(b);
    });
  }

  async function tap(v, b) {
    const present = !v.signed_in;
    if (!present && !window.confirm("撤销“" + J.personLabel(v) + "”的签到？")) return;
    b.disabled = true;  // a second tap while the first is on its way does nothing
    try {
      await call("POST", "/sign-ins", { voter_ids: [v.id], present: present });
    } catch (err) {
      b.disabled = false;
      if (err instanceof J.ApiError) return;
      if (present) {
        waiting[v.id] = v;
        saveWaiting();
        J.showError("网络中断：" + waitingNames() + " 的签到尚未记下，网络恢复后自动补记");
      } else {
        J.showError("网络中断：" + J.personLabel(v) + " 的签到未撤销，请网络恢复后再点一次");
      }
      draw();
      return;
    }
    v.signed_in = present;
    J.toast(J.personLabel(v) + (present ? " 已签到" : " 已撤销签到"));
    if (present) { search.value = ""; search.focus(); }
    draw();
    document.body.dispatchEvent(new Event("attendance-changed"));
  }

  search.addEventListener("input", draw);

  function line(label, names) {
    return J.el("p", { className: "notice " + (label.ok ? "ok" : "warn"), "data-report": label.key, text: label.text + names.join("、") });
  }

  document.getElementById("signin-list-form").addEventListener("submit", J.once(async function () {
    const area = document.getElementById("signin-lines");
    const lines = area.value.split("\n").filter(function (s) { return s.trim(); });
    if (!lines.length) return;
    const out = await call("POST", "/sign-ins/list", { lines: lines });
    const report = document.getElementById("signin-report");
    report.textContent = "";
    report.appendChild(line({ ok: true, key: "signed_in", text: "本次签到" + out.signed_in.length + "人" + (out.signed_in.length ? "：" : "") }, out.signed_in));
    if (out.already.length) report.appendChild(line({ ok: true, key: "already", text: "此前已签到" + out.already.length + "人：" }, out.already));
    if (out.excluded.length) report.appendChild(line({ key: "excluded", text: "经批准不计入应到，未签到：" }, out.excluded));
    if (out.unknown.length) report.appendChild(line({ key: "unknown", text: "名册中查无此人，未签到：" }, out.unknown));
    out.ambiguous.forEach(function (a) {
      const row = J.el("div", { className: "notice warn", "data-report": "ambiguous" }, [
        J.el("p", { text: "“" + a.line + "”有" + a.choices.length + "人同名，未签到。请点选到会的一位：" })]);
      const choices = J.el("div", { className: "signin-results" });
      a.choices.forEach(function (v) {
        const b = tile(v, false);
        b.addEventListener("click", async function () {
          const known = voters.find(function (x) { return x.id === v.id; }) || v;
          if (known.signed_in) return;
          await tap(known, b);
          b.setAttribute("data-present", known.signed_in ? "yes" : "no");
          b.querySelector(".what").textContent = state(known, false);
        });
        choices.appendChild(b);
      });
      row.appendChild(choices);
      report.appendChild(row);
    });
    // What still needs a person's eye stays in the box; the rest is done.
    area.value = out.unknown.concat(out.ambiguous.map(function (a) { return a.line; })).join("\n");
    document.body.dispatchEvent(new Event("attendance-changed"));
    loadVoters();
  }));

  loadVoters();
  window.addEventListener("online", loadVoters);
  setInterval(loadVoters, 5000);  // the other desks' sign-ins
})();
