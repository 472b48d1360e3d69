// Warns a minute before an idle account is signed out, and offers "Stay signed in".
// The timeout comes from <meta name="idle-timeout" content="seconds"> (includes/idle_timeout.html);
// the server signs the account out on its own (portal.middleware.IdleTimeoutMiddleware)
// whatever this script does.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="idle-timeout"]');
  var timeout = meta ? parseInt(meta.content, 10) : 0;
  var keepAliveUrl = meta ? meta.dataset.keepAliveUrl : "";
  // The words come from the page (includes/idle_timeout.html), in its language; English if absent.
  var words = meta ? meta.dataset : {};
  if (!timeout || !keepAliveUrl) {
    return;
  }
  var WARN_BEFORE = 60;
  var warnTimer = null;
  var endTimer = null;
  var banner = null;
  var returnFocus = null;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function hideWarning() {
    if (banner) {
      banner.remove();
      banner = null;
      if (returnFocus && document.contains(returnFocus)) {
        returnFocus.focus();
      }
    }
  }

  function signedOut() {
    // The server has ended the session. A form marked data-keep-on-sign-out (an intake step)
    // is sent as it is: the server keeps what was typed and shows it again on this page after
    // sign-in (or, if the session is still alive, saves it as a draft). Otherwise reloading
    // shows the sign-in page, which brings the person back here afterwards.
    var form = document.querySelector("form[data-keep-on-sign-out]");
    if (form) {
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "later";
      form.append(action);
      form.submit();
      return;
    }
    window.location.reload();
  }

  function showWarning() {
    if (banner) {
      return;
    }
    returnFocus = document.activeElement;
    banner = document.createElement("div");
    banner.className = "idle-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-labelledby", "idle-warning-title");
    banner.setAttribute("aria-describedby", "idle-warning-text");
    banner.id = "idle-warning";
    var title = document.createElement("h2");
    title.id = "idle-warning-title";
    title.textContent = words.title || "Are you still there?";
    var text = document.createElement("p");
    text.id = "idle-warning-text";
    text.textContent = words.text ||
      "To keep your information safe, we will sign you out in 1 minute. " +
      "Anything you have not saved will be lost.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary button";
    button.textContent = words.stay || "Stay signed in";
    button.addEventListener("click", staySignedIn);
    banner.append(title, text, button);
    document.body.append(banner);
    button.focus();
  }

  function staySignedIn() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken());
    fetch(keepAliveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204) {
          hideWarning();
          schedule();
        } else {
          signedOut();
        }
      })
      .catch(function () {
        // Offline for a moment: keep the warning so the person can try again.
      });
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(showWarning, Math.max(timeout - WARN_BEFORE, 0) * 1000);
    endTimer = window.setTimeout(signedOut, (timeout + 1) * 1000);
  }

  schedule();
})();
