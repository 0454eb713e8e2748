/* Keyboard shortcuts for the moderation queue: j/k move between comments, x selects one,
 * a/r/s/b approve, reject, mark as spam or ban the current comment, e edits it, / searches.
 * Each shortcut clicks the row's own button, so it does exactly what a click does. */
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".mq-row"));
  var current = rows.length ? 0 : -1;
  var all = document.getElementById("mq-select-all");
  if (all) all.addEventListener("change", function () {
    rows.forEach(function (row) { row.querySelector("input[name=ids]").checked = all.checked; });
  });
  function show(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("mq-current", i === current); });
    rows[current].scrollIntoView({ block: "nearest" });
  }
  show(0);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.key === "/") { event.preventDefault(); document.getElementById("mq-search").focus(); return; }
    if (current < 0) return;
    var row = rows[current];
    if (event.key === "j") { show(current + 1); }
    else if (event.key === "k") { show(current - 1); }
    else if (event.key === "x") { var box = row.querySelector("input[name=ids]"); box.checked = !box.checked; }
    else {
      var control = row.querySelector('[data-key="' + event.key + '"]');
      if (!control || control.disabled) return;
      event.preventDefault();
      control.click();
    }
  });
})();
