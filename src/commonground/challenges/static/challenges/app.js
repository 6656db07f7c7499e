/* Mixing challenges in the browser: installs the service worker, and sends check-ins as
   JSON, keeping them on the phone (localStorage) when there is no network and sending them
   when it comes back. Each check-in carries a UUID made here, so the server counts it once
   however many times it is sent. The queue itself (keeping, sending, flushing) is shared
   with the events door page: commonground/offline-queue.js, loaded first.

   Two kinds of check-in wait in the queue: a challenge's (a venue's code or a reflection:
   `challenge`, `code`, `reflection`) and an event's (its QR code scanned: `event`, the
   event's code; it counts for every event challenge the event matches). An event's QR code
   scanned with no signal opens the page the service worker kept for it (views.event_offline),
   which reads the code from its address. Without JavaScript the forms post as ordinary
   forms. */
(function () {
  "use strict";

  var root = document.querySelector("[data-cg-challenges]");
  if (!root || !window.CommonGround || !window.CommonGround.offlineQueue) {
    return;
  }
  var offlineQueue = window.CommonGround.offlineQueue;
  var status = document.getElementById("cg-sync-status");

  function say(text, isError) {
    if (!status || !text) {
      return;
    }
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle("cg-sync-status--error", !!isError);
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

  var queue = offlineQueue({
    key: "cg-challenges-queue",
    url: root.getAttribute("data-sync"),
    id: function (item) {
      return item.client_id;
    },
    body: function (item) {
      return {
        client_id: item.client_id,
        challenge: item.challenge,
        event: item.event,
        code: item.code,
        reflection: item.reflection,
        done_at: item.done_at,
        live: !!item.live
      };
    },
    changed: function (items) {
      showWaiting(items.length);
    }
  });

  function flush() {
    showWaiting(queue.load().length);
    queue.flush(function (item, result) {
      if (result.outcome === "done") {
        say(root.getAttribute("data-text-synced") + " " + (result.body.message || ""));
      } else {
        say((result.body && result.body.message) || "", true);
      }
    });
  }

  /* The event's code in this page's address (…/event/<code>/), for the page the worker kept. */
  function eventCodeFromAddress() {
    var base = root.getAttribute("data-event-base");
    var path = window.location.pathname;
    if (!base || path.indexOf(base) !== 0) {
      return "";
    }
    return decodeURIComponent(path.slice(base.length).split("/")[0] || "");
  }

  function itemFrom(form) {
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var item = { done_at: new Date().toISOString(), csrf: csrf ? csrf.value : "" };
    var idField = form.querySelector("input[name=client_id]");
    if (form.matches("[data-offline-event-check-in]")) {
      item.event = form.querySelector("[name=event]").value;
      /* the same event scanned twice before the signal comes back is kept once */
      var waiting = queue.load().filter(function (other) {
        return other.event && other.event === item.event;
      })[0];
      item.client_id = waiting ? waiting.client_id : idField.value || offlineQueue.uuid();
      return item;
    }
    if (!idField.value) {
      idField.value = offlineQueue.uuid();
    }
    var code = form.querySelector("[name=code]");
    var reflection = form.querySelector("[name=reflection]");
    item.client_id = idField.value;
    item.challenge = form.getAttribute("data-challenge");
    item.code = code ? code.value : "";
    item.reflection = reflection ? reflection.value : "";
    return item;
  }

  function onSubmit(event) {
    var form = event.target;
    var isEvent = form.matches("form[data-offline-event-check-in]");
    if (!isEvent && !form.matches("form[data-offline-check-in]")) {
      return;
    }
    event.preventDefault();
    var item = itemFrom(form);
    if (isEvent && !item.event) {
      return;
    }
    function keep() {
      queue.keep(item);
      say(root.getAttribute("data-text-queued"));
    }
    if (navigator.onLine === false) {
      keep();
      return;
    }
    queue.send(item, { live: true }).then(function (result) {
      if (result.outcome === "done") {
        window.location.assign(result.body.url || window.location.href);
      } else if (result.outcome === "refused") {
        if (isEvent) {
          say((result.body && result.body.message) || "", true);
        } else {
          form.submit(); /* the server draws the reason beside the field */
        }
      } else {
        keep();
      }
    });
  }

  document.addEventListener("submit", onSubmit);
  offlineQueue.whenBack(flush);
  document.querySelectorAll("form[data-offline-check-in] input[name=client_id]").forEach(function (field) {
    if (!field.value) {
      field.value = offlineQueue.uuid();
    }
  });
  var eventCode = eventCodeFromAddress();
  document.querySelectorAll("[data-event-offline]").forEach(function (box) {
    var field = box.querySelector("[name=event]");
    if (field && !field.value) {
      field.value = eventCode;
    }
    box.querySelectorAll("[data-event-code]").forEach(function (shown) {
      shown.textContent = eventCode;
    });
    box.querySelectorAll("[data-if-code]").forEach(function (part) {
      part.hidden = !eventCode;
    });
    box.querySelectorAll("[data-if-no-code]").forEach(function (part) {
      part.hidden = !!eventCode;
    });
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
