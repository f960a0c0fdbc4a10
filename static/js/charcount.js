// A character counter for text with a limit (the GOV.UK "character count" pattern).
// The browser's maxlength would cut pasted text without a word, so it is removed
// here and the counter says how much is left, or how much is too much; the server
// still refuses text over the limit. Without JavaScript, maxlength stays.
(function () {
  var SHOW_FROM = 0.75; // show the counter once three quarters of the limit is used

  function attach(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit) return;
    field.removeAttribute("maxlength");
    var counter = document.createElement("div");
    counter.id = field.id + "_count";
    counter.className = "form-text char-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var left = limit - field.value.length;
      counter.hidden = field.value.length < limit * SHOW_FROM;
      if (left >= 0) {
        counter.textContent = left + (left === 1 ? " character" : " characters") + " left of " + limit;
        counter.classList.remove("text-danger");
        field.classList.remove("is-invalid");
      } else {
        counter.textContent = -left + (left === -1 ? " character" : " characters") + " too many: shorten it to " + limit + " or fewer";
        counter.classList.add("text-danger");
        field.classList.add("is-invalid");
      }
    }
    field.addEventListener("input", update);
    update();
  }

  var fields = document.querySelectorAll("textarea[maxlength], input[type=text][maxlength]");
  for (var i = 0; i < fields.length; i++) attach(fields[i]);
})();
