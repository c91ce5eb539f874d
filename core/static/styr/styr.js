// Behaviour that would otherwise be inline script, which the Content-Security-Policy forbids.
document.addEventListener("DOMContentLoaded", function () {
  // A print button works only with script, so it is shown only when script runs.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// The service page loads its sections when they are opened (services/sections.py). An address that names a
// section (#s-costs), or anything inside one (#integrations, after a write elsewhere), opens what it needs and
// scrolls there once the content has come.
(function () {
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (target) {
      var section = target.closest("details.section");
      if (section && !section.open) { section.open = true; }
      return;
    }
    var closed = document.querySelectorAll("details.section:not([open])");
    if (!closed.length) { return; }
    var found = function () {
      var now = document.getElementById(id);
      if (now) {
        document.body.removeEventListener("htmx:afterSettle", found);
        now.scrollIntoView();
      }
    };
    document.body.addEventListener("htmx:afterSettle", found);
    closed.forEach(function (section) { section.open = true; });
  }
  document.addEventListener("DOMContentLoaded", reveal);
  window.addEventListener("hashchange", reveal);
}());
