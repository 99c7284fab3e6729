/* How a result (RECORD.md "Result") reads on the pages: the same sentences as the printed
 * 报告单 (ballots/documents/result_view.py), so a screen and the signed paper agree. */
(function (global) {
  "use strict";

  const STATUS_ZH = { elected: "当选", tie: "得票相等", qualified: "达到当选票数，名额已满", not_elected: "未当选" };
  const NOBODY_REASON_ZH = {
    ineligible: "不具备被选资格",
    not_committee_member: "不是新当选的委员",
    not_tied: "不是得票相等的候选人",
    women_only: "该职位只能选女性",
    no_no_mark: "未对候选人投不赞成票",
    ambiguous: "无法确定所写何人",
    already_elected: "已当选其他职位",
    no_mark: "只写姓名未画“○”",
  };
  const NEEDS_NOMINATION_ZH = "须由组织者提名候选人（已当选委员中无人获得该职位选票）";

  /* 结果 of a tally row; a tie-break round's loser is 未当选 (RULES.md §6.3). */
  function statusText(row, roundKind) {
    let status = row.status;
    if (roundKind === "tie_break" && status === "qualified") status = "not_elected";
    return STATUS_ZH[status] || String(status);
  }

  /* The threshold read aloud; a tie-break without one is 得票多者当选 (RULES.md §6.3). */
  function ruleText(post, roundKind) {
    if (roundKind === "tie_break" && post.threshold === 0) return "得票多者当选";
    return "当选需 ≥ " + post.threshold + " 票";
  }

  /* Whether a post's tally counts votes from higher posts (cascade, RULES.md §3). */
  function hasCarried(tally) {
    return (tally || []).some(function (t) {
      return (t.carried && Object.keys(t.carried).length > 0) ||
        (typeof t.votes === "number" && t.votes !== t.yes);
    });
  }

  /* A cascade row's votes and where they came from, e.g. 15（含主任票6票）; `posts` is
   * [[id, name], …] in the record's post order. */
  function votesText(row, posts) {
    const carried = row.carried || {};
    const known = posts.map(function (p) { return p[0]; });
    const names = {};
    posts.forEach(function (p) { names[p[0]] = p[1]; });
    const order = known.filter(function (id) { return id in carried; })
      .concat(Object.keys(carried).filter(function (id) { return known.indexOf(id) < 0; }).sort());
    const parts = order.filter(function (id) { return typeof carried[id] === "number" && carried[id]; })
      .map(function (id) { return (names[id] || id) + "票" + carried[id] + "票"; });
    let total = row.votes;
    if (typeof total !== "number") {
      total = row.yes;
      Object.keys(carried).forEach(function (id) { if (typeof carried[id] === "number") total += carried[id]; });
    }
    return String(typeof total === "number" ? total : "—") + (parts.length ? "（含" + parts.join("、") + "）" : "");
  }

  /* 另选无效：赵六2票（不是新当选的委员）… for a post's write_ins_for_nobody, or null. */
  function nobodyText(post) {
    const parts = [];
    (post.write_ins_for_nobody || []).forEach(function (w) {
      if (typeof w.name === "string" && typeof w.count === "number") {
        const why = NOBODY_REASON_ZH[w.reason] || (typeof w.text === "string" ? w.text : null);
        parts.push(w.name + w.count + "票" + (why ? "（" + why + "）" : ""));
      } else if (typeof w.text === "string") {
        parts.push(w.text);
      }
    });
    return parts.length ? "另选无效：" + parts.join("；") : null;
  }

  /* What a next round's post says beyond its list: who must nominate, why someone is on it. */
  function nextRoundNote(spec) {
    const bits = [];
    if (spec.needs_nomination) bits.push(NEEDS_NOMINATION_ZH);
    if (typeof spec.note === "string" && spec.note) bits.push(spec.note);
    return bits.length ? bits.join("；") : null;
  }

  function votesOf(row) { return typeof row.votes === "number" ? row.votes : row.yes; }

  /* Why each person is on the next round's list of `postId` (RULES.md §3 另行选举, §6.3
   * tie-break), read from the round's own tally: their votes and place among those not
   * elected, a tie at the cut, or the woman the rule adds (`spec.note`). `people`: id →
   * {name, gender}. Returns [{id, name, votes, reason}]. */
  function nextRoundPeople(roundResult, postId, kind, spec, people) {
    const tally = (((roundResult || {}).posts || {})[postId] || {}).tally || [];
    const open = tally.filter(function (t) { return t.status !== "elected"; });
    const k = (spec.seats || 0) + 1;  // ⚙ supplementary_candidates = seats left + 1
    const cut = open.length >= k ? votesOf(open[k - 1]) : null;
    const atCut = cut === null ? 0 : open.filter(function (t) { return votesOf(t) === cut; }).length;
    const overCut = cut === null ? 0 : open.filter(function (t) { return votesOf(t) >= cut; }).length;
    return (spec.candidates || []).map(function (c) {
      const id = typeof c === "string" ? c : null;
      const name = id ? ((people[id] || {}).name || id) : c.name;
      const row = tally.find(function (t) { return id ? t.id === id : (t.write_in && t.name === name); });
      if (!row) return { id: id, name: name, votes: null, reason: "" };
      const votes = votesOf(row);
      const place = open.indexOf(row) + 1;
      let reason = "得票" + votes + "票";
      if (kind === "tie_break") {
        reason += "，得票相等";
      } else if (cut !== null && votes < cut && (people[id] || {}).gender === "F" && spec.note) {
        reason += "；没有女性当选，按规定列入得票最多的女性";
      } else if (cut !== null && votes === cut && atCut > 1 && overCut > k) {
        reason += "，与第" + k + "名得票相同（并列），一并列入";
      } else if (place > 0) {
        reason += "（未当选者中第" + place + "名）";
      }
      return { id: id, name: name, votes: votes, reason: reason };
    }).sort(function (a, b) { return (b.votes == null ? -1 : b.votes) - (a.votes == null ? -1 : a.votes); });
  }

  /* The rule the next round is decided by (RULES.md §3, §2, §6.3). */
  function nextRoundRule(kind, body) {
    if (kind === "tie_break") return "重新投票：得票多者当选";
    if (kind === "repeat") return "本轮投票无效，重新举行";
    if (body === "villagers_committee" || body === "residents_committee") {
      return "另行选举：得票多者当选，且得票不少于投票总数的三分之一";
    }
    return "另行选举：得票超过实到会有选举权人数的一半始得当选";
  }

  global.JipiaoResults = {
    STATUS_ZH: STATUS_ZH, statusText: statusText, hasCarried: hasCarried, votesText: votesText,
    nobodyText: nobodyText, nextRoundNote: nextRoundNote, ruleText: ruleText,
    nextRoundPeople: nextRoundPeople, nextRoundRule: nextRoundRule,
  };
})(window);
