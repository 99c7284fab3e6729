/* Shared by the pages: the meeting token (from the QR link's #token=…, never ?token=…: an
 * address's query ends up in server logs; then kept
 * on this device for this meeting) and JSON calls to the API with `Authorization: Bearer`. */
(function (global) {
  "use strict";

  // A token from a link that differs from the one this device already keeps is saved only
  // once the server has accepted it: a mistyped link must not overwrite a working token.
  const unconfirmed = {}; // token from the link → {key, saved}
  const instead = {};     // a refused link token → the saved token used in its place
  // The page's data (election id, …) is JSON in <script type="application/json">: the
  // Content-Security-Policy allows no inline script.
  const config = document.getElementById("jipiao-config");
  if (config && !global.JIPIAO) global.JIPIAO = JSON.parse(config.textContent);

  /* The address for links and QR codes: the one tablets reach (JIPIAO_PUBLIC_URL, or the
   * LAN address when this page was opened on localhost), given by the server. */
  const baseMeta = document.querySelector('meta[name="jipiao-base"]');
  const publicBase = (baseMeta && baseMeta.content) || location.origin;

  /* Times read as in the hall (JIPIAO_TIMEZONE, Asia/Shanghai by default), as on the
   * 报告单 and the public page, whatever zone the device's clock is set to. */
  const zoneMeta = document.querySelector('meta[name="jipiao-timezone"]');
  const timeZone = (zoneMeta && zoneMeta.content) || undefined;
  function clock(moment) {
    return (moment || new Date()).toLocaleTimeString("zh-CN", { hour12: false, timeZone: timeZone });
  }
  /* Today's date in the hall as YYYY-MM-DD (for a date field). */
  function today() {
    return new Date().toLocaleDateString("sv-SE", { timeZone: timeZone });
  }

  function readToken(electionId, role) {
    const key = "jipiao.token." + electionId + "." + role;
    const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    const query = new URLSearchParams(location.search);
    let token = hash.get("token");
    if (token) {
      let saved = null;
      try { saved = localStorage.getItem(key); } catch (e) { saved = null; }
      if (saved && saved !== token) unconfirmed[token] = { key: key, saved: saved };
      else {
        try { localStorage.setItem(key, token); } catch (e) { /* private mode: keep in memory */ }
      }
      // Keep the secret out of the address bar (and out of screenshots of it).
      query.delete("token");
      const rest = query.toString();
      history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
    } else {
      try { token = localStorage.getItem(key); } catch (e) { token = null; }
    }
    return token;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ("服务器返回错误 " + status));
      this.status = status;
      this.code = body && body.code;
      this.detail = body && body.detail;
    }
  }

  /* fetch JSON; throws ApiError for an answer that is not 2xx, TypeError/AbortError when
   * there was no answer at all (the caller decides whether to retry). */
  async function api(token, method, path, body, timeoutMs) {
    if (instead[token]) token = instead[token];
    try {
      const data = await call(token, method, path, body, timeoutMs);
      const pending = unconfirmed[token];
      if (pending) {
        delete unconfirmed[token];
        try { localStorage.setItem(pending.key, token); } catch (e) { /* keep in memory */ }
      }
      return data;
    } catch (err) {
      const pending = unconfirmed[token];
      if (err instanceof ApiError && err.status === 401 && pending) {
        delete unconfirmed[token];
        instead[token] = pending.saved;
        toast("链接中的口令无效，继续使用本设备已保存的口令", 4000);
        return api(pending.saved, method, path, body, timeoutMs);
      }
      throw err;
    }
  }

  /* The token actually in use (a refused link token is replaced by the saved one). */
  function currentToken(token) { return instead[token] || token; }

  async function call(token, method, path, body, timeoutMs) {
    const ctrl = new AbortController();
    const timer = setTimeout(function () { ctrl.abort(); }, timeoutMs || 8000);
    const headers = { "Accept": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const res = await fetch(path, {
        method: method, headers: headers, signal: ctrl.signal, cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let data = null;
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
      if (!res.ok) throw new ApiError(res.status, data);
      return data;
    } finally {
      clearTimeout(timer);
    }
  }

  /* A PDF the token may read, opened in a new tab. The tab is opened at the click (so no
   * popup blocker stops it) and shown the PDF once fetched with `Authorization`: the token
   * never goes into an address, a browser history or a server log. */
  async function openPdf(token, path) {
    token = currentToken(token);
    const tab = window.open("", "_blank");
    if (tab) tab.document.title = "正在生成 PDF…";
    try {
      const res = await fetch(path, { headers: { "Authorization": "Bearer " + token }, cache: "no-store" });
      if (!res.ok) {
        let data = null;
        try { data = await res.json(); } catch (e) { data = null; }
        throw new ApiError(res.status, data);
      }
      const url = URL.createObjectURL(await res.blob());
      if (tab) tab.location.href = url; else window.location.href = url;
    } catch (err) {
      if (tab) tab.close();
      toast(err instanceof ApiError ? err.message : "无法连接服务器，请稍后重试", 4000);
    }
  }

  /* A file the token may read (a spreadsheet), saved as `name`: fetched with
   * `Authorization`, so the token never goes into an address. */
  async function download(token, path, name) {
    const res = await fetch(path, { headers: { "Authorization": "Bearer " + currentToken(token) }, cache: "no-store" });
    if (!res.ok) {
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      throw new ApiError(res.status, data);
    }
    const a = el("a", { href: URL.createObjectURL(await res.blob()), download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /* One action at a time on a page: a double click or Enter twice while a request is out
   * sends nothing more (the server would store two candidates, two ballots…). The button
   * that started it is disabled until it ends. Errors stop here: the action's own calls
   * show them where they happen. */
  let running = false;
  function once(action) {
    return async function (e) {
      if (e && e.preventDefault) e.preventDefault();
      if (running) return;
      // (read now: after the event, `currentTarget` is null)
      const from = e && (e.submitter || e.currentTarget);
      const button = from && from.tagName === "BUTTON" ? from : null;
      running = true;
      if (button) button.disabled = true;
      try { await action(e); } catch (err) { /* shown where it happened */ } finally {
        running = false;
        // A step that is done stays done: its form is redrawn, never sent twice.
        if (button && !button.closest("[data-done]")) button.disabled = false;
      }
    };
  }
  /* Whether an action of `once` is running (a refresh waits for it). */
  function busy() { return running; }

  /* The page's `#error` box: shows `msg` (scrolled into view), or hides it when empty. */
  function showError(msg) {
    const box = document.getElementById("error");
    box.textContent = msg || "";
    box.classList.toggle("hidden", !msg);
    if (msg) box.scrollIntoView({ block: "center" });
  }

  /* A message beside the form (or control) `near` it concerns, kept until the user's next
   * action (`clearErrors`) and never scrolled to: the user is looking at that form. */
  function showErrorNear(near, msg) {
    clearErrors();
    if (!near) { showError(msg); return null; }
    const box = el("p", { className: "notice bad form-error", role: "alert",
      "data-error-for": near.id || near.dataset.form || "", text: msg });
    near.insertAdjacentElement("afterend", box);
    return box;
  }

  function clearErrors() {
    document.querySelectorAll("[data-error-for]").forEach(function (n) { n.remove(); });
    const top = document.getElementById("error");
    if (top) { top.textContent = ""; top.classList.add("hidden"); }
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function toast(text, ms) {
    let box = document.getElementById("toast");
    if (!box) {
      box = el("div", { id: "toast", className: "toast", role: "status" });
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.classList.remove("hidden");
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.classList.add("hidden"); }, ms || 1800);
  }

  function randomId() {
    // crypto.randomUUID needs a secure context; a hall's LAN is plain http.
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  /* The pages of a just-created election, one row per role with its token after `#` and a
   * QR code (the tokens are shown only this once). */
  function roleLinks(created) {
    const base = publicBase + "/e/" + created.id;
    const links = [
      ["组织者", base + "#token=" + created.tokens.organiser],
      ["计票人", base + "/clerk#token=" + created.tokens.teller],
      ["监票人", base + "/scrutineer#token=" + created.tokens.scrutineer],
      ["大屏", base + "/board#token=" + created.tokens.observer],
    ];
    return links.map(function (l) {
      return el("div", { className: "row" }, [
        el("img", { src: "/ui/qr.svg?data=" + encodeURIComponent(l[1]), alt: l[0] + "链接二维码", width: "120", height: "120" }),
        el("div", {}, [el("strong", { text: l[0] + "：" }), el("a", { href: l[1], text: "打开" + l[0] + "页面", "data-role-link": l[0] }),
          el("div", { className: "mono small", text: l[1] })]),
      ]);
    });
  }

  /* A person as lists show them: namesakes with their 备注 (出生年份或单位). */
  function personLabel(p) { return p.note ? p.name + "（" + p.note + "）" : p.name; }

  const MARK_SYMBOL = { yes: "○", no: "×", abstain: "", unreadable: "？" };
  const MARK_ZH = { yes: "赞成", no: "不赞成", abstain: "弃权", unreadable: "无法辨认" };

  global.Jipiao = {
    readToken: readToken, api: api, publicBase: publicBase, currentToken: currentToken, openPdf: openPdf,
    download: download, once: once, busy: busy, clock: clock, today: today,
    ApiError: ApiError, showError: showError, showErrorNear: showErrorNear, clearErrors: clearErrors,
    el: el, toast: toast, roleLinks: roleLinks, personLabel: personLabel,
    randomId: randomId, MARK_SYMBOL: MARK_SYMBOL, MARK_ZH: MARK_ZH,
  };
})(window);
