// "Come back to your answers": the link on the saved page carries the resume code after "#",
// which browsers never send to the server, so the code stays out of access logs and Referer
// headers. This script moves it into the form and posts it, then drops it from the address
// bar and history. Without JavaScript the resident types the code into the same form.
(function () {
  "use strict";
  var form = document.getElementById("resume-form");
  if (!form || !window.location.hash) return;
  var code = window.location.hash.slice(1);
  try {
    code = decodeURIComponent(code);
  } catch (error) {
    // a malformed escape: use the fragment as it is
  }
  code = code.replace(/^code=/, "");
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  if (!code) return;
  form.elements.code.value = code;
  form.submit();
})();
