// A test in progress: the countdown (the server owns the deadline; this only shows it and submits
// at zero), autosave of answers and flags, the question navigator, passage highlights, and the
// exam recording that plays once. Without JavaScript the page still works: every button saves.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var status = document.querySelector(".save-status");
  var token = (document.querySelector("input[name=_csrf]") || {}).value || "";

  function fields() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("go");
    return data;
  }

  // ---- autosave
  var timer = null, pending = false;
  function save() {
    if (!form) { return Promise.resolve(); }
    pending = false;
    if (status) { status.textContent = "Saving…"; }
    return fetch(form.action, { method: "POST", body: fields(), credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.closed) { window.location = answer.result; return; }
        if (status) {
          status.textContent = "Saved " + new Date().toLocaleTimeString();
          status.setAttribute("data-saves", String(Number(status.getAttribute("data-saves") || 0) + 1));
        }
      })
      .catch(function () {
        pending = true;
        if (status) { status.textContent = "Not saved yet: no connection. Your answers are kept on this page and will be saved."; }
      });
  }
  function changed() {
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
    markNavigator();
  }
  if (form) {
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { pending = false; });
    window.addEventListener("online", function () { if (pending) { save(); } });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && pending && navigator.sendBeacon) { navigator.sendBeacon(form.action, fields()); pending = false; }
    });
    window.addEventListener("pagehide", function () {
      if (pending && navigator.sendBeacon) { navigator.sendBeacon(form.action, fields()); pending = false; }
    });
  }

  // ---- navigator: answered and flagged, as the learner types
  function markNavigator() {
    if (!form) { return; }
    var answered = {}, flagged = {};
    new FormData(form).forEach(function (value, name) {
      var match = /^q(\d+)$/.exec(name);
      if (match && String(value).trim() !== "") { answered[match[1]] = true; }
      if (name === "flag") { flagged[value] = true; }
    });
    document.querySelectorAll(".nav-q[data-here]").forEach(function (link) {
      var n = link.getAttribute("data-number");
      link.classList.toggle("answered", !!answered[n]);
      link.classList.toggle("flagged", !!flagged[n]);
    });
  }

  // ---- countdown, warnings at 10 and 5 minutes, submission at zero
  var clock = document.querySelector(".timer[data-remaining]");
  if (clock) {
    var value = clock.querySelector(".timer-value"), warning = document.querySelector(".timer-warning");
    var ends = performance.now() + Number(clock.getAttribute("data-remaining")) * 1000, warned = {};
    var tick = function () {
      var left = Math.max(0, Math.round((ends - performance.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
      value.textContent = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
      [600, 300].forEach(function (mark) {
        if (left <= mark && left > 0 && !warned[mark]) {
          warned[mark] = true;
          warning.hidden = false;
          warning.textContent = (mark / 60) + " minutes left.";
          clock.classList.add("timer-low");
        }
      });
      if (left === 0) {
        clearInterval(interval);
        value.textContent = "0:00";
        var finish = function () {
          var submit = document.createElement("form");
          submit.method = "post";
          submit.action = clock.getAttribute("data-submit");
          var field = document.createElement("input");
          field.type = "hidden"; field.name = "_csrf"; field.value = token;
          submit.appendChild(field);
          document.body.appendChild(submit);
          submit.submit();
        };
        save().then(finish, finish);
      }
    };
    var interval = setInterval(tick, 1000);
    tick();
  }

  // ---- passage highlights: select text to highlight it; click a highlight to remove it
  var passage = document.querySelector(".passage[data-highlights]");
  var store = form && form.querySelector("input[name=highlights]");
  if (passage && store) {
    var ranges = [];
    try { ranges = JSON.parse(passage.getAttribute("data-highlights") || "[]"); } catch (e) { ranges = []; }
    var original = passage.innerHTML;
    var paint = function () {
      passage.innerHTML = original;
      ranges.slice().sort(function (a, b) { return b[0] - a[0]; }).forEach(function (range) { wrap(range[0], range[1]); });
    };
    var textNodes = function () {
      var walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT), nodes = [], node;
      while ((node = walker.nextNode())) { nodes.push(node); }
      return nodes;
    };
    var wrap = function (start, end) {
      var offset = 0;
      textNodes().forEach(function (node) {
        var from = Math.max(start, offset), to = Math.min(end, offset + node.length);
        if (from < to) {
          var piece = node.splitText(from - offset);
          piece.splitText(to - from);
          var mark = document.createElement("mark");
          mark.className = "hl";
          piece.parentNode.replaceChild(mark, piece);
          mark.appendChild(piece);
        }
        offset += node.length;
      });
    };
    var offsetOf = function (container, within) {
      var offset = 0, nodes = textNodes();
      for (var i = 0; i < nodes.length; i++) {
        if (nodes[i] === container) { return offset + within; }
        offset += nodes[i].length;
      }
      return -1;
    };
    var remember = function () { store.value = JSON.stringify(ranges); changed(); };
    passage.addEventListener("mouseup", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
      var range = selection.getRangeAt(0);
      if (!passage.contains(range.startContainer) || !passage.contains(range.endContainer)) { return; }
      var start = offsetOf(range.startContainer, range.startOffset), end = offsetOf(range.endContainer, range.endOffset);
      if (start < 0 || end <= start) { return; }
      ranges.push([start, end]);
      selection.removeAllRanges();
      paint();
      remember();
    });
    passage.addEventListener("click", function (event) {
      if (!event.target.classList || !event.target.classList.contains("hl")) { return; }
      var at = offsetOf(event.target.firstChild, 0);
      ranges = ranges.filter(function (range) { return !(at >= range[0] && at < range[1]); });
      paint();
      remember();
    });
    paint();
  }

  // ---- recordings: exam mode plays each part once, without seeking; practice has the controls
  document.querySelectorAll(".exam-audio[data-src]").forEach(function (box) {
    var exam = box.getAttribute("data-exam") === "true", played = box.getAttribute("data-played") === "true";
    var audio = document.createElement("audio");
    audio.preload = "none";
    audio.src = box.getAttribute("data-src");
    if (!exam) { audio.controls = true; box.appendChild(audio); return; }
    if (played) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Play the recording";
    var progress = document.createElement("p");
    progress.className = "audio-progress";
    progress.setAttribute("aria-live", "polite");
    box.appendChild(button);
    box.appendChild(progress);
    var furthest = 0;
    audio.addEventListener("timeupdate", function () {
      if (audio.currentTime > furthest) { furthest = audio.currentTime; }
      progress.textContent = "Playing: " + Math.floor(audio.currentTime / 60) + ":" + ("0" + Math.floor(audio.currentTime % 60)).slice(-2);
    });
    audio.addEventListener("seeking", function () { if (Math.abs(audio.currentTime - furthest) > 0.5) { audio.currentTime = furthest; } });
    audio.addEventListener("ended", function () { progress.textContent = "The recording has finished."; });
    button.addEventListener("click", function () {
      button.remove();
      var body = new URLSearchParams({ _csrf: token, section: box.getAttribute("data-section") });
      fetch(form.action.replace(/\/answers$/, "/played"), { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } });
      audio.play();
    });
  });
})();
