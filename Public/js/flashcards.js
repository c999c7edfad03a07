// Flashcards: the review page's keys (space shows the answer, 1-4 grade), card sets streaming in
// as they are chosen (server-sent events), a CSV file read into the import form, and a question
// before deleting a deck. Every page works without this script.
(function () {
  "use strict";

  // ---- review: space reveals, 1-4 grade
  var card = document.querySelector(".flashcard");
  var grades = document.querySelector("form.grades");
  if (card && grades) {
    var reveal = function () {
      var back = card.querySelector(".card-back");
      if (back) { back.hidden = false; }
      grades.hidden = false;
      card.setAttribute("data-revealed", "true");
      var link = document.querySelector("[data-reveal]");
      if (link) { link.parentNode.hidden = true; }
      var first = grades.querySelector("button.grade-3");
      if (first) { first.focus(); }
    };
    var link = document.querySelector("[data-reveal]");
    if (link) { link.addEventListener("click", function (event) { event.preventDefault(); reveal(); }); }
    var sent = false;
    grades.addEventListener("submit", function (event) {
      if (sent) { event.preventDefault(); return; }  // one grade per card
      sent = true;
    });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || /input|textarea|select/i.test(event.target.tagName)) { return; }
      if (event.key === " " || event.key === "Spacebar") {
        if (grades.hidden) { event.preventDefault(); reveal(); }
        return;
      }
      if (/^[1-4]$/.test(event.key) && !grades.hidden) {
        var button = grades.querySelector('button[data-key="' + event.key + '"]');
        if (button && !sent) { event.preventDefault(); button.click(); }
      }
    });
  }

  // ---- a card set being chosen: each card appears as it arrives; the page reloads at the end
  var set = document.querySelector(".card-set[data-events]");
  if (set && window.EventSource) {
    var list = set.querySelector("[data-proposals]");
    var status = set.querySelector("[data-set-status]");
    var count = 0;
    var source = new EventSource(set.getAttribute("data-events"));
    var data = function (event) { try { return JSON.parse(event.data); } catch (error) { return {}; } };
    source.addEventListener("status", function (event) { status.textContent = data(event).message || status.textContent; });
    source.addEventListener("queued", function (event) { status.textContent = data(event).message || status.textContent; });
    source.addEventListener("started", function () { list.textContent = ""; count = 0; status.textContent = "Choosing words…"; });
    source.addEventListener("item", function (event) {
      var card = data(event);
      var item = document.createElement("li");
      item.className = "proposal";
      var strong = document.createElement("strong");
      strong.textContent = card.term || "";
      item.appendChild(strong);
      item.appendChild(document.createTextNode((card.partOfSpeech ? " (" + card.partOfSpeech + ")" : "") + ": " + (card.definition || "")));
      if (card.example) {
        item.appendChild(document.createElement("br"));
        var example = document.createElement("q");
        example.textContent = card.example;
        item.appendChild(example);
      }
      list.appendChild(item);
      count += 1;
      status.textContent = count + (count === 1 ? " card" : " cards") + " so far…";
      set.setAttribute("data-streamed", String(count));
    });
    var finish = function () { source.close(); window.location.reload(); };
    source.addEventListener("finished", finish);
    source.addEventListener("failed", finish);
  }

  // ---- CSV import: a chosen file fills the text box
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var target = document.getElementById(input.getAttribute("data-fills"));
      if (!file || !target || !window.FileReader) { return; }
      var reader = new FileReader();
      reader.onload = function () { target.value = String(reader.result || ""); };
      reader.readAsText(file);
    });
  });

  // ---- a question before something that cannot be undone
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
