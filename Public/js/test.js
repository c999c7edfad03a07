// A test in progress: the countdown (the server owns the deadline; this only shows it and submits
// at zero), autosave of answers and flags, the question navigator, passage highlights, and the
// exam's Listening recording, which plays once on the server's clock. Without JavaScript the page still works: every button saves.
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
  var clock = document.querySelector(".timer[data-remaining]"), restartClock = function () {};
  if (clock) {
    var value = clock.querySelector(".timer-value"), warning = document.querySelector(".timer-warning");
    var ends = performance.now() + Number(clock.getAttribute("data-remaining")) * 1000, warned = {};
    restartClock = function (remaining) { ends = performance.now() + remaining * 1000; warned = {}; };
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

  // ---- the exam's Listening recording: one timeline the server started and owns. Every page plays
  // from where the recording is now (a reload or another device resumes it); no controls, no seeking.
  var panel = document.querySelector(".exam-recording[data-parts]");
  if (panel) {
    var parts = JSON.parse(panel.getAttribute("data-parts") || "[]");
    var reading = Number(panel.getAttribute("data-reading")), checking = Number(panel.getAttribute("data-checking"));
    var elapsedText = panel.getAttribute("data-elapsed");
    var origin = elapsedText === "" ? null : performance.now() - Number(elapsedText) * 1000;
    var say = panel.querySelector(".recording-status");
    var startForm = panel.querySelector(".recording-start");
    var audio = new Audio(), playing = -1, blocked = false, resume = null;
    audio.preload = "auto";
    // What is playing, on the panel (for people inspecting the page, and for the browser test).
    audio.addEventListener("playing", function () { panel.setAttribute("data-playing", String(playing)); });
    audio.addEventListener("pause", function () { panel.removeAttribute("data-playing"); });
    audio.addEventListener("timeupdate", function () { panel.setAttribute("data-position", audio.currentTime.toFixed(1)); });
    var clockText = function (seconds) {
      seconds = Math.max(0, Math.ceil(seconds));
      return Math.floor(seconds / 60) + ":" + ("0" + seconds % 60).slice(-2);
    };
    // The same arithmetic as ListeningTimeline.moment(after:) on the server.
    var moment = function (elapsed) {
      var time = Math.max(0, elapsed);
      for (var i = 0; i < parts.length; i++) {
        var length = Number(parts[i].seconds);
        if (time < reading) { return { kind: "reading", part: i, remaining: reading - time }; }
        time -= reading;
        if (time < length) { return { kind: "playing", part: i, offset: time }; }
        time -= length;
      }
      return time < checking ? { kind: "checking", remaining: checking - time } : { kind: "over" };
    };
    var play = function () {
      audio.play().then(function () {
        blocked = false;
        if (resume) { resume.remove(); resume = null; }
      }, function () {
        // The browser wants a click before it plays sound (a reload, a new device).
        blocked = true;
        if (resume) { return; }
        resume = document.createElement("button");
        resume.type = "button";
        resume.className = "button";
        resume.textContent = "Resume the recording";
        resume.addEventListener("click", function () { blocked = false; tick(); });
        panel.appendChild(resume);
      });
    };
    var tick = function () {
      if (origin === null) { return; }
      var now = moment((performance.now() - origin) / 1000);
      if (now.kind === "playing") {
        var part = parts[now.part];
        if (playing !== now.part) {
          playing = now.part;
          audio.src = part.url;
          audio.currentTime = now.offset;
          if (!blocked) { play(); }
        } else if (audio.paused && !blocked) {
          audio.currentTime = now.offset;
          play();
        } else if (!audio.paused && Math.abs(audio.currentTime - now.offset) > 1.5) {
          audio.currentTime = now.offset;  // the recording follows the server's clock
        }
        say.textContent = part.title + " is playing: " + clockText(now.offset) + " of " + clockText(Number(part.seconds)) +
          " (questions " + part.questions + ").";
      } else {
        if (!audio.paused) { audio.pause(); }
        if (now.kind === "reading") {
          say.textContent = parts[now.part].title + " starts in " + clockText(now.remaining) + ": read questions " + parts[now.part].questions + ".";
        } else if (now.kind === "checking") {
          say.textContent = "The recording has finished. Check your answers: " + clockText(now.remaining) + " left.";
        } else {
          say.textContent = "The time is over.";
        }
      }
    };
    if (startForm) {
      startForm.addEventListener("submit", function (event) {
        if (!window.fetch) { return; }
        event.preventDefault();
        var button = startForm.querySelector("button");
        button.disabled = true;
        // Playing nothing inside the click lets the browser play the parts later without asking.
        audio.play().catch(function () {});
        fetch(startForm.action, { method: "POST", body: new URLSearchParams(new FormData(startForm)), credentials: "same-origin",
                                  headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (answer) {
            if (answer.closed) { window.location = answer.result; return; }
            origin = performance.now() - Number(answer.elapsed) * 1000;
            startForm.remove();
            var note = panel.querySelector(".recording-note");
            if (note) { note.remove(); }
            if (clock && typeof answer.remaining === "number") { restartClock(answer.remaining); }
            tick();
          })
          .catch(function () { startForm.submit(); });
      });
    }
    setInterval(tick, 500);
    tick();
  }
})();
