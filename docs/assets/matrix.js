/* Filters for the traceability matrix (matrix/). Without this script the grids are complete
   tables and the filter form stays hidden. With it: rows (claims) are hidden by topic, rating,
   "needs review" and "not in force"; the law filter keeps only that law's columns and the
   claims citing it; columns with no mark left are hidden; the counts follow what is shown. */
(function () {
  "use strict";

  function setup() {
    var form = document.querySelector("form[data-pe-matrix-filters]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-pe-matrix]"));
    var status = document.querySelector("[data-pe-matrix-status]");
    var template = form.getAttribute("data-status") || "{shown}/{total}";
    var citing = {};  // law document id -> {claim link: true}
    document.querySelectorAll('table[data-pe-matrix="law"] td[data-mark]').forEach(function (cell) {
      var link = cell.parentNode.querySelector("th a");
      var doc = cell.getAttribute("data-doc");
      citing[doc] = citing[doc] || {};
      if (link) citing[doc][link.getAttribute("href")] = true;
    });

    function apply() {
      var topic = form.elements.topic.value;
      var rating = form.elements.rating.value;
      var law = form.elements.law.value;
      var stale = form.elements.stale.checked;
      var notInForce = form.elements["not-in-force"].checked;
      var shownClaims = {};
      var allClaims = {};

      tables.forEach(function (table) {
        var isLaw = table.getAttribute("data-pe-matrix") === "law";
        var counts = {};
        table.querySelectorAll("tbody").forEach(function (body) {
          var visibleRows = 0;
          body.querySelectorAll("tr[data-rating]").forEach(function (row) {
            var link = row.querySelector("th a");
            var key = link ? link.getAttribute("href") : "";
            allClaims[key] = true;
            var show = (!topic || row.getAttribute("data-topics").split(" ").indexOf(topic) >= 0)
              && (!rating || row.getAttribute("data-rating") === rating)
              && (!stale || row.getAttribute("data-stale") === "1")
              && (!notInForce || row.getAttribute("data-not-in-force") === "1");
            if (show && law) show = Boolean(citing[law] && citing[law][key]);  // claims citing this law
            row.hidden = !show;
            if (show) {
              visibleRows += 1;
              shownClaims[key] = true;
              row.querySelectorAll("td[data-mark]").forEach(function (cell) {
                var col = cell.getAttribute("data-col");
                counts[col] = (counts[col] || 0) + 1;
              });
            }
          });
          body.hidden = visibleRows === 0;
        });
        var filtering = Boolean(topic || rating || law || stale || notInForce);
        var spans = {};
        table.querySelectorAll("[data-col]").forEach(function (cell) {
          var col = cell.getAttribute("data-col");
          var doc = cell.getAttribute("data-doc");
          var show = (!filtering || counts[col] > 0) && (!isLaw || !law || doc === law);
          cell.hidden = !show;
          if (show && cell.tagName === "TH") spans[doc] = (spans[doc] || 0) + 1;
          if (cell.hasAttribute("data-pe-count")) cell.textContent = String(counts[col] || 0);
        });
        table.querySelectorAll("th[data-span]").forEach(function (head) {
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
