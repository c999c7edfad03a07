// The lesson editor: a live preview (the server renders it exactly as the lesson page does),
// uploads that put their reference at the cursor, and a warning before leaving unsaved changes.
// Without JavaScript the form still saves and the page shows the preview of what was saved.
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  var preview = document.getElementById("preview");
  if (!form || !preview) { return; }
  var status = document.querySelector(".preview-status");
  var body = document.getElementById("body");
  var dirty = false, timer = null, sequence = 0;

  function fields() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("action");
    return data;
  }

  function refresh() {
    var mine = ++sequence;
    if (status) { status.textContent = "updating…"; }
    fetch(preview.getAttribute("data-preview-url"), {
      method: "POST", body: fields(), credentials: "same-origin", headers: { "Accept": "text/html" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("status " + response.status); }
      return response.text();
    }).then(function (html) {
      if (mine !== sequence) { return; }  // a newer preview is on its way
      preview.innerHTML = html;
      if (status) { status.textContent = "up to date"; }
    }).catch(function () {
      if (mine === sequence && status) { status.textContent = "could not update the preview (your text is safe: save to keep it)"; }
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.id === "upload-file") { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // Uploads: the file is the request body; the answer holds Markdown to insert.
  var upload = form.querySelector(".upload");
  var file = document.getElementById("upload-file");
  if (upload && file && window.fetch) {
    upload.hidden = false;
    var uploadStatus = upload.querySelector(".upload-status");
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) { return; }
      uploadStatus.textContent = "Uploading " + chosen.name + "…";
      var token = form.querySelector("input[name=_csrf]").value;
      fetch("/editor/uploads", {
        method: "POST", body: chosen, credentials: "same-origin",
        headers: { "Content-Type": chosen.type || "application/octet-stream", "X-CSRF-Token": token,
                   "X-File-Name": encodeURIComponent(chosen.name), "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      }).then(function (result) {
        if (!result.ok) {
          uploadStatus.textContent = "Not uploaded: " + ((result.answer.error && result.answer.error.message) || "the server refused the file.");
          return;
        }
        var text = result.answer.markdown;
        var start = body.selectionStart, end = body.selectionEnd;
        var before = body.value.slice(0, start), after = body.value.slice(end);
        var block = (before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "") + text + "\n";
        body.value = before + block + after;
        body.selectionStart = body.selectionEnd = (before + block).length;
        body.focus();
        uploadStatus.textContent = "Uploaded: " + result.answer.reference;
        dirty = true;
        refresh();
      }).catch(function () { uploadStatus.textContent = "Not uploaded: the connection failed. Try again."; });
      file.value = "";
    });
  }
})();
