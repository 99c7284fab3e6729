/* The clerk page's instant checks: a copy of counting/validity.py and counting/people.py
 * (RULES.md §5, §2) for the feedback shown before a ballot is submitted. The server judges
 * again when it counts; this only warns. Texts come from the server (counting's own
 * sentences), never from here. tests/ui/test_ui_checks.py compares both on random ballots. */
(function (global) {
  "use strict";

  /* Who a written name counts for: a candidate id, "name:<name>" for anybody else, or null
   * for nobody (ineligible, ambiguous, not allowed in this round). */
  function resolve(sheet, postId, name) {
    if ((sheet.ineligible || []).indexOf(name) >= 0) return null;
    const people = sheet.people || {};
    let key;
    if (Object.prototype.hasOwnProperty.call(people, name)) key = people[name];
    else if (sheet.closed_write_ins) return null;
    else key = "name:" + name;
    if (key === null) return null;
    if (sheet.contest_only && (sheet.contest_only[postId] || []).indexOf(key) < 0) return null;
    // RULES.md §3 — a women_only post: a man, or a person of unknown gender, counts for nobody.
    const post = sheet.posts.filter(function (p) { return p.id === postId; })[0];
    if (post && post.women_only && (sheet.women || []).indexOf(key) < 0) return null;
    return key;
  }

  /* YES write-ins of one section: how many choices the voter made, and who they count for. */
  function yesWriteIns(sheet, ballot, postId) {
    const rules = sheet.rules;
    const counted = [];
    const keys = [];
    let chosen = 0;
    const marks = (ballot.marks || {})[postId] || {};
    // RULES.md §5 — where 另选他人 needs a NO mark in the section, without one it counts for nobody.
    const refused = rules.writein_requires_no_mark &&
      !Object.keys(marks).some(function (cid) { return marks[cid] === "no"; });
    ((ballot.write_ins || {})[postId] || []).forEach(function (w) {
      if (!w.name || refused) return;
      // RULES.md §5 — a write-in without a mark: `writein_without_mark`.
      if (w.mark === "yes" || (w.mark === "none" && rules.writein_without_mark === "yes")) {
        chosen += 1;
        const key = resolve(sheet, postId, w.name);
        if (key !== null) keys.push(key);
        if (key !== null && counted.indexOf(key) < 0) counted.push(key);
      }
    });
    return { chosen: chosen, counted: counted, keys: keys };
  }

  /* Returns {void: bool, sections: {postId: {valid, code, text}}, picked: {postId: n}} */
  function judge(sheet, ballot) {
    const rules = sheet.rules;
    const texts = sheet.texts;
    const out = { void: !!ballot.void, sections: {}, picked: {} };
    if (ballot.void) {
      sheet.posts.forEach(function (p) {
        out.sections[p.id] = { valid: false, code: "void", text: texts.void };
        out.picked[p.id] = 0;
      });
      return out;
    }
    const yesIds = {};
    const writeInYes = {};
    const codes = {};
    const reads = {};
    sheet.posts.forEach(function (post) {
      const marks = (ballot.marks || {})[post.id] || {};
      const ids = Object.keys(marks).filter(function (cid) { return marks[cid] === "yes"; });
      const w = yesWriteIns(sheet, ballot, post.id);
      reads[post.id] = { ids: ids, w: w };
      yesIds[post.id] = ids;
      writeInYes[post.id] = w.counted.filter(function (k) { return ids.indexOf(k) < 0; });
    });
    // 书记须选委员 looks at what the voter marked, before any mark is set aside.
    if (secretaryWithoutMember(sheet, yesIds, writeInYes)) {
      sheet.posts.forEach(function (p) {
        out.sections[p.id] = { valid: false, code: "secretary_not_member", text: texts.secretary_not_member };
        out.picked[p.id] = reads[p.id].ids.length + reads[p.id].w.chosen;  // the marks as read
      });
      return out;
    }
    if (rules.same_person_multi_post === "highest_only" && sheet.posts.length > 1) keepHighest(sheet, reads);
    sheet.posts.forEach(function (post) {
      const r = reads[post.id];
      // A write-in of a printed candidate already marked YES is the same choice: once.
      const extra = r.w.counted.filter(function (k) { return r.ids.indexOf(k) >= 0; }).length;
      const picked = r.ids.length + r.w.chosen - extra;
      out.picked[post.id] = picked;
      codes[post.id] = picked > post.seats ? "overvote" : null; // RULES.md §5 — over-vote
    });
    const anyOver = sheet.posts.some(function (p) { return codes[p.id]; });
    sheet.posts.forEach(function (p) {
      let code = codes[p.id];
      if (!code && anyOver && rules.overvote_scope === "sheet") code = "sheet_overvote";
      const text = code === "overvote" ? p.overvote_text : code ? texts[code] : null;
      out.sections[p.id] = { valid: !code, code: code, text: text };
    });
    return out;
  }

  /* RULES.md §3 highest_only: a person chosen at several posts counts at the highest only;
   * the lower choices are set aside, also for the over-vote (counting/validity.py). */
  function keepHighest(sheet, reads) {
    const best = {};
    sheet.posts.forEach(function (p) {
      const r = reads[p.id];
      r.ids.concat(r.w.counted).forEach(function (k) {
        if (!(k in best) || p.rank < best[k]) best[k] = p.rank;
      });
    });
    sheet.posts.forEach(function (p) {
      const r = reads[p.id];
      const lower = function (k) { return best[k] < p.rank; };
      r.ids = r.ids.filter(function (k) { return !lower(k); });
      r.w.chosen -= r.w.keys.filter(lower).length;
      r.w.counted = r.w.counted.filter(function (k) { return !lower(k); });
    });
  }

  // RULES.md §2 — direct mode: YES for 书记/副书记 needs YES (or a write-in) for 委员.
  function secretaryWithoutMember(sheet, yesIds, writeInYes) {
    if (!sheet.rules.secretary_requires_member_mark) return false;
    const memberPosts = sheet.posts.filter(function (p) { return p.role === "member"; });
    if (!memberPosts.length) return false;
    const asMember = {};
    memberPosts.forEach(function (p) {
      yesIds[p.id].concat(writeInYes[p.id]).forEach(function (k) { asMember[k] = true; });
    });
    return sheet.posts.some(function (p) {
      if (p.role !== "secretary" && p.role !== "deputy_secretary") return false;
      return yesIds[p.id].concat(writeInYes[p.id]).some(function (k) { return !asMember[k]; });
    });
  }

  global.JipiaoChecks = { judge: judge };
})(typeof window !== "undefined" ? window : globalThis);
