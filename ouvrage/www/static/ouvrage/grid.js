// Rating grid: after a cotation is saved, move to the next element's list (keyboard entry),
// or to the field that needs an answer; otherwise keep the focus where it was.
(function () {
  var pending = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var row = e.detail.elt.closest ? e.detail.elt.closest(".grid-item") : null;
    if (row && !e.detail.elt.closest("form.grid-row")) { return; }
    if (!row) { return; }
    var active = document.activeElement;
    pending = { rowId: row.id, fromMark: !!(active && row.contains(active) && active.matches("select[data-grid-mark]")) };
  });
  document.addEventListener("htmx:beforeSwap", function () {
    if (pending) { pending.focusId = document.activeElement ? document.activeElement.id : null; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) { return; }
    var p = pending;
    pending = null;
    var row = document.getElementById(p.rowId);
    if (!row) { return; }
    var flagged = row.querySelector("[data-focus-me]");
    if (flagged) { flagged.focus(); return; }
    var mark = row.querySelector("select[data-grid-mark]");
    if (p.fromMark && mark && p.focusId === mark.id) {
      var marks = Array.prototype.slice.call(document.querySelectorAll("select[data-grid-mark]"));
      var next = marks[marks.indexOf(mark) + 1] || mark;
      next.focus();
      return;
    }
    if (p.focusId) {
      var el = document.getElementById(p.focusId);
      if (el) { el.focus(); }
    }
  });
})();
