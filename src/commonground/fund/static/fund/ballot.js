// The ballot's sticky summary, kept current as the voter ticks: money chosen and left in each
// pot, points given, projects chosen, and a message the moment the ballot goes over its limit.
// The server fills the same figures on arrival, and its "Check my total" button does it without
// this script; casting an over-budget ballot is refused by the server either way.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  var summary = document.getElementById("ballot-summary");
  if (!form || !summary) return;
  var check = form.querySelector(".cg-no-js-only");
  if (check) check.hidden = true;
  var data = form.dataset;
  var type = data.ballotType;
  var grouping = parseInt(data.grouping, 10) || 0;

  // Money written as the server's `money` filter writes it (symbol, grouping, pence if any).
  function money(pence) {
    var whole = String(Math.floor(Math.abs(pence) / 100));
    var cents = Math.abs(pence) % 100;
    if (grouping > 0) {
      var out = "";
      while (whole.length > grouping) {
        out = (data.thousands || ",") + whole.slice(-grouping) + out;
        whole = whole.slice(0, -grouping);
      }
      whole += out;
    }
    var text = (data.moneySymbol || "") + whole;
    if (cents) text += (data.decimal || ".") + (cents < 10 ? "0" : "") + cents;
    return (pence < 0 ? "-" : "") + text;
  }

  function pence(value) {
    return Math.round(parseFloat(value) * 100) || 0;
  }

  function fill(scope, slot, text) {
    scope.querySelectorAll('[data-slot="' + slot + '"]').forEach(function (el) {
      el.textContent = text;
    });
  }

  function flag(scope, over) {
    var message = scope.querySelector("[data-over]");
    if (message) message.hidden = !over;
    return over;
  }

  function update() {
    var over = false;
    var count = 0;
    if (type === "approval_budget") {
      var spent = {};
      form.querySelectorAll("input[name=projects]:checked").forEach(function (box) {
        spent[box.dataset.pot] = (spent[box.dataset.pot] || 0) + pence(box.dataset.cost);
        count += 1;
      });
      summary.querySelectorAll("[data-pot]").forEach(function (pot) {
        var budget = pence(pot.dataset.budget);
        var used = spent[pot.dataset.pot] || 0;
        fill(pot, "spent", money(used));
        fill(pot, "left", money(Math.max(budget - used, 0)));
        fill(pot, "over", money(Math.max(used - budget, 0)));
        over = flag(pot, used > budget) || over;
      });
    } else if (type === "points") {
      var total = parseInt(data.pointsTotal, 10) || 0;
      var given = 0;
      form.querySelectorAll("[data-points]").forEach(function (input) {
        var points = parseInt(input.value, 10) || 0;
        given += points;
        if (points) count += 1;
      });
      fill(summary, "given", String(given));
      fill(summary, "left", String(Math.max(total - given, 0)));
      over = flag(summary, total > 0 && given > total);
    } else {
      var k = parseInt(data.maxChoices, 10) || 0;
      count = type === "ranking_k"
        ? Array.prototype.filter.call(form.querySelectorAll("[data-rank]"), function (s) { return s.value; }).length
        : form.querySelectorAll("input[name=projects]:checked").length;
      over = flag(summary, k > 0 && count > k);
    }
    fill(summary, "count", String(count));
    summary.classList.toggle("cg-ballot-summary--over", over);
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
