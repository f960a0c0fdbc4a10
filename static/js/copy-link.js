// The share page's Copy button: shown only where the browser can copy for us.
(function () {
  var button = document.getElementById("copy-link");
  if (!button || !navigator.clipboard) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById("copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = "Copied."; },
      function () { field.select(); status.textContent = "Select the link and copy it."; }
    );
  });
})();
