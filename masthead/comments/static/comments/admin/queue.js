/* The moderation queue, in place: approve/reject/spam (one row or the selected ones) are sent
 * with fetch and the page changes where it must (each affected row re-rendered by the server,
 * or removed when it leaves this tab; the tabs' counts; the message). "Ban…" opens its
 * confirmation in a dialog and does the same. Without this script every button and link is a
 * full-page POST or page, as before. A static file: no inline script (CSP).
 * Keys: j/k move between comments, x selects one, a/r/s/b approve, reject, spam or ban the
 * current comment, e edits it, / searches. Each key clicks the row's own button or link. */
(function () {
  "use strict";
  var form = document.getElementById("mq-form");
  var message = document.getElementById("mq-message");
  var rows = [];
  var current = -1;
  var dialog = null;

  function collect() { rows = Array.prototype.slice.call(document.querySelectorAll(".mq-row")); }
  function show(index) {
    collect();
    if (!rows.length) { current = -1; return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("mq-current", i === current); });
    rows[current].scrollIntoView({ block: "nearest" });
  }
  collect();
  show(0);

  var all = document.getElementById("mq-select-all");
  if (all) all.addEventListener("change", function () {
    collect();
    rows.forEach(function (row) { row.querySelector("input[name=ids]").checked = all.checked; });
  });

  function apply(result) {
    Object.keys(result.rows).forEach(function (pk) {
      var row = document.getElementById("queue-comment-" + pk);
      if (!row) return;
      if (result.rows[pk]) {
        var holder = document.createElement("tbody");
        holder.innerHTML = result.rows[pk];  // rendered and escaped by the server's template
        row.replaceWith(holder.firstElementChild);
      } else {
        row.remove();
      }
    });
    Object.keys(result.counts).forEach(function (tab) {
      var badge = document.querySelector('.w-status[data-tab="' + tab + '"]');
      if (badge) badge.textContent = result.counts[tab];
    });
    document.querySelectorAll(".w-status[data-tab]").forEach(function (badge) {
      if (!(badge.dataset.tab in result.counts)) badge.textContent = "0";
    });
    message.textContent = result.message;
    if (all) all.checked = false;
    show(current);
  }

  function send(url, body) {
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        var type = response.headers.get("Content-Type") || "";
        return type.indexOf("application/json") === 0 ? response.json() : response.text();
      });
  }

  if (form) form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || (button.name === "action" && button.value === "ban")) return;  // bulk ban asks first: its page
    event.preventDefault();
    // getAttribute: the bulk buttons are named "action", which shadows form.action.
    var url = button.getAttribute("formaction") || form.getAttribute("action");
    send(url, new FormData(form, button)).then(apply, function () {
      form.setAttribute("action", url);  // the page's own POST, as without JavaScript
      if (button.name) { var field = document.createElement("input"); field.type = "hidden"; field.name = button.name; field.value = button.value; form.appendChild(field); }
      form.submit();
    });
  });

  // Ban: the confirmation page's form, in a dialog.
  function openBan(link) {
    fetch(link.href, { credentials: "same-origin" }).then(function (response) { return response.text(); }).then(function (html) {
      var part = new DOMParser().parseFromString(html, "text/html").querySelector(".mq-ban");
      if (!part) { window.location = link.href; return; }
      if (!dialog) {
        dialog = document.createElement("dialog");
        dialog.className = "mq-dialog";
        dialog.setAttribute("aria-label", "Ban commenter");
        document.body.appendChild(dialog);
      }
      fill(part, link.href);
      dialog.showModal();
    }, function () { window.location = link.href; });
  }
  function fill(part, pageUrl) {
    dialog.replaceChildren(part);
    var banForm = part.querySelector("form");
    var banUrl = banForm.getAttribute("action") || pageUrl;
    part.querySelector(".mq-ban-cancel").addEventListener("click", function (event) { event.preventDefault(); dialog.close(); });
    banForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send(banUrl, new FormData(banForm)).then(function (result) {
        if (typeof result === "string") {  // the form again, with its errors
          var again = new DOMParser().parseFromString(result, "text/html").querySelector(".mq-ban");
          if (again) fill(again, pageUrl);
          return;
        }
        dialog.close();
        apply(result);
      }, function () { banForm.submit(); });
    });
    var first = part.querySelector("input[name=block]:checked") || part.querySelector("input");
    if (first) first.focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.mq-ban-link");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || typeof HTMLDialogElement === "undefined") return;
    event.preventDefault();
    openBan(link);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (dialog && dialog.open) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.key === "/") { event.preventDefault(); document.getElementById("mq-search").focus(); return; }
    collect();
    if (current < 0 || !rows.length) return;
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
