/* 公开页面: while a round is counted, its running tally from the public stream (the same
 * broadcast as the projector's). When the round's count ends the page reloads. */
(function () {
  "use strict";
  const box = document.getElementById("public-live");
  if (!box) return;
  const url = "/api/v1/public/elections/" + box.dataset.election + "/rounds/" + box.dataset.round + "/live";
  const posts = document.getElementById("public-live-posts");
  const status = document.getElementById("public-live-status");
  // The hall's time (JIPIAO_TIMEZONE), as the record's times, whatever the phone's zone.
  const zoneMeta = document.querySelector('meta[name="jipiao-timezone"]');
  const HALL_ZONE = (zoneMeta && zoneMeta.content) || undefined;

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function draw(data) {
    posts.textContent = "";
    Object.keys(data.posts).forEach(function (key) {
      const p = data.posts[key];
      posts.appendChild(el("h3", p.name + "（应选" + p.seats + "名）"));
      const table = el("table");
      table.dataset.post = key;
      const head = el("tr");
      ["姓名", "赞成"].forEach(function (t, i) { head.appendChild(el("th", t, i ? "num" : "")); });
      table.appendChild(el("thead")).appendChild(head);
      const body = table.appendChild(el("tbody"));
      p.tally.forEach(function (t) {
        const tr = body.appendChild(el("tr"));
        tr.appendChild(el("td", t.name + (t.write_in ? "（另选）" : "")));
        tr.appendChild(el("td", String(t.yes), "num"));
      });
      posts.appendChild(table);
    });
    status.textContent = "已录入 " + data.entered + (data.returned ? " / " + data.returned : "") + " 张 · " +
      new Date().toLocaleTimeString("zh-CN", { hour12: false, timeZone: HALL_ZONE });
  }

  const source = new EventSource(url);
  source.addEventListener("tally", function (ev) {
    const data = JSON.parse(ev.data);
    draw(data);
    if (data.final) { source.close(); location.reload(); }
  });
  source.onerror = function () {
    status.textContent = "连接中断，正在重连…";
    if (source.readyState === EventSource.CLOSED) setTimeout(function () { location.reload(); }, 5000);
  };
})();
