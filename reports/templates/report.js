/* Cookie conformance report: filters (kept in the URL hash), permalinks, folding. Inlined; no network. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("report-config").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var casesSection = byId("cases");
  var countEl = byId("count");
  var noMatch = byId("no-match");

  // Read every row's data-* once; filtering then only touches `hidden`.
  var rows = Array.prototype.map.call(document.querySelectorAll("#cases .case"), function (el) {
    var d = el.dataset, labels = {}, ax = {};
    d.labels.split(" ").forEach(function (pair) {
      var i = pair.indexOf(":");
      if (i > 0) labels[pair.slice(0, i)] = pair.slice(i + 1);
    });
    d.ax.split(" ").forEach(function (pair) {
      var i = pair.indexOf(":");
      if (i > 0) ax[pair.slice(0, i)] = pair.slice(i + 1);
    });
    return {
      el: el, id: d.id, area: d.area, sub: d.sub, level: d.level, labels: labels, ax: ax,
      text: (d.id + " " + d.title).toLowerCase(), shown: true
    };
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
    el.querySelector("details").open = true;
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
    rows.forEach(function (r) { if (r.shown) r.el.firstElementChild.open = true; });
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
