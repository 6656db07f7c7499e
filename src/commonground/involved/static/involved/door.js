/* Taking attendance at the door with or without a connection. The page keeps the event's
   door codes (no names) on the phone; a code typed, pasted or scanned is checked against
   them, counted here and sent to the server, or queued on the phone (localStorage) when there
   is no network and sent when it comes back. A code is its own key: sent twice, it counts
   once. Without JavaScript the form posts as an ordinary form. */
(function () {
  "use strict";

  var root = document.querySelector("[data-cg-door]");
  if (!root) {
    return;
  }
  var slug = root.getAttribute("data-event");
  var QUEUE = "cg-door-queue-" + slug;
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

  function read(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function write(key, value) {
    window.localStorage.setItem(key, JSON.stringify(value));
  }

  function queue() {
    var items = read(QUEUE, []);
    return Array.isArray(items) ? items : [];
  }

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

  function token(item) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : item.csrf;
  }

  /* "done" (checked in now or before), "refused" (do not retry) or "later" (keep it). */
  function send(item) {
    return window
      .fetch(root.getAttribute("data-sync"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token(item), Accept: "application/json" },
        body: JSON.stringify({ code: item.code, at: item.at })
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

  function forget(code) {
    write(QUEUE, queue().filter(function (other) {
      return other.code !== code;
    }));
  }

  var flushing = false;

  function flush() {
    var items = queue();
    if (flushing || navigator.onLine === false) {
      show();
      return;
    }
    if (!items.length) {
      refresh();
      return;
    }
    flushing = true;
    var sent = 0;
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return send(item).then(function (result) {
          if (result.outcome === "later") {
            return;
          }
          forget(item.code);
          if (result.outcome === "done") {
            sent += 1;
          } else {
            say(item.code + ": " + ((result.body && result.body.message) || ""), true);
          }
        });
      });
    });
    chain.then(function () {
      flushing = false;
      if (sent) {
        say(text("synced").replace("%(n)s", String(sent)));
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
      var items = queue().filter(function (other) {
        return other.code !== code;
      });
      items.push(item);
      write(QUEUE, items);
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
    send(item).then(function (result) {
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
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });
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
