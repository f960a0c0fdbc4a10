// The doctor report's Print button: shown only where JavaScript can print.
(function () {
  var button = document.getElementById("print-button");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
