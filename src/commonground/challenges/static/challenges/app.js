/* Mixing challenges in the browser: installs the service worker, and sends check-ins as
   JSON, keeping them on the phone (localStorage) when there is no network and sending them
   when it comes back. Each check-in carries a UUID made here, so the server counts it once
   however many times it is sent. Without JavaScript the forms post as ordinary forms. */
(function () {
  "use strict";

  var root = document.querySelector("[data-cg-challenges]");
  if (!root) {
    return;
  }
  var QUEUE = "cg-challenges-queue";
  var syncUrl = root.getAttribute("data-sync");
  var status = document.getElementById("cg-sync-status");

  function say(text, isError) {
    if (!status || !text) {
      return;
    }
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle("cg-sync-status--error", !!isError);
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function store(items) {
    window.localStorage.setItem(QUEUE, JSON.stringify(items));
    showWaiting(items.length);
  }

  function showWaiting(n) {
    var box = document.getElementById("cg-queue");
    if (!box) {
      return;
    }
    box.hidden = n === 0;
    var count = box.querySelector("[data-count]");
    if (count) {
      count.textContent = String(n);
    }
  }

  function token(item) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : item.csrf;
  }

  /* "done" (recorded, or recorded before), "refused" (the server said no: do not retry),
     or "later" (no network, a server error: keep it). */
  function send(item) {
    return window
      .fetch(syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token(item), Accept: "application/json" },
        body: JSON.stringify({
          client_id: item.client_id,
          challenge: item.challenge,
          code: item.code,
          reflection: item.reflection,
          done_at: item.done_at,
          live: !!item.live
        })
      })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          return { outcome: "later" };
        }
        return response.json().then(function (body) {
          if (response.status === 200 || response.status === 201) {
            return { outcome: "done", body: body };
          }
          if (response.status >= 400 && response.status < 500) {
            return { outcome: "refused", body: body };
          }
          return { outcome: "later" };
        });
      })
      .catch(function () {
        return { outcome: "later" };
      });
  }

  var flushing = false;

  function flush() {
    var items = load();
    if (flushing || !items.length || navigator.onLine === false) {
      showWaiting(items.length);
      return;
    }
    flushing = true;
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return send(item).then(function (result) {
          if (result.outcome === "later") {
            return;
          }
          store(load().filter(function (other) {
            return other.client_id !== item.client_id;
          }));
          if (result.outcome === "done") {
            say(root.getAttribute("data-text-synced") + " " + (result.body.message || ""));
          } else {
            say((result.body && result.body.message) || "", true);
          }
        });
      });
    });
    chain.then(function () {
      flushing = false;
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches("form[data-offline-check-in]")) {
      return;
    }
    event.preventDefault();
    var idField = form.querySelector("input[name=client_id]");
    if (!idField.value) {
      idField.value = uuid();
    }
    var code = form.querySelector("[name=code]");
    var reflection = form.querySelector("[name=reflection]");
    var item = {
      client_id: idField.value,
      challenge: form.getAttribute("data-challenge"),
      code: code ? code.value : "",
      reflection: reflection ? reflection.value : "",
      done_at: new Date().toISOString(),
      csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value
    };
    function keep() {
      var items = load().filter(function (other) {
        return other.client_id !== item.client_id;
      });
      items.push(item);
      store(items);
      say(root.getAttribute("data-text-queued"));
    }
    if (navigator.onLine === false) {
      keep();
      return;
    }
    send(Object.assign({ live: true }, item)).then(function (result) {
      if (result.outcome === "done") {
        window.location.assign(result.body.url || window.location.href);
      } else if (result.outcome === "refused") {
        form.submit(); /* the server draws the reason beside the field */
      } else {
        keep();
      }
    });
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });
  document.querySelectorAll("form[data-offline-check-in] input[name=client_id]").forEach(function (field) {
    if (!field.value) {
      field.value = uuid();
    }
  });
  flush();

  if ("serviceWorker" in navigator && root.getAttribute("data-sw")) {
    navigator.serviceWorker
      .register(root.getAttribute("data-sw"), { scope: root.getAttribute("data-scope") })
      .then(function () {
        root.setAttribute("data-sw-ready", "true");
      })
      .catch(function () {
        /* no service worker (private browsing, http): the app still works online */
      });
  }
})();
