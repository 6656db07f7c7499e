/* Taking attendance at the door with or without a connection. The page keeps the event's
   door codes (no names) on the phone; a code typed, pasted or scanned is checked against
   them, counted here and sent to the server, or queued on the phone (localStorage) when there
   is no network and sent when it comes back. A code is its own key: sent twice, it counts
   once. The queue itself (keeping, sending, flushing) is shared with the mixing-challenges
   app: commonground/offline-queue.js, loaded first. Without JavaScript the form posts as an
   ordinary form. */
(function () {
  "use strict";

  var root = document.querySelector("[data-cg-door]");
  if (!root || !window.CommonGround || !window.CommonGround.offlineQueue) {
    return;
  }
  var offlineQueue = window.CommonGround.offlineQueue;
  var read = offlineQueue.read;
  var write = offlineQueue.write;
  var slug = root.getAttribute("data-event");
  var CODES = "cg-door-codes-" + slug;
  var status = document.getElementById("cg-door-status");
  var form = document.querySelector("form[data-door-check-in]");

  function text(name) {
    return root.getAttribute("data-text-" + name) || "";
  }

  function say(message, isError) {
    if (!status || !message) {
      return;
    }
    status.textContent = message;
    status.hidden = false;
    status.classList.toggle("cg-sync-status--error", !!isError);
  }

  /* arrivals waiting to be sent; a code is its own key */
  var arrivals = offlineQueue({
    key: "cg-door-queue-" + slug,
    url: root.getAttribute("data-sync"),
    id: function (item) {
      return item.code;
    },
    body: function (item) {
      return { code: item.code, at: item.at };
    }
  });
  var queue = arrivals.load;

  function list() {
    return read(CODES, null);
  }

  function codeFrom(value) {
    var trimmed = (value || "").trim().replace(/\/+$/, "");
    return trimmed.split("/").pop();
  }

  function show() {
    var known = list();
    var waiting = queue();
    if (known && known.counts) {
      Object.keys(known.counts).forEach(function (key) {
        var box = root.querySelector("[data-count=" + key + "]");
        if (box) {
          box.textContent = String(known.counts[key]);
        }
      });
    }
    var box = document.getElementById("cg-door-queue");
    if (box) {
      box.hidden = waiting.length === 0;
      var count = box.querySelector("[data-queued]");
      if (count) {
        count.textContent = String(waiting.length);
      }
    }
  }

  function refresh() {
    if (navigator.onLine === false) {
      show();
      return Promise.resolve();
    }
    return window
      .fetch(root.getAttribute("data-codes"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && body.codes) {
          /* arrivals still queued here stay counted until the server has them */
          var waiting = queue().map(function (item) {
            return item.code;
          });
          body.codes.forEach(function (row) {
            if (waiting.indexOf(row.code) !== -1 && row.place && !row.arrived) {
              row.arrived = true;
              body.counts.arrived += 1;
            }
          });
          write(CODES, body);
        }
        show();
      })
      .catch(show);
  }

  function flush() {
    if (arrivals.busy() || navigator.onLine === false) {
      show();
      return;
    }
    if (!queue().length) {
      refresh();
      return;
    }
    arrivals
      .flush(function (item, result) {
        if (result.outcome === "refused") {
          say(item.code + ": " + ((result.body && result.body.message) || ""), true);
        }
      })
      .then(function (summary) {
        if (summary && summary.sent) {
          say(text("synced").replace("%(n)s", String(summary.sent)));
        }
        return refresh();
      });
  }

  /* Checked against the list the phone has: refused here when the list says no. */
  function locally(code) {
    var known = list();
    if (!known) {
      return null;
    }
    var row = known.codes.filter(function (other) {
      return other.code === code;
    })[0];
    if (!row) {
      return null;
    }
    if (!row.place) {
      return text("no-place");
    }
    if (row.arrived) {
      return text("used");
    }
    return "";
  }

  function countHere(code) {
    var known = list();
    if (!known) {
      return;
    }
    known.codes.forEach(function (row) {
      if (row.code === code && !row.arrived) {
        row.arrived = true;
        known.counts.arrived += 1;
      }
    });
    write(CODES, known);
  }

  function onSubmit(event) {
    event.preventDefault();
    var field = form.querySelector("[name=code]");
    var code = codeFrom(field.value);
    if (!code) {
      say(text("empty"), true);
      return;
    }
    var refusal = locally(code);
    if (refusal) {
      say(code + ": " + refusal, true);
      return;
    }
    var item = {
      code: code,
      at: new Date().toISOString(),
      csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value
    };
    function keep() {
      arrivals.keep(item);
      if (refusal === "") {
        countHere(code);
      }
      say(code + ": " + (refusal === "" ? text("queued") : text("queued-unknown")));
      field.value = "";
      show();
      field.focus();
    }
    if (navigator.onLine === false) {
      keep();
      return;
    }
    arrivals.send(item).then(function (result) {
      if (result.outcome === "later") {
        keep();
        return;
      }
      if (result.outcome === "done") {
        countHere(code);
        var known = list();
        if (known && result.body.counts) {
          known.counts = result.body.counts;
          write(CODES, known);
        }
        say(code + ": " + result.body.message);
        field.value = "";
        show();
        field.focus();
      } else {
        say(code + ": " + ((result.body && result.body.message) || ""), true);
      }
    });
  }

  if (form) {
    form.addEventListener("submit", onSubmit);
    var scanned = new URLSearchParams(window.location.search).get("code");
    if (scanned) {
      form.querySelector("[name=code]").value = scanned;
    }
  }
  offlineQueue.whenBack(flush);
  flush();

  if ("serviceWorker" in navigator && root.getAttribute("data-sw")) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept") {
        root.setAttribute("data-offline-ready", "true");
      }
    });
    navigator.serviceWorker
      .register(root.getAttribute("data-sw"), { scope: root.getAttribute("data-scope") })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        registration.active.postMessage({
          type: "keep",
          urls: [window.location.pathname, root.getAttribute("data-codes")]
        });
      })
      .catch(function () {
        /* no service worker (private browsing, http): the page still works online */
      });
  }
})();
