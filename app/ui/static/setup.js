/* 建立选举: from the form, or from an uploaded RECORD.md record (set-up part only). */
(function () {
  "use strict";
  const J = window.Jipiao;
  const DEFAULT_POSTS = {
    party_branch: [["书记", "secretary", 1, "secretary"], ["委员", "member", 5, "member"]],
    party_plenary: [["书记", "secretary", 1, "secretary"], ["副书记", "deputy", 1, "deputy_secretary"]],
    residents_committee: [["主任", "chair", 1, "chair"], ["副主任", "vice", 1, "vice_chair"], ["委员", "member", 3, "member"]],
    villagers_committee: [["主任", "chair", 1, "chair"], ["副主任", "vice", 1, "vice_chair"], ["委员", "member", 3, "member"]],
    supervisory_committee: [["主任", "chair", 1, "chair"], ["委员", "member", 2, "member"]],
  };
  const ROLE_ZH = { secretary: "书记", deputy_secretary: "副书记", member: "委员", chair: "主任", vice_chair: "副主任" };
  const tbody = document.querySelector("#posts tbody");
  const bodySel = document.getElementById("body");

  function postRow(name, id, seats, role) {
    const roleSel = J.el("select", { "aria-label": "职务类别" });
    Object.keys(ROLE_ZH).forEach(function (r) {
      const o = J.el("option", { value: r, text: ROLE_ZH[r] });
      if (r === role) o.selected = true;
      roleSel.appendChild(o);
    });
    const tr = J.el("tr", {}, [
      J.el("td", {}, [J.el("input", { type: "text", value: name, "aria-label": "职位名称", maxlength: "32", required: "" })]),
      J.el("td", {}, [J.el("input", { type: "text", value: id, "aria-label": "编号", maxlength: "32", pattern: "[A-Za-z][A-Za-z0-9_-]*", required: "", size: "10" })]),
      J.el("td", {}, [J.el("input", { type: "number", value: String(seats), min: "1", max: "200", "aria-label": "应选名额", style: "width:6em" })]),
      J.el("td", {}, [roleSel]),
      // RULES.md §3 reserved_seat — a 妇女委员 post elects women only.
      J.el("td", {}, [J.el("label", { className: "row", style: "font-weight:400" }, [
        J.el("input", { type: "checkbox", "aria-label": "只选女性（妇女委员）", "data-women-only": "", style: "width:24px;height:24px" }), "只选女性"])]),
      J.el("td", {}, [J.el("button", { type: "button", className: "secondary", text: "删除", onclick: function () { tr.remove(); } })]),
    ]);
    tbody.appendChild(tr);
  }

  function resetPosts() {
    tbody.textContent = "";
    let posts = DEFAULT_POSTS[bodySel.value];
    if (bodySel.value === "party_branch" && document.getElementById("secretary_mode").value === "indirect") {
      posts = [["委员", "member", 5, "member"]];
    }
    posts.forEach(function (p) { postRow(p[0], p[1], p[2], p[3]); });
    document.getElementById("party-rules").classList.toggle("hidden", bodySel.value !== "party_branch");
  }
  bodySel.addEventListener("change", resetPosts);
  document.getElementById("secretary_mode").addEventListener("change", resetPosts);
  document.getElementById("add-post").addEventListener("click", function () {
    postRow("", "post" + (tbody.children.length + 1), 1, "member");
  });
  resetPosts();

  const showError = J.showError;

  function fromForm() {
    const posts = Array.from(tbody.children).map(function (tr) {
      const inputs = tr.querySelectorAll("input, select");
      const post = { name: inputs[0].value.trim(), id: inputs[1].value.trim(), seats: parseInt(inputs[2].value, 10), role: inputs[3].value };
      if (tr.querySelector("[data-women-only]").checked) post.women_only = true;
      return post;
    });
    const byName = {};
    posts.forEach(function (p) { byName[p.name] = p.id; });
    const candidates = [];
    const problems = [];
    document.getElementById("candidates").value.split("\n").forEach(function (line, i) {
      let parts = line.trim().split(/\s+/);
      if (!parts[0]) return;
      // 性别 (女/男) anywhere after the name: the women rules need it (RULES.md §3).
      const gender = parts.slice(1).map(function (x) { return { 女: "F", 男: "M" }[x]; }).filter(Boolean)[0];
      parts = parts.filter(function (x, j) { return j === 0 || !(x === "女" || x === "男"); });
      let ids = posts.map(function (p) { return p.id; });
      if (parts[1]) {
        ids = parts.slice(1).join("、").split(/[、,，]/).filter(Boolean).map(function (n) {
          if (!byName[n]) problems.push("第" + (i + 1) + "行：没有名为“" + n + "”的职位");
          return byName[n];
        });
      }
      const c = { name: parts[0], posts: ids };
      if (gender) c.gender = gender;
      // RULES.md §2 — only 正式党员 stand in party elections (the form says so).
      if (bodySel.value === "party_branch" || bodySel.value === "party_plenary") c.member_status = "full";
      candidates.push(c);
    });
    const rules = {};
    if (bodySel.value === "party_branch") rules.secretary_mode = document.getElementById("secretary_mode").value;
    return { problems: problems, election: { title: document.getElementById("title").value.trim(), body: bodySel.value, rules: rules, posts: posts }, candidates: candidates };
  }

  function fromRecord(doc) {
    if (!doc || doc.format !== "jipiao.record/1" || !doc.election) {
      throw new Error("这不是 jipiao.record/1 格式的选举记录文件");
    }
    const posts = (doc.posts || []).map(function (p) {
      const out = { id: p.id, name: p.name, seats: p.seats };
      if (p.role) out.role = p.role;
      if (p.women_only) out.women_only = true;
      return out;
    });
    const candidates = (doc.candidates || []).map(function (c) {
      const out = { name: c.name, posts: c.posts || posts.map(function (p) { return p.id; }) };
      if (c.surname) out.surname = c.surname;
      if (c.gender) out.gender = c.gender;
      if (doc.election.body === "party_branch" || doc.election.body === "party_plenary") out.member_status = "full";
      return out;
    });
    return { problems: [], election: { title: doc.election.title, body: doc.election.body, rules: doc.election.rules || {}, posts: posts }, candidates: candidates };
  }

  async function create(plan) {
    showError("");
    if (plan.problems.length) { showError(plan.problems.join("；")); return; }
    const setupToken = document.getElementById("setup-token").value.trim() || null;
    let created;
    try {
      created = await J.api(setupToken, "POST", "/api/v1/elections", plan.election);
    } catch (err) { showError("未能建立：" + err.message); return; }
    const org = created.tokens.organiser;
    const failed = [];
    for (const c of plan.candidates) {
      try {
        await J.api(org, "POST", "/api/v1/elections/" + created.id + "/candidates", c);
      } catch (err) { failed.push(c.name + "：" + err.message); }
    }
    showLinks(created);
    if (failed.length) showError("选举已建立，但以下候选人未能加入（可在组织者页面补充）：" + failed.join("；"));
  }

  function showLinks(created) {
    const box = document.getElementById("created-links");
    box.textContent = "";
    J.roleLinks(created).forEach(function (row) { box.appendChild(row); });
    document.getElementById("created").classList.remove("hidden");
    document.getElementById("created").scrollIntoView();
  }

  document.getElementById("setup-form").addEventListener("submit", J.once(function () {
    return create(fromForm());
  }));
  document.getElementById("record-file").addEventListener("change", J.once(async function (e) {
    const file = e.target.files[0];
    if (!file) return;
    let plan;
    try { plan = fromRecord(JSON.parse(await file.text())); } catch (err) {
      showError("无法读取该文件：" + err.message); return;
    }
    return create(plan);
  }));
})();
