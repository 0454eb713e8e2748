/* Progressive enhancement of the comment form; without it everything still works.
 * - Reply: moves the form under the comment instead of loading ?replytocom= (the link's
 *   href stays the no-JavaScript fallback), with "Cancel reply" putting it back.
 * - "Save my name, email, and website in this browser": only with the box ticked, in
 *   localStorage (the shared, cached page never gets a cookie); unticking forgets them.
 * - Fill time: the seconds from page load to posting, for the fill_time check.
 * - A refused post: the page comes back at /comments/post/#respond (the form's action
 *   carries the anchor, so even without JavaScript the reader lands on the form); the
 *   focus goes to the first field to correct, else to the message, so the reader sees
 *   why and can carry on typing.
 */
(function () {
  "use strict";
  var form = document.getElementById("commentform");
  if (!form) return;
  var respond = document.getElementById("respond");
  var title = document.getElementById("reply-title");
  var parentField = form.querySelector("input[name=parent]");
  var home = document.createComment("respond-home");
  respond.parentNode.insertBefore(home, respond);
  var loaded = (window.performance && performance.now) ? performance.now() : Date.now();
  var KEY = "masthead-commenter";

  function cancelLink() {
    var small = document.createElement("small");
    var a = document.createElement("a");
    a.id = "cancel-comment-reply-link";
    a.href = "#respond";
    a.rel = "nofollow";
    a.textContent = "Cancel reply";
    a.addEventListener("click", function (event) {
      event.preventDefault();
      home.parentNode.insertBefore(respond, home.nextSibling);
      parentField.value = "";
      title.textContent = "Leave a Reply";
    });
    small.appendChild(a);
    return small;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.comment-reply-link");
    if (!link || !link.dataset.commentId) return;
    event.preventDefault();
    var body = link.closest("article.comment-body");
    body.parentNode.insertBefore(respond, body.nextSibling);
    parentField.value = link.dataset.commentId;
    title.textContent = "Leave a Reply to " + link.dataset.author + " ";
    title.appendChild(cancelLink());
    var textarea = form.querySelector("textarea");
    if (textarea) textarea.focus();
  });

  var consent = document.getElementById("remember-me");
  var fields = ["author", "email", "url"];
  if (consent && window.localStorage) {
    consent.closest("p").hidden = false;
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved) {
        fields.forEach(function (name) {
          var input = form.elements[name];
          if (input && !input.value && saved[name]) input.value = saved[name];
        });
        consent.checked = true;
      }
    } catch (e) { /* unreadable storage: nothing remembered */ }
  }

  form.addEventListener("submit", function () {
    var now = (window.performance && performance.now) ? performance.now() : Date.now();
    if (form.elements.elapsed) form.elements.elapsed.value = ((now - loaded) / 1000).toFixed(1);
    if (!consent || !window.localStorage) return;
    try {
      if (consent.checked) {
        var values = {};
        fields.forEach(function (name) { values[name] = form.elements[name] ? form.elements[name].value : ""; });
        localStorage.setItem(KEY, JSON.stringify(values));
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) { /* storage full or disabled: posting still works */ }
  });

  var invalid = form.querySelector(".has-error input, .has-error textarea");
  var message = form.querySelector(".form-message");
  function focusWhatWasRefused() {
    if (invalid) {
      invalid.focus();
    } else if (message) {
      message.tabIndex = -1;
      message.focus();
    }
  }
  // After the browser has scrolled to #respond (which moves the focus to the page itself).
  if (invalid || message) window.addEventListener("load", function () { setTimeout(focusWhatWasRefused, 0); });
})();
