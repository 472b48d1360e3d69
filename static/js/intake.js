// Progressive enhancements for the intake pages. Every page works without this file:
// the "Add another medicine" and "Remove" buttons are ordinary submit buttons that save.
(function () {
  "use strict";

  // Show a question's follow-up fields only when its answer asks for them
  // (data-shown-when="field=value"). Without JavaScript they are always shown.
  function setupConditionals(root) {
    root.querySelectorAll("[data-shown-when]").forEach(function (block) {
      var rule = block.getAttribute("data-shown-when").split("=");
      var inputs = document.querySelectorAll("input[name='" + rule[0] + "']");
      if (!inputs.length) {
        return;
      }
      function update() {
        var checked = document.querySelector("input[name='" + rule[0] + "']:checked");
        var show = checked && checked.value === rule[1];
        // Never hide a follow-up that already has an answer or an error.
        var filled = Array.prototype.some.call(
          block.querySelectorAll("input[type=text], textarea, select, input[type=number]"),
          function (el) { return el.value !== ""; }
        ) || block.querySelector(".is-invalid");
        block.hidden = !show && !filled;
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      update();
    });
  }

  // PHQ-9 item 9 above "Not at all": crisis help at once, right under item 9 (where the
  // patient is looking), before saving. Its words are put in again after it is shown, so
  // screen readers announce them (role="alert"); then it is scrolled into view if needed.
  function setupCrisis() {
    var box = document.getElementById("phq9-crisis");
    if (!box) {
      return;
    }
    var shown = false;
    function show() {
      if (shown) {
        return;
      }
      shown = true;
      var words = document.createDocumentFragment();
      while (box.firstChild) {
        words.appendChild(box.firstChild);
      }
      box.hidden = false;
      window.setTimeout(function () {
        box.appendChild(words);
        box.scrollIntoView({ block: "nearest" });
      }, 50);
    }
    document.querySelectorAll("input[name='phq9_9']").forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.checked && input.value !== "0") {
          show();
        }
      });
      // Back on the page with an answer already chosen (a refused save, the browser's back).
      if (input.checked && input.value !== "0") {
        show();
      }
    });
  }

  // Antidepressant rows: add and remove in the page, without a round trip.
  function setupTrials() {
    var rows = document.querySelector("[data-trial-rows]");
    var template = document.getElementById("trial-row-template");
    var total = document.getElementById("id_trials-TOTAL_FORMS");
    var addButton = document.querySelector("[data-add-trial]");
    var status = document.querySelector("[data-trial-status]");
    if (!rows || !template || !total || !addButton) {
      return;
    }
    var max = parseInt(rows.getAttribute("data-max-rows"), 10) || 30;
    // The words, in the page's language, from the template (data-text-*); "{n}" and "{name}"
    // are filled in here.
    function text(key, fallback) {
      return rows.getAttribute("data-text-" + key) || fallback;
    }

    function visibleRows() {
      return rows.querySelectorAll("[data-trial-row]:not([hidden])");
    }

    function renumber() {
      visibleRows().forEach(function (row, i) {
        var legend = row.querySelector("legend");
        var button = row.querySelector("[data-remove-trial]");
        legend.textContent = text("medicine", "Medicine {n}").replace("{n}", i + 1);
        button.textContent = text("remove", "Remove medicine {n}").replace("{n}", i + 1);
      });
    }

    addButton.addEventListener("click", function (event) {
      var index = parseInt(total.value, 10);
      if (index >= max) {
        return; // let the server say so
      }
      event.preventDefault();
      var html = template.innerHTML.replace(/__prefix__/g, index)
        .replace(/__number__/g, visibleRows().length + 1);
      rows.insertAdjacentHTML("beforeend", html);
      total.value = index + 1;
      var row = rows.lastElementChild;
      setupConditionals(row);
      renumber();
      row.querySelector("input[type=text]").focus();
      status.textContent = text("added", "A new medicine row was added.");
    });

    rows.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-trial]");
      if (!button) {
        return;
      }
      event.preventDefault();
      var row = button.closest("[data-trial-row]");
      var typed = row.querySelector("input[name$='-medication']").value;
      row.querySelector("[data-delete]").value = "on";
      row.hidden = true;
      renumber();
      status.textContent = typed
        ? text("removed", "{name} was removed. Save to keep this change.").replace("{name}", typed)
        : text("removed-unnamed", "The medicine was removed. Save to keep this change.");
      var remaining = visibleRows();
      (remaining.length ? remaining[remaining.length - 1].querySelector("legend") : addButton)
        .focus();
    });
  }

  // A second click on "Send" while the first is on its way does nothing (the server also
  // makes sure that one intake is sent once).
  function setupSubmitOnce() {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent) {
          event.preventDefault();
          return;
        }
        form.dataset.sent = "true";
      });
    });
  }

  function setupPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  setupConditionals(document);
  setupCrisis();
  setupTrials();
  setupSubmitOnce();
  setupPrint();
})();
