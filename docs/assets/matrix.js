/* Filters for the traceability matrix (matrix/). Without this script the grids are complete
   tables and the filter form stays hidden. With it: rows (claims) are hidden by topic, rating,
   "needs review" and "not in force"; the law filter keeps only that law's columns and the
   claims citing it; columns with no mark left are hidden; the counts follow what is shown.
   A cell's column is its position in the row (cell 0 is the claim), read once before any
   cell is hidden; empty cells carry no attributes (a grid can have 100,000 of them). */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("form[data-pe-matrix-filters]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var status = document.querySelector("[data-pe-matrix-status]");
    var template = form.getAttribute("data-status") || "{shown}/{total}";
    var grids = Array.prototype.map.call(document.querySelectorAll("table[data-pe-matrix]"), read);
    var citing = {};  // law document id -> {claim href: true}
    grids.forEach(function (grid) {
      if (grid.kind !== "law") return;
      grid.rows.forEach(function (row) {
        row.marked.forEach(function (col) {
          var doc = grid.docs[col];
          citing[doc] = citing[doc] || {};
          citing[doc][row.key] = true;
        });
      });
    });

    function read(table) {
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th.pe-mx-col"));
      var counts = table.querySelector("thead tr.pe-mx-counts");
      return {
        kind: table.getAttribute("data-pe-matrix"),
        heads: heads,
        docs: heads.map(function (th) { return th.getAttribute("data-doc"); }),
        groups: Array.prototype.slice.call(table.querySelectorAll("thead th[data-span]")),
        counts: counts ? Array.prototype.slice.call(counts.cells, 1) : [],
        bodies: Array.prototype.slice.call(table.tBodies),
        rows: Array.prototype.map.call(table.querySelectorAll("tbody tr[data-rating]"), function (tr) {
          var cells = Array.prototype.slice.call(tr.cells, 1);
          var marked = [];
          cells.forEach(function (cell, col) { if (cell.classList.contains("pe-mx-mark")) marked.push(col); });
          var link = tr.cells[0].querySelector("a");
          return {tr: tr, cells: cells, marked: marked, key: link ? link.getAttribute("href") : "",
                  body: tr.parentNode};
        })
      };
    }

    function apply() {
      var topic = form.elements.topic.value;
      var rating = form.elements.rating.value;
      var law = form.elements.law.value;
      var stale = form.elements.stale.checked;
      var notInForce = form.elements["not-in-force"].checked;
      var filtering = Boolean(topic || rating || law || stale || notInForce);
      var shownClaims = {};
      var allClaims = {};

      grids.forEach(function (grid) {
        var counts = grid.docs.map(function () { return 0; });
        var bodies = new Map();
        grid.rows.forEach(function (row) {
          var tr = row.tr;
          allClaims[row.key] = true;
          var show = (!topic || tr.getAttribute("data-topics").split(" ").indexOf(topic) >= 0)
            && (!rating || tr.getAttribute("data-rating") === rating)
            && (!stale || tr.getAttribute("data-stale") === "1")
            && (!notInForce || tr.getAttribute("data-not-in-force") === "1")
            && (!law || Boolean(citing[law] && citing[law][row.key]));
          tr.hidden = !show;
          if (!show) return;
          shownClaims[row.key] = true;
          bodies.set(row.body, true);
          row.marked.forEach(function (col) { counts[col] += 1; });
        });
        grid.bodies.forEach(function (body) { body.hidden = !bodies.has(body); });
        var visible = grid.docs.map(function (doc, col) {
          return (!filtering || counts[col] > 0) && (grid.kind !== "law" || !law || doc === law);
        });
        var spans = {};
        grid.heads.forEach(function (th, col) {
          th.hidden = !visible[col];
          if (visible[col]) spans[grid.docs[col]] = (spans[grid.docs[col]] || 0) + 1;
        });
        grid.counts.forEach(function (cell, col) {
          cell.hidden = !visible[col];
          cell.textContent = String(counts[col]);
        });
        grid.rows.forEach(function (row) {
          if (row.tr.hidden) return;
          row.cells.forEach(function (cell, col) { cell.hidden = !visible[col]; });
        });
        grid.groups.forEach(function (head) {
          var span = spans[head.getAttribute("data-doc")] || 0;
          head.hidden = span === 0;
          head.colSpan = Math.max(span, 1);
        });
      });
      if (status) {
        status.textContent = template
          .replace("{shown}", String(Object.keys(shownClaims).length))
          .replace("{total}", String(Object.keys(allClaims).length));
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
