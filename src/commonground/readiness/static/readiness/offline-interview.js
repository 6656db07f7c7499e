// Interview notes that survive a lost connection.
//
// An interviewer on a phone in a community centre may lose the signal mid-interview. While
// the form is open, every change is kept on this device (localStorage). Sending it while
// offline keeps it here instead, says so, and sends it by itself as soon as the browser is
// back online. A page reloaded later puts the kept notes back. The file input (audio) is not
// kept: browsers cannot store files this way; it goes with the form only while the page
// stays open. Static file, no inline script (the site's Content Security Policy).
//
// The device's copy is deleted only once the server has confirmed it saved the interview:
// each copy carries a random id, sent with the form (offline_draft); the page the server
// redirects to after saving names that id (data-offline-saved), and only then is the copy
// with that id removed. Nothing is marked "sent" before that: a POST that never leaves (the
// tab closed or killed, the connection gone again, a redirect to sign in) loses nothing.
(function () {
  "use strict";

  var PREFIX = "commonground:";

  function newId() {
    var bytes = new Uint8Array(12);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i += 1) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function readKey(name) {
    try {
      return JSON.parse(localStorage.getItem(name) || "null");
    } catch (error) {
      return null;
    }
  }

  if (!window.localStorage) {
    return;
  }

  // The page the server shows after saving an interview: it names the copy it received.
  // Only that copy is removed (a newer one, typed in another tab since, is kept).
  var saved = document.querySelector("[data-offline-saved]");
  if (saved) {
    var savedKey = PREFIX + saved.getAttribute("data-offline-saved");
    var kept = readKey(savedKey);
    if (kept && kept.id && kept.id === saved.getAttribute("data-offline-draft")) {
      localStorage.removeItem(savedKey);
    }
  }

  var form = document.querySelector("form[data-offline-key]");
  if (!form) {
    return;
  }
  var key = PREFIX + form.getAttribute("data-offline-key");
  var draftField = form.querySelector("input[name=offline_draft]");
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
        el.name !== "offline_draft" &&
        el.type !== "file" &&
        el.type !== "submit" &&
        el.type !== "button"
      );
    });
  }

  function read() {
    return readKey(key);
  }

  var draftId = null;

  function useId(id) {
    draftId = id;
    if (draftField) {
      draftField.value = id; // goes with the form: the server's confirmation names it
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
        JSON.stringify({ id: draftId, values: values, pending: !!pending, savedAt: Date.now() })
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
  // a copy marked "sent" by an earlier version of this script was never confirmed by the
  // server: it is put back like any other, never deleted unseen
  useId((draft && draft.id) || newId());
  if (form.hasAttribute("data-offline-bound")) {
    // the server sent the form back (a mistake to correct): what it shows is what was sent,
    // so keep that on the device, under the same id
    if (draft) {
      save(false);
    }
  } else if (draft && draft.values) {
    restore(draft);
    // put back for the interviewer to check and send: no longer sent by itself when the
    // browser reports it is online (a page opened from the service worker's copy, or a
    // connection that comes back, must not send notes nobody has looked at again)
    save(false);
    say(form.getAttribute("data-msg-restored"));
  }

  // back to the form from the bfcache after the copy was confirmed: start a new copy
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !read()) {
      useId(newId());
    }
  });

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
    // sent online: the copy stays until the page the server redirects to confirms it
    if (read()) {
      save(false);
    }
  });

  var sending = false;
  window.addEventListener("online", function () {
    var current = read();
    if (current && current.pending && !sending) {
      sending = true;
      say(form.getAttribute("data-msg-sending"));
      form.submit(); // does not fire "submit" again; the copy stays until confirmed
    }
  });

  window.addEventListener("offline", function () {
    say(form.getAttribute("data-msg-went-offline"));
  });
})();
