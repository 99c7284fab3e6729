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
  let saving = false;

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

  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    if (saving) return;  // Enter twice, a double click: one request
    saving = true;
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
      J.showError(err instanceof J.ApiError ? err.message : "无法连接服务器，请检查网络后重试");
    } finally {
      saving = false;
    }
  });
})();
