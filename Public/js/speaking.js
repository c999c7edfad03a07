// The speaking page's recorder: MediaRecorder with the microphone permission handled, the Part 2
// minute to prepare and two minutes to speak (as in the test), and the recording uploaded to be
// kept with the answer. Without a microphone or JavaScript the learner types what they said.
(function () {
  "use strict";
  var page = document.querySelector(".speaking-page");
  var recorderBox = page && page.querySelector("[data-recorder]");
  if (!recorderBox) { return; }
  var noRecorder = page.querySelector("[data-no-recorder]");
  var supported = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
  if (!supported) {
    noRecorder.textContent = "This browser cannot record audio here (it needs microphone support on a secure page). Type what you would say instead: the feedback reads your words.";
    return;
  }
  recorderBox.hidden = false;
  noRecorder.hidden = true;

  var base = page.getAttribute("data-attempt");
  var part = Number(page.getAttribute("data-part") || 1);
  var maxSeconds = Number(page.getAttribute("data-max-minutes") || 5) * 60;
  var token = (page.querySelector("input[name=_csrf]") || {}).value || "";
  var phase = recorderBox.querySelector("[data-phase]");
  var shown = recorderBox.querySelector("[data-timer]");
  var status = recorderBox.querySelector("[data-recorder-status]");
  var recordButton = recorderBox.querySelector("[data-record]");
  var stopButton = recorderBox.querySelector("[data-stop]");
  var prepareButton = recorderBox.querySelector("[data-prepare]");
  var playback = recorderBox.querySelector("[data-playback]");
  var secondsField = page.querySelector("[data-seconds]");
  var clock = null, recorder = null, stream = null, startedAt = 0;

  function clockText(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  // Counts down from `seconds` (or up, when `up`), calling `done` at the end.
  function run(seconds, up, done) {
    clearInterval(clock);
    var start = Date.now();
    function tick() {
      var gone = (Date.now() - start) / 1000;
      shown.textContent = clockText(up ? gone : seconds - gone);
      shown.parentNode.classList.toggle("timer-low", !up && seconds - gone <= 15);
      if (gone >= seconds) { clearInterval(clock); done(); }
    }
    tick();
    clock = setInterval(tick, 250);
  }

  function problem(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "BandUp was not allowed to use your microphone. Allow it for this site in your browser's settings and try again, or type what you would say below.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") { return "No microphone was found. Connect one and try again, or type what you would say below."; }
    if (name === "NotReadableError") { return "Your microphone is being used by another program. Close it and try again, or type your answer below."; }
    return "Recording could not start (" + (name || "unknown problem") + "). You can type what you would say below.";
  }

  function start() {
    recordButton.disabled = true;
    if (prepareButton) { prepareButton.disabled = true; }
    status.textContent = "Asking for your microphone…";
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
      stream = media;
      var chunks = [];
      recorder = new MediaRecorder(media);
      recorder.addEventListener("dataavailable", function (event) { if (event.data && event.data.size > 0) { chunks.push(event.data); } });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        var seconds = Math.max(1, Math.round((Date.now() - startedAt) / 1000));
        upload(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }), seconds);
      });
      recorder.start(1000);
      startedAt = Date.now();
      stopButton.disabled = false;
      status.textContent = "Recording… speak now.";
      phase.textContent = part === 2 ? "Speaking: up to 2 minutes" : "Recording time";
      run(maxSeconds, part !== 2, stop);
    }).catch(function (error) {
      status.textContent = problem(error);
      recordButton.disabled = false;
      if (prepareButton) { prepareButton.disabled = false; }
    });
  }

  function stop() {
    clearInterval(clock);
    stopButton.disabled = true;
    if (recorder && recorder.state !== "inactive") { recorder.stop(); }
  }

  function upload(blob, seconds) {
    status.textContent = "Saving your recording (" + clockText(seconds) + ")…";
    var type = (blob.type || "audio/webm").split(";")[0];
    fetch(base + "/recording?seconds=" + seconds, {
      method: "POST", body: blob, credentials: "same-origin",
      headers: { "Content-Type": type, "X-CSRF-Token": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) { throw new Error((answer.error && answer.error.message) || ("The recording was not saved (" + response.status + ").")); }
        return answer;
      });
    }).then(function () {
      status.textContent = "Your recording (" + clockText(seconds) + ") is saved. Listen back, record again to replace it, or send your answer.";
      if (secondsField) { secondsField.value = String(seconds); }
      playback.src = URL.createObjectURL(blob);
      playback.hidden = false;
    }).catch(function (error) {
      status.textContent = error.message + " Your typed answer is not affected.";
    }).then(function () {
      recordButton.disabled = false;
      if (prepareButton) { prepareButton.disabled = false; }
    });
  }

  recordButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  if (prepareButton) {
    prepareButton.addEventListener("click", function () {
      prepareButton.disabled = true;
      recordButton.disabled = true;
      phase.textContent = "Preparation: make notes";
      status.textContent = "You have one minute to prepare. Recording starts by itself when it ends.";
      run(60, false, start);
    });
  }
})();
