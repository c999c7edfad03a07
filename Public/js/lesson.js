// Lesson pages: practice questions are checked without leaving the page. Without JavaScript the
// forms post and the server renders the marked page; this only does the same request in place.
(function () {
  "use strict";

  function replaceGroup(form, html) {
    var section = form.closest(".question-group");
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById(section.id);
    if (!fresh) { return false; }
    section.replaceWith(fresh);
    var score = fresh.querySelector(".group-score");
    if (score) { score.focus(); }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("questions-form") || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; button.textContent = "Checking…"; }
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "text/html" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok || !replaceGroup(form, text)) { form.submit(); }
      });
    }).catch(function () { form.submit(); });
  });
})();

// Printing: transcripts and other folded parts print open, and fold again afterwards.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
