/* Cookie conformance report: filters (kept in the URL hash), permalinks, folding, and the case details, built
   from the embedded JSON (#data, see reports/render.py:case_details) when a case is opened. Inlined; no network.
   Data reaches the page through createElement/textContent only, never innerHTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("data").textContent);
  var S = config.S;
  var byId = function (id) { return document.getElementById(id); };
  var casesSection = byId("cases");
  var countEl = byId("count");
  var noMatch = byId("no-match");

  // Read every row's data-* once; filtering then only touches `hidden`. Rows and config.cases share one order.
  var rows = Array.prototype.map.call(document.querySelectorAll("#cases .case"), function (el, i) {
    var d = el.dataset, labels = {}, ax = {};
    d.labels.split(" ").forEach(function (pair) {
      var j = pair.indexOf(":");
      if (j > 0) labels[pair.slice(0, j)] = pair.slice(j + 1);
    });
    (d.ax || "").split(" ").forEach(function (pair) {
      var j = pair.indexOf(":");
      if (j > 0) ax[pair.slice(0, j)] = pair.slice(j + 1);
    });
    var seg = d.id.split(".");
    var title = el.querySelector(".title");
    return {
      el: el, i: i, id: d.id, area: d.area, sub: d.area + "/" + (seg.length > 1 ? seg[1] : ""), level: d.level,
      labels: labels, ax: ax, text: (d.id + " " + (title ? title.textContent : "")).toLowerCase(), shown: true
    };
  });
  var rowOf = new Map(rows.map(function (r) { return [r.el, r]; }));

  // ------------------------------------------------------------ building the details of one case

  function h(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }

  function badge(label) { return h("span", "b l-" + label, label); }

  function isHttp(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }

  function link(url, text) {
    var a = h("a", null, text);
    a.href = url;
    a.rel = "noreferrer";
    return a;
  }

  // Control characters, invisible format characters, odd spaces and lone surrogates (as in render.py).
  var INVISIBLE = /[\x00-\x1f\x7f-\x9f\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufe00-\ufe0f\ufeff\ufff0-\ufffb\ud800-\udfff]/gu;
  var NAMED = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

  function hex(n, width) { var s = n.toString(16); while (s.length < width) s = "0" + s; return s; }

  function space() { var el = h("span", "esc", "\u2423"); el.title = "space"; return el; }

  // Text with control/invisible characters and leading/trailing spaces shown as marked escapes, into `parent`.
  function visible(parent, text) {
    if (text === null || text === undefined) return add(parent, h("span", "na", "not observed"));
    if (text === "") return add(parent, h("span", "na", "(empty)"));
    var lead = text.length - text.replace(/^ +/, "").length;
    var trail = text.length - text.replace(/ +$/, "").length;
    var core = text.slice(lead, text.length - trail);
    if (!core) { lead = text.length; trail = 0; }
    var i;
    for (i = 0; i < lead; i++) parent.appendChild(space());
    var pos = 0, m;
    INVISIBLE.lastIndex = 0;
    while ((m = INVISIBLE.exec(core)) !== null) {
      if (m.index > pos) add(parent, core.slice(pos, m.index));
      var code = m[0].codePointAt(0);
      var esc = h("span", "esc", NAMED[m[0]] || (code < 0x100 ? "\\x" + hex(code, 2) : "\\u" + hex(code, 4)));
      esc.title = "U+" + hex(code, 4).toUpperCase();
      parent.appendChild(esc);
      pos = m.index + m[0].length;
    }
    if (pos < core.length) add(parent, core.slice(pos));
    for (i = 0; i < trail; i++) parent.appendChild(space());
    return parent;
  }

  function vis(tag, cls, text) { return visible(h(tag, cls), text); }

  function pairs(serialised) {
    return serialised ? serialised.split("; ").filter(function (p) { return p !== ""; }) : [];
  }

  function counter(items) {
    var c = new Map();
    items.forEach(function (x) { c.set(x, (c.get(x) || 0) + 1); });
    return c;
  }

  // `items` joined by "; ", those not matched in `other` marked <mark class=cls> (as render.py:_mark_pairs).
  function markPairs(parent, items, other, cls) {
    if (!items.length) return visible(parent, "");
    var remaining = new Map(other);
    items.forEach(function (item, i) {
      if (i) add(parent, "; ");
      if ((remaining.get(item) || 0) > 0 || !cls) {
        remaining.set(item, (remaining.get(item) || 0) - 1);
        visible(parent, item);
      } else {
        parent.appendChild(visible(h("mark", cls), item));
      }
    });
    return parent;
  }

  function sameCounts(a, b) {
    if (a.size !== b.size) return false;
    var same = true;
    a.forEach(function (n, k) { if (b.get(k) !== n) same = false; });
    return same;
  }

  // Expected and observed as two <code class=val>, differing pairs marked (as render.py:compare_cookies).
  function compare(expected, observed, ordered) {
    var left = h("code", "val"), right = h("code", "val");
    if (observed === null || observed === undefined) {
      markPairs(left, pairs(expected), new Map(), "");
      visible(right, null);
      return [left, right];
    }
    var exp = pairs(expected), obs = pairs(observed);
    if (!exp.length && !obs.length) return [visible(left, ""), visible(right, "")];
    markPairs(left, exp, counter(obs), "miss");
    var sameOrder = exp.length === obs.length && exp.every(function (x, i) { return x === obs[i]; });
    if (ordered && sameCounts(counter(exp), counter(obs)) && !sameOrder) {
      var order = h("span", "order");
      order.title = "same cookies, different order";
      markPairs(order, obs, counter(exp), "extra");
      right.appendChild(order);
    } else {
      markPairs(right, obs, counter(exp), "extra");
    }
    return [left, right];
  }

  function pad2(n) { return n < 10 ? "0" + n : String(n); }

  function epoch(seconds) {
    if (seconds === null || seconds === undefined) return "session";
    var d = new Date(seconds * 1000);
    var y = d.getUTCFullYear();
    if (isNaN(y) || y < 1 || y > 9999) return String(seconds);
    return String(y).padStart(4, "0") + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate()) + " " +
      pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes()) + ":" + pad2(d.getUTCSeconds()) + " UTC";
  }

  function pill(text) { return h("code", "pill", text); }

  function stepsBlock(steps) {
    var ol = h("ol", "steps");
    steps.forEach(function (st) {
      var kind = S[st[0]], li = add(h("li"), h("span", "kind", kind));
      if (kind === "wait") add(li, " " + st[1] + " s");
      else if (kind === "restart") add(li, " browser restarted, profile kept");
      else {
        add(li, " ", vis("span", "url", S[st[1]]));
        var lines = h("div", "lines");
        st[2].forEach(function (line) {
          var div = add(h("div", "line"), h("span", "hdr", kind === "set" ? "Set-Cookie: " : "document.cookie = "));
          lines.appendChild(visible(div, line));
        });
        li.appendChild(lines);
      }
      ol.appendChild(li);
    });
    return ol;
  }

  // The probes of one engine as [kind, url, expected, ordered, observed, ok].
  function probesOf(c, e) {
    if (e.P) return e.P;
    var defs = c.pr || [], n = e.n === undefined ? defs.length : e.n, out = [], i;
    for (i = 0; i < n; i++) { var d = defs[i]; out.push([d[0], d[1], d[2], d[3], d[2], 1]); }
    (e.o || []).forEach(function (o) { if (o[0] < out.length) { out[o[0]][4] = o[1]; out[o[0]][5] = o[2]; } });
    return out;
  }

  function probesTable(probes) {
    var table = h("table", "probes"), tr = h("tr"), body = h("tbody");
    ["", "Probe", "Expected", "Observed"].forEach(function (t) { tr.appendChild(h("th", null, t)); });
    add(table, add(h("thead"), tr), body);
    probes.forEach(function (p) {
      var row = h("tr", p[5] ? "ok" : "bad"), cell = h("td");
      add(cell, h("span", "kind", S[p[0]]));
      if (p[3]) add(cell, " ", h("span", "muted", "(ordered)"));
      add(cell, h("br"), vis("span", "url", S[p[1]]));
      var vals = compare(p[2], p[4], p[3]);
      add(row, h("td", null, p[5] ? "\u2713" : "\u2717"), cell, add(h("td"), vals[0]), add(h("td"), vals[1]));
      body.appendChild(row);
    });
    return table;
  }

  function jarTable(jar) {
    if (!jar.length) return h("p", "muted", "Jar empty.");
    var table = h("table", "jar"), tr = h("tr"), body = h("tbody");
    ["Name", "Value", "Domain", "Path", "Expires", "Secure", "HttpOnly", "SameSite"].forEach(function (t) {
      tr.appendChild(h("th", null, t));
    });
    add(table, add(h("thead"), tr), body);
    jar.forEach(function (k) {
      var row = h("tr");
      for (var i = 0; i < 4; i++) row.appendChild(add(h("td"), vis("code", null, k[i])));
      add(row, h("td", null, epoch(k[4])), h("td", null, k[5] & 1 ? "\u2713" : ""),
        h("td", null, k[5] & 2 ? "\u2713" : ""), h("td", null, k[6] === null ? "\u2014" : k[6]));
      body.appendChild(row);
    });
    return table;
  }

  function engineBlock(c, e, name, shared) {
    var div = h("div", "engine"), head = add(h("h4"), name + " ");
    div.dataset.engine = name;
    div.appendChild(head);
    if (!e) { head.appendChild(h("span", "muted", "no result")); return div; }
    head.appendChild(badge(e.l));
    if (e.l.split("-").pop() !== "SKIP") add(head, " ", h("span", "muted", Number(e.d).toFixed(2) + " s"));
    var expected = e.x || "PASS";
    if (expected !== "PASS" || e.why || e.bug) {
      var p = add(h("p", "expect"), "Expected ", badge(expected));
      if (e.why) add(p, " \u2014 " + e.why);
      if (e.bug) add(p, " \u00b7 ", e.bh && isHttp(e.bug) ? link(e.bug, e.bug) : e.bug);
      div.appendChild(p);
    }
    if (e.m) div.appendChild(vis("pre", "msg", e.m));
    var probes = probesOf(c, e);
    if (probes.length) div.appendChild(probesTable(probes));
    if (!shared) {
      var steps = "st" in e ? e.st : c.st || [];
      if (steps.length) add(div, h("h5", null, "Steps as run in " + name), stepsBlock(steps));
    }
    if (e.j) div.appendChild(jarTable(e.j));
    return div;
  }

  function buildBody(r) {
    var c = config.cases[r.i], body = h("div", "body");
    if (!c) return body;
    var req = add(h("blockquote", "req"), S[c.r] + " ");
    var anchor = "\u00a7" + S[c.a];
    add(req, c.u !== undefined && isHttp(S[c.u]) ? link(S[c.u], anchor) : anchor);
    var kv = h("dl", "kv small");
    var term = function (name, dd) { add(kv, h("dt", null, name), dd); };
    term("Id", add(h("dd"), h("code", null, r.id), " \u00b7 " + r.area + " \u00b7 " + r.level));
    term("Source", add(h("dd"), h("code", null, S[c.src[0]] + (c.src[1] !== "" ? ":" + c.src[1] : ""))));
    if (c.n) term("Note", h("dd", null, c.n));
    if (c.p) {
      var dd = h("dd");
      Object.keys(c.p).sort().forEach(function (k) { add(dd, pill(k + "=" + JSON.stringify(c.p[k])), " "); });
      term("Policy", dd);
    }
    if (c.x) {
      var axes = h("dd");
      Object.keys(c.x).map(function (i) {
        return [config.axes[i].name, config.axes[i].values[c.x[i]]];
      }).sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }).forEach(function (nv) {
        add(axes, pill(nv[0] + "=" + nv[1]), " ");
      });
      term("Axes", axes);
    }
    add(body, req, kv);
    var shared = !c.e.some(function (e) { return e && "st" in e; });
    if (shared && c.st && c.st.length) add(body, h("h4", null, "Steps"), stepsBlock(c.st));
    c.e.forEach(function (e, i) { body.appendChild(engineBlock(c, e, config.engines[i], shared)); });
    return body;
  }

  // Build the details of a row once, the first time it is opened (however it is opened).
  function ensureBody(r) {
    if (r.built) return;
    r.built = true;
    r.el.firstElementChild.appendChild(buildBody(r));
  }

  function openRow(r) {
    ensureBody(r);
    r.el.firstElementChild.open = true;
  }

  var caseList = byId("case-list");
  caseList.addEventListener("click", function (ev) {
    var summary = ev.target.closest("summary");
    if (summary && !ev.target.closest("a")) ensureBody(rowOf.get(summary.closest(".case")));
  });
  caseList.addEventListener("toggle", function (ev) {  // toggle does not bubble: listen in the capture phase
    if (ev.target.open) ensureBody(rowOf.get(ev.target.closest(".case")));
  }, true);
  // Each badge names its engine on hover (set lazily: thousands of title attributes are page weight).
  caseList.addEventListener("mouseover", function (ev) {
    var b = ev.target.closest(".badges .b");
    if (b && !b.title) {
      var i = Array.prototype.indexOf.call(b.parentNode.children, b);
      b.title = config.engines[i] + ": " + (b.classList.contains("none") ? "no result" : b.textContent);
    }
  });

  var controls = {
    area: byId("filter-area"), sub: byId("filter-sub"), level: byId("filter-level"),
    engine: byId("filter-engine"), label: byId("filter-label"), q: byId("search")
  };
  var axisSelects = Array.prototype.slice.call(document.querySelectorAll("#filters select.axis"));

  function readState() {
    var s = { ax: {} };
    Object.keys(controls).forEach(function (k) { s[k] = controls[k].value; });
    s.q = s.q.trim().toLowerCase();
    axisSelects.forEach(function (sel) { if (sel.value !== "") s.ax[sel.dataset.axis] = sel.value; });
    return s;
  }

  function labelMatches(label, filter) {
    if (filter === label) return true;
    if (filter === "unexpected") return label === "FAIL" || label === "ERROR" || label.indexOf("unexpected-") === 0;
    if (filter.indexOf("status:") === 0) return label.split("-").pop() === filter.slice(7);
    return false;
  }

  function matches(r, s) {
    if (s.area && r.area !== s.area) return false;
    if (s.sub && r.sub !== s.sub) return false;
    if (s.level && r.level !== s.level) return false;
    for (var k in s.ax) { if (r.ax[k] !== s.ax[k]) return false; }
    if (s.q && r.text.indexOf(s.q) < 0) return false;
    if (s.engine && !(s.engine in r.labels)) return false;
    if (s.label) {
      var engines = s.engine ? [s.engine] : Object.keys(r.labels);
      return engines.some(function (e) { return labelMatches(r.labels[e], s.label); });
    }
    return true;
  }

  function toHash(s) {
    var parts = [];
    ["area", "sub", "level", "engine", "label", "q"].forEach(function (k) {
      if (s[k]) parts.push(k + "=" + encodeURIComponent(s[k]));
    });
    Object.keys(s.ax).forEach(function (i) {
      var axis = config.axes[i];
      parts.push("ax." + encodeURIComponent(axis.name) + "=" + encodeURIComponent(axis.values[s.ax[i]]));
    });
    return parts.length ? "#?" + parts.join("&") : "";
  }

  function setFromHash(hash) {
    var params = new URLSearchParams(hash.replace(/^#\?/, ""));
    Object.keys(controls).forEach(function (k) { controls[k].value = params.get(k) || ""; });
    axisSelects.forEach(function (sel) {
      var axis = config.axes[sel.dataset.axis];
      var j = axis.values.indexOf(params.get("ax." + axis.name));
      sel.value = j < 0 ? "" : String(j);
    });
  }

  function apply(writeHash) {
    var s = readState(), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = matches(r, s);
      if (ok !== r.shown) { r.el.hidden = !ok; r.shown = ok; }
      if (ok) shown++;
    }
    countEl.textContent = shown === rows.length ? rows.length + " cases" : shown + " of " + rows.length + " cases";
    noMatch.hidden = shown !== 0;
    var ei = s.engine ? config.engines.indexOf(s.engine) : -1;
    casesSection.dataset.only = ei < 0 ? "" : String(ei);
    if (writeHash) {
      var hash = toHash(s);
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function openCase(id) {
    var el = byId("case-" + id);
    if (!el) return;
    if (el.hidden) { setFromHash(""); apply(false); }
    openRow(rowOf.get(el));
    el.scrollIntoView({ block: "start" });
  }

  function route(scroll) {
    var hash = location.hash;
    if (hash.indexOf("#?") === 0) {
      setFromHash(hash);
      apply(false);
      if (scroll) casesSection.scrollIntoView({ block: "start" });
    } else if (hash.indexOf("#case-") === 0) {
      openCase(decodeURIComponent(hash.slice(6)));
    }
  }

  byId("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  var timer = null;
  controls.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(true); }, 80);
  });
  Object.keys(controls).forEach(function (k) {
    if (k !== "q") controls[k].addEventListener("change", function () { apply(true); });
  });
  axisSelects.forEach(function (sel) { sel.addEventListener("change", function () { apply(true); }); });
  byId("filter-reset").addEventListener("click", function () { setFromHash(""); apply(true); });
  byId("expand-all").addEventListener("click", function () {
    rows.forEach(function (r) { if (r.shown) openRow(r); });
  });
  byId("collapse-all").addEventListener("click", function () {
    rows.forEach(function (r) { r.el.firstElementChild.open = false; });
  });

  // Matrix: fold / unfold sub-areas.
  Array.prototype.forEach.call(document.querySelectorAll("#matrix .fold"), function (btn) {
    btn.addEventListener("click", function () {
      var group = btn.closest("tbody");
      var open = group.classList.toggle("open");
      btn.setAttribute("aria-expanded", String(open));
    });
  });
  var expandAll = byId("matrix-expand");
  expandAll.addEventListener("click", function () {
    var groups = document.querySelectorAll("#matrix .area-group");
    var open = !Array.prototype.every.call(groups, function (g) { return g.classList.contains("open"); });
    Array.prototype.forEach.call(groups, function (g) {
      g.classList.toggle("open", open);
      g.querySelector(".fold").setAttribute("aria-expanded", String(open));
    });
    expandAll.textContent = open ? "Fold all" : "Unfold all";
  });

  window.addEventListener("hashchange", function () { route(true); });
  route(false);
  if (location.hash.indexOf("#?") === 0) casesSection.scrollIntoView({ block: "start" });
})();
