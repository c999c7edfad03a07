// Dictation: the sentence may be played a few times (the page says how many), and the number of
// plays goes with the answer. Without this script the player keeps its own controls.
(function () {
  "use strict";
  var box = document.querySelector(".dictation-player[data-plays]");
  var audio = box && box.querySelector("audio[data-dictation-audio]");
  var used = document.querySelector("[data-plays-used]");
  if (!box || !audio || !used) { return; }
  var limit = Number(box.getAttribute("data-plays")) || 3, plays = 0;
  audio.controls = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  var left = document.createElement("span");
  left.className = "plays-left";
  left.setAttribute("aria-live", "polite");
  var label = function () {
    button.textContent = plays === 0 ? "Play the sentence" : "Play it again";
    left.textContent = " " + (limit - plays) + " of " + limit + " plays left";
  };
  button.addEventListener("click", function () {
    if (plays >= limit || !audio.paused) { return; }
    plays += 1;
    used.value = String(plays);
    audio.currentTime = 0;
    audio.play();
    label();
    if (plays >= limit) { button.disabled = true; }
    box.setAttribute("data-played", String(plays));
  });
  label();
  box.appendChild(button);
  box.appendChild(left);
  var text = document.getElementById("typed");
  if (text) { text.focus(); }
})();
