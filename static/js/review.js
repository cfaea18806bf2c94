// Progressive enhancement of the decision form: show the amount field only for "adjust" and the reason
// only for "reject". Without JavaScript every field stays visible and the server checks what is needed.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function update(line) {
    var checked = line.querySelector(".js-outcome:checked");
    var outcome = checked ? checked.value : "accepted";
    var adjust = line.querySelector(".line__adjust");
    var reject = line.querySelector(".line__reject");
    if (adjust) { adjust.hidden = outcome !== "adjusted"; }
    if (reject) { reject.hidden = outcome !== "rejected"; }
  }
  document.querySelectorAll("fieldset.line").forEach(function (line) {
    update(line);
    line.addEventListener("change", function () { update(line); });
  });
})();
