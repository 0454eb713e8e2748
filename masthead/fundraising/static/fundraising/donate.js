// Typing an amount selects nothing; picking a preset clears the typed amount (the server
// uses a typed amount over a preset, so the two always agree).
(function () {
  var form = document.querySelector(".donate-form"), other = form && form.querySelector("[name=other_amount]");
  if (!other) return;
  form.querySelectorAll("[name=amount]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.value !== "other") other.value = ""; });
  });
  other.addEventListener("input", function () {
    if (other.value) form.querySelectorAll("[name=amount]").forEach(function (radio) { radio.checked = false; });
  });
})();
