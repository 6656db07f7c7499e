// Keep an upload's progress bar moving without reloading the page; the page also
// refreshes itself (meta refresh) when JavaScript is off.
(function () {
  "use strict";
  var box = document.querySelector("[data-upload-status]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-upload-text]");
  function poll() {
    fetch(box.dataset.uploadStatus, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        bar.value = data.percent;
        text.textContent = data.rows_done + " / " + (data.rows_total || "?");
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
