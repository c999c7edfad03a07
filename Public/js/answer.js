// A Writing or Speaking answer being written: a live word count against the task's minimum and
// autosave of the draft (debounced while typing, and when the learner leaves the page). Without
// JavaScript the page still works: "Save draft" and "Send for feedback" are plain form posts.
// Other scripts call BandUp.saveAnswer() (when time is up) through window.BandUp.
(function () {
  "use strict";
  var page = document.querySelector(".task-page");
  var box = page && page.querySelector("textarea[name=answer]");
  if (!box) { return; }
  var form = box.form;
  var base = page.getAttribute("data-attempt");
  var minimum = Number(page.getAttribute("data-minimum") || 0);
  var count = page.querySelector("[data-word-count]");
  var state = page.querySelector("[data-save-state]");
  var token = (form.querySelector("input[name=_csrf]") || {}).value || "";

  // ---- word count, as IELTS counts: anything between spaces is a word
  function words() {
    var text = box.value.trim();
    return text === "" ? 0 : text.split(/\s+/).length;
  }
  function showCount() {
    var n = words();
    var text = n + (n === 1 ? " word" : " words");
    if (minimum > 0) { text += n < minimum ? " (" + (minimum - n) + " more to reach " + minimum + ")" : " (minimum reached)"; }
    count.textContent = text;
    count.classList.toggle("count-short", n < minimum);
  }
  box.addEventListener("input", showCount);
  showCount();

  // ---- autosave: debounced while typing, and when the learner leaves the page
  var timer = null, pending = false, saves = 0;
  function body() {
    var data = new URLSearchParams();
    data.set("_csrf", token);
    data.set("answer", box.value);
    return data;
  }
  function save() {
    pending = false;
    state.textContent = "Saving…";
    return fetch(base + "/draft", { method: "POST", body: body(), credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (answer) {
        if (answer.sent) { window.location = base; return; }
        saves += 1;
        state.setAttribute("data-saves", String(saves));
        state.textContent = "Draft saved at " + new Date().toLocaleTimeString();
      })
      .catch(function () {
        pending = true;
        state.textContent = "Not saved yet: no connection. Keep writing; it will be saved when you are back online.";
      });
  }
  box.addEventListener("input", function () {
    pending = true;
    state.textContent = "Editing…";
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
  form.addEventListener("submit", function () { pending = false; clearTimeout(timer); });
  window.addEventListener("online", function () { if (pending) { save(); } });
  function leave() { if (pending && navigator.sendBeacon) { navigator.sendBeacon(base + "/draft", body()); pending = false; } }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { leave(); } });
  window.addEventListener("pagehide", leave);

  window.BandUp = window.BandUp || {};
  window.BandUp.saveAnswer = save;
})();
