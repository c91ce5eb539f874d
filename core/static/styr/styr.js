// Behaviour that would otherwise be inline script, which the Content-Security-Policy forbids.
document.addEventListener("DOMContentLoaded", function () {
  // A print button works only with script, so it is shown only when script runs.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
