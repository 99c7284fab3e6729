/* 监票人: every 另选他人 name typed from a scanned sheet, beside the crop it was typed from
 * (扫描计票), to be looked over before the count. */
(function () {
  "use strict";
  const J = window.Jipiao;
  const eid = window.JIPIAO.electionId;
  const token = J.readToken(eid, "scrutineer");
  const E = "/api/v1/elections/" + eid;
  const MARK = { yes: "○", no: "×", none: "无符号" };
  const postNames = {};
  let lastText = null;
  if (!token) return;

  async function load() {
    let rounds;
    try { rounds = await J.api(token, "GET", E + "/rounds"); } catch (e) { return; }
    const r = rounds[rounds.length - 1] || null;
    if (!r || ["counting", "counted", "published"].indexOf(r.state) < 0) return;
    let list;
    try { list = await J.api(token, "GET", E + "/rounds/" + r.id + "/write-ins", undefined, 20000); } catch (e) { return; }
    const text = JSON.stringify(list.map(function (w) { return [w.sheet_id, w.column, w.name, w.mark]; }));
    if (text === lastText) return;
    lastText = text;
    document.getElementById("writein-card").classList.toggle("hidden", !list.length);
    const body = document.querySelector("#writeins tbody");
    body.replaceChildren.apply(body, list.map(function (w) {
      return J.el("tr", { "data-sheet": String(w.sheet_id) }, [
        J.el("td", { className: "num", text: String(w.sheet) }),
        J.el("td", {}, [J.el("img", { src: w.crop, alt: "第" + w.sheet + "张另选他人姓名栏原图", className: "writein-crop" })]),
        J.el("td", { className: "writein-name", text: (postNames[w.post] || w.post) + "：" + w.name }),
        J.el("td", { text: MARK[w.mark] || w.mark }),
      ]);
    }));
  }

  J.api(token, "GET", E).then(function (e) {
    e.posts.forEach(function (p) { postNames[p.id] = p.name; });
    load();
    setInterval(load, 15000);  // crops are images: looked up less often than the figures
  }, function () { /* the page's own script says the error */ });
})();
