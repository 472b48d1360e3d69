// The error summary (templates/includes/form_errors.html): focus it when the page loads, so a
// screen reader announces it first, and make each of its links put the cursor in its field
// with the field's label or question in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var fieldset = field.closest("fieldset");
    var caption = (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector("label[for='" + field.id + "']") || field;
    caption.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
