// Running total for the ballot: how much of the budget (or how many points/choices) is used.
// The page works without this script: its "Check my total" button asks the server instead.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  if (!form) return;
  var check = form.querySelector(".cg-no-js-only");
  if (check) check.hidden = true;
  var type = form.dataset.ballotType;
  var lang = document.documentElement.lang || "en";
  var money = new Intl.NumberFormat(lang, { style: "currency", currency: form.dataset.currency || "GBP", maximumFractionDigits: 0 });

  function update() {
    if (type === "approval_budget") {
      var spent = {};
      form.querySelectorAll("input[name=projects]:checked").forEach(function (box) {
        spent[box.dataset.pot] = (spent[box.dataset.pot] || 0) + parseFloat(box.dataset.cost);
      });
      form.querySelectorAll("[data-pot-total]").forEach(function (line) {
        var budget = parseFloat(line.dataset.budget);
        var used = spent[line.dataset.potTotal] || 0;
        line.textContent = line.dataset.labelTemplate
          .replace("£SPENT", money.format(used)).replace("£BUDGET", money.format(budget));
        line.classList.toggle("govuk-error-message", used > budget);
      });
    } else if (type === "points") {
      var total = parseInt(form.dataset.pointsTotal, 10) || 0, given = 0;
      form.querySelectorAll("[data-points]").forEach(function (input) {
        given += parseInt(input.value, 10) || 0;
      });
      var left = form.querySelector("[data-points-left]");
      if (left) {
        left.textContent = (total - given) + " / " + total;
        left.classList.toggle("govuk-error-message", given > total);
      }
    } else {
      var k = parseInt(form.dataset.maxChoices, 10) || 0;
      var n = type === "ranking_k"
        ? Array.prototype.filter.call(form.querySelectorAll("[data-rank]"), function (s) { return s.value; }).length
        : form.querySelectorAll("input[name=projects]:checked").length;
      var line = form.querySelector("[data-count-total]");
      if (line) {
        line.textContent = n + " / " + k;
        line.classList.toggle("govuk-error-message", k && n > k);
      }
    }
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
