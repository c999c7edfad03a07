// An answer waiting for feedback: follows its server-sent events. The prose appears as it is
// written; "started" clears it (an interrupted assessment begins again); at the end the page
// reloads to show the bands and annotations from PostgreSQL. EventSource reconnects by itself
// with Last-Event-ID, so a dropped connection or a restarted server loses and repeats nothing.
(function () {
  "use strict";
  var live = document.querySelector("[data-events]");
  if (!live || !window.EventSource) { return; }
  var status = live.querySelector("[data-feedback-status]");
  var text = live.querySelector("[data-feedback-text]");
  var source = new EventSource(live.getAttribute("data-events"));
  var received = 0;

  function data(event) {
    try { return JSON.parse(event.data); } catch (error) { return {}; }
  }
  source.addEventListener("open", function () { live.setAttribute("data-connected", "true"); });
  source.addEventListener("queued", function (event) { status.textContent = data(event).message || "Waiting for your feedback…"; });
  source.addEventListener("status", function (event) { status.textContent = data(event).message || ""; });
  source.addEventListener("started", function (event) {
    var names = { offline: "BandUp's offline analyser", gemini: "Gemini", bedrock: "Amazon Bedrock" };
    // A chain is named "gemini, then offline": the first is the one at work.
    var provider = String(data(event).provider || "").split(", then ")[0];
    text.textContent = "";
    status.textContent = (names[provider] || "The assessor") + " is writing your feedback…";
  });
  source.addEventListener("text", function (event) {
    text.appendChild(document.createTextNode(data(event).text || ""));
    received += 1;
    live.setAttribute("data-chunks", String(received));
  });
  function finish(message) {
    source.close();
    status.textContent = message;
    window.location.reload();
  }
  source.addEventListener("complete", function () { finish("Done: showing your bands…"); });
  source.addEventListener("failed", function (event) { finish(data(event).message || "We could not assess this answer."); });
  source.addEventListener("error", function () {
    if (source.readyState === EventSource.CONNECTING) { status.textContent = "Connection lost; reconnecting…"; }
  });
})();
