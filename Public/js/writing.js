// The writing page's countdown in timed mode (the server keeps the start time, so a reload
// resumes it). At zero writing stops, as in the exam; the answer is saved and can still be sent.
(function () {
  "use strict";
  var page = document.querySelector(".task-page");
  var box = page && page.querySelector("textarea[name=answer]");
  if (!box || page.getAttribute("data-timed") !== "true") { return; }
  var shown = page.querySelector("[data-timer]");
  var upNote = page.querySelector("[data-time-up]");
  var end = Date.now() + Number(page.getAttribute("data-remaining") || 0) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    shown.parentNode.classList.toggle("timer-low", left <= 300);
    if (left === 300 || left === 60) { shown.parentNode.setAttribute("aria-live", "assertive"); }
    if (left > 0) { setTimeout(tick, 1000 - (Date.now() % 1000)); return; }
    // Time is up: as in the exam, writing stops; the answer is saved and can be sent.
    box.readOnly = true;
    if (upNote) { upNote.hidden = false; }
    if (window.BandUp && window.BandUp.saveAnswer) { window.BandUp.saveAnswer(); }
  }
  tick();
})();
