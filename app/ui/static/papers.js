/* 组织者: the 落款, contact and dates printed on the 当选公告 and 报告单 (PUT papers/details). */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "organiser");
  const form = document.getElementById("papers-form");
  if (!token || !form) return;
  const path = "/api/v1/elections/" + eid + "/papers/details";
  const field = function (id) { return document.getElementById(id); };

  function show(d) {
    field("papers-organisation").value = d.organisation || "";
    field("papers-contact").value = d.contact || "";
    field("papers-announced").value = d.announced_on || "";
    field("papers-days").value = d.publicity_working_days || 5;
    field("papers-meeting").value = d.meeting_date || "";
  }

  J.api(token, "GET", path).then(show).catch(function () { /* shown on save */ });

  document.querySelectorAll("#papers-forms [data-paper]").forEach(function (b) {
    b.addEventListener("click", function () {
      J.openPdf(token, "/api/v1/elections/" + eid + "/papers/" + b.dataset.paper + ".pdf");
    });
  });
  document.getElementById("papers-register").addEventListener("submit", function (e) {
    e.preventDefault();
    const boxes = field("papers-boxes").value.split("\n").map(function (x) { return x.trim(); })
      .filter(Boolean).slice(0, 20);
    const query = boxes.map(function (b) { return "box=" + encodeURIComponent(b); }).join("&");
    J.openPdf(token, "/api/v1/elections/" + eid + "/papers/forms/ballot-register.pdf"
      + (query ? "?" + query : ""));
  });

  /* Excel: downloads with the token in a header, never in an address. */
  async function download(path, name, near) {
    try {
      await J.download(token, path, name);
    } catch (err) {
      J.showErrorNear(near, err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    }
  }
  document.querySelectorAll("[data-sheet]").forEach(function (b) {
    b.addEventListener("click", function () {
      const kind = b.dataset.sheet;
      download("/api/v1/elections/" + eid + "/papers/" + kind + ".xlsx", kind + "-" + eid + ".xlsx", b.parentElement);
    });
  });

  const importForm = document.getElementById("roll-import");
  const confirmButton = document.getElementById("roll-confirm");
  const previewBox = document.getElementById("roll-preview");

  async function upload(kind) {
    const file = field("roll-file").files[0];
    if (!file) return null;
    const body = new FormData();
    body.append("file", file, file.name);
    const res = await fetch("/api/v1/elections/" + eid + "/papers/roll/" + kind, {
      method: "POST", body: body, headers: { "Authorization": "Bearer " + token } });
    let data = null;
    try { data = await res.json(); } catch (err) { data = null; }
    if (!res.ok) throw new J.ApiError(res.status, data);
    return data;
  }

  function showPreview(p) {
    previewBox.textContent = "";
    const head = document.createElement("p");
    head.className = p.ok ? "notice ok" : "notice bad";
    head.textContent = p.ok ? "共 " + p.rows.length + " 人，没有错误。确认后导入。"
      : "有 " + p.errors.length + " 行须更正（其余 " + p.rows.length + " 行无误）。改好文件后重新预览；未导入任何人。";
    previewBox.appendChild(head);
    if (p.errors.length) {
      const list = document.createElement("ul");
      p.errors.forEach(function (e) {
        const li = document.createElement("li");
        li.textContent = e.message;
        list.appendChild(li);
      });
      previewBox.appendChild(list);
    }
    confirmButton.disabled = !p.ok;
  }

  field("roll-file").addEventListener("change", function () {
    confirmButton.disabled = true;
    previewBox.textContent = "";
  });
  importForm.addEventListener("submit", J.once(async function () {
    confirmButton.disabled = true;
    try {
      const p = await upload("preview");
      if (p) showPreview(p);
    } catch (err) {
      previewBox.textContent = err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试";
    }
  }));
  confirmButton.addEventListener("click", J.once(async function () {
    try {
      const done = await upload("import");
      if (done) {
        // (the button is enabled again meanwhile: with no file a click sends nothing)
        field("roll-file").value = "";
        previewBox.textContent = "已导入 " + done.added + " 人。";
        document.body.dispatchEvent(new CustomEvent("attendance-changed"));
        setTimeout(function () { window.location.reload(); }, 800);
      }
    } catch (err) {
      previewBox.textContent = err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试";
    }
  }));

  form.addEventListener("submit", J.once(async function () {
    field("papers-saved").textContent = "保存中…";
    try {
      show(await J.api(token, "PUT", path, {
        organisation: field("papers-organisation").value || null,
        contact: field("papers-contact").value || null,
        announced_on: field("papers-announced").value || null,
        publicity_working_days: parseInt(field("papers-days").value, 10) || 5,
        meeting_date: field("papers-meeting").value || null,
      }));
      field("papers-saved").textContent = "已保存";
    } catch (err) {
      field("papers-saved").textContent = "";
      J.showErrorNear(form, err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    }
  }));
})();
