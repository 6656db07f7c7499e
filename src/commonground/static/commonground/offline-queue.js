/* What an app needs to work without a connection, shared by the mixing-challenges app
   (challenges/app.js) and the events door page (involved/door.js): a queue of things to send,
   kept on the phone (localStorage) while there is no network; the JSON POST that sends one
   (with Django's CSRF token), answered "done", "refused" or "later"; and a flush that sends
   what waits when the phone is back online or the page is shown again.

   Each app says how to send an item (`url`, `body`) and what makes two items the same
   (`id`): an item kept again replaces the one with the same id, so it is sent once. The
   server must be idempotent on that id, as a lost answer means the item is sent again.

   Loaded before the app's own script (both `defer`), it puts `CommonGround.offlineQueue`
   on the page. */
(function () {
  "use strict";

  var CommonGround = (window.CommonGround = window.CommonGround || {});

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

  function cookie(name) {
    var found = document.cookie.split(";").filter(function (part) {
      return part.trim().indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.trim().slice(name.length + 1)) : "";
  }

  /* Django's CSRF token: the cookie (always the current one, even on a page the service
     worker kept from before the person signed in), else the page's form, else the one kept
     with the item when it was made. */
  function token(item) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return cookie("csrftoken") || (field ? field.value : "") || (item && item.csrf) || "";
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

  /* POST `payload` as JSON. "done" (201 made, 200 made before), "refused" (another 4xx with
     a JSON answer: the server said no, do not retry), or "later" (no network, a server
     error, an answer that is not JSON such as a sign-in page: keep it). */
  function post(url, payload, item) {
    return window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token(item), Accept: "application/json" },
        body: JSON.stringify(payload)
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

  /* Call `fn` when the network comes back and when the page is shown again. */
  function whenBack(fn) {
    window.addEventListener("online", fn);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        fn();
      }
    });
  }

  /* A queue kept under localStorage `options.key`. options.url: where items are sent;
     options.body(item): the JSON sent; options.id(item): what makes two items the same;
     options.changed(items), optional: called whenever the queue is stored. */
  function offlineQueue(options) {
    var flushing = false;

    function load() {
      var items = read(options.key, []);
      return Array.isArray(items) ? items : [];
    }

    function store(items) {
      write(options.key, items);
      if (options.changed) {
        options.changed(items);
      }
    }

    function others(id) {
      return load().filter(function (other) {
        return options.id(other) !== id;
      });
    }

    var api = {
      load: load,
      store: store,
      /* Keep `item` to send later, in place of one with the same id. */
      keep: function (item) {
        var items = others(options.id(item));
        items.push(item);
        store(items);
      },
      forget: function (id) {
        store(others(id));
      },
      busy: function () {
        return flushing;
      },
      send: function (item, extra) {
        return post(options.url, Object.assign(options.body(item), extra || {}), item);
      },
      /* Send every item waiting, one after another; an item done or refused is forgotten and
         passed to `each(item, result)`, one for later stays. Resolves with how many were
         done, or null when it did not run (no network, or a flush already running). */
      flush: function (each) {
        if (flushing || navigator.onLine === false) {
          return Promise.resolve(null);
        }
        flushing = true;
        var sent = 0;
        var chain = Promise.resolve();
        load().forEach(function (item) {
          chain = chain.then(function () {
            return api.send(item).then(function (result) {
              if (result.outcome === "later") {
                return;
              }
              api.forget(options.id(item));
              if (result.outcome === "done") {
                sent += 1;
              }
              if (each) {
                each(item, result);
              }
            });
          });
        });
        return chain.then(
          function () {
            flushing = false;
            return { sent: sent };
          },
          function (error) {
            flushing = false;
            throw error;
          }
        );
      }
    };
    return api;
  }

  offlineQueue.read = read;
  offlineQueue.write = write;
  offlineQueue.token = token;
  offlineQueue.uuid = uuid;
  offlineQueue.post = post;
  offlineQueue.whenBack = whenBack;
  CommonGround.offlineQueue = offlineQueue;
})();
