// Admin: a "Preview" button under the article body shows it as patients will see it, rendered
// and cleaned by the server (the same code as the public pages), before saving.
(function () {
  "use strict";

  function setUp() {
    var body = document.getElementById("id_body");
    if (!body || !body.form || !body.dataset.previewUrl) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview the answer";
    var output = document.createElement("div");
    output.className = "markdown-preview";
    output.setAttribute("aria-live", "polite");
    output.hidden = true;
    var wrapper = document.createElement("div");
    wrapper.className = "markdown-preview-wrapper";
    wrapper.appendChild(button);
    wrapper.appendChild(output);
    // Below the label-and-field row of the admin form, not squeezed beside the field.
    var row = body.closest(".flex-container") || body;
    row.insertAdjacentElement("afterend", wrapper);

    button.addEventListener("click", function () {
      var data = new FormData();
      data.append("body", body.value);
      data.append("csrfmiddlewaretoken", body.form.elements.csrfmiddlewaretoken.value);
      button.disabled = true;
      fetch(body.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          // Markdown rendered and cleaned by nh3 on the server: no script or handler survives.
          output.innerHTML = html;
          output.hidden = false;
        })
        .catch(function () {
          output.textContent = "The preview could not be shown. Your text is not lost.";
          output.hidden = false;
        })
        .finally(function () { button.disabled = false; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
