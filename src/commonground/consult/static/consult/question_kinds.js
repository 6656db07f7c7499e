// The survey builder's question form: show only the answer settings the chosen kind uses.
// Without JavaScript every field shows, each with a hint naming the kinds that use it; the
// server ignores fields the chosen kind does not use either way.
(function () {
  "use strict";
  function update(form) {
    var checked = form.querySelector('input[name="kind"]:checked');
    var kind = checked ? checked.value : "";
    form.querySelectorAll(".cg-kind-field[data-kinds]").forEach(function (box) {
      var kinds = box.getAttribute("data-kinds").split(" ");
      box.hidden = kind !== "" && kinds.indexOf(kind) === -1;
    });
  }
  document.querySelectorAll("form[data-question-kinds]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") update(form);
    });
    update(form);
  });
})();
