// Interview notes that survive a lost connection.
//
// An interviewer on a phone in a community centre may lose the signal mid-interview. While
// the form is open, every change is kept on this device (localStorage). Sending it while
// offline keeps it here instead, says so, and sends it by itself as soon as the browser is
// back online. A page reloaded later puts the kept notes back. The file input (audio) is not
// kept: browsers cannot store files this way; it goes with the form only while the page
// stays open. Static file, no inline script (the site's Content Security Policy).
(function () {
  "use strict";

  var form = document.querySelector("form[data-offline-key]");
  if (!form || !window.localStorage) {
    return;
  }
  var key = "commonground:" + form.getAttribute("data-offline-key");
  var status = document.querySelector("[data-offline-status]");

  function say(message) {
    if (!status || !message) {
      return;
    }
    status.hidden = false;
    // set the words a moment after showing the region, so screen readers announce them
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        el.type !== "file" &&
        el.type !== "submit" &&
        el.type !== "button"
      );
    });
  }

  function read() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function save(pending) {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) {
          values[el.name] = el.value;
        }
      } else {
        values[el.name] = el.value;
      }
    });
    try {
      localStorage.setItem(
        key,
        JSON.stringify({ values: values, pending: !!pending, savedAt: Date.now() })
      );
      return true;
    } catch (error) {
      return false; // storage full or refused: the form still works online
    }
  }

  function restore(draft) {
    fields().forEach(function (el) {
      if (!(el.name in draft.values)) {
        if (el.type === "checkbox") {
          el.checked = false;
        }
        return;
      }
      var value = draft.values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = el.value === value;
      } else {
        el.value = value;
      }
    });
  }

  var draft = read();
  if (draft && draft.sent) {
    localStorage.removeItem(key); // it reached the server: the page shows what it kept
  } else if (draft && draft.values) {
    restore(draft);
    say(form.getAttribute("data-msg-restored"));
  }

  form.addEventListener("input", function () {
    save(false);
  });
  form.addEventListener("change", function () {
    save(false);
  });

  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {
      event.preventDefault();
      if (save(true)) {
        say(form.getAttribute("data-msg-offline"));
      } else {
        say(form.getAttribute("data-msg-no-storage"));
      }
      return;
    }
    markSent();
  });

  function markSent() {
    var current = read();
    if (current) {
      current.sent = true;
      current.pending = false;
      localStorage.setItem(key, JSON.stringify(current));
    }
  }

  window.addEventListener("online", function () {
    var current = read();
    if (current && current.pending) {
      say(form.getAttribute("data-msg-sending"));
      markSent();
      form.submit(); // does not fire "submit" again
    }
  });

  window.addEventListener("offline", function () {
    say(form.getAttribute("data-msg-went-offline"));
  });
})();
