// Progressive enhancement of the decision form: show the amount field only for "adjust" and the reason
// only for "reject", and keep a running sum of the lines as entered in the sticky totals bar.
// Without JavaScript every field stays visible and the server checks what is needed.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var totalOut = document.querySelector(".js-entered-total");
  function lineAmount(line) {
    var checked = line.querySelector(".js-outcome:checked");
    var outcome = checked ? checked.value : "accepted";
    if (outcome === "rejected") { return 0; }
    if (outcome === "adjusted") {
      var input = line.querySelector(".line__adjust input");
      var value = input ? parseInt(input.value, 10) : NaN;
      return isNaN(value) ? 0 : value;
    }
    return parseInt(line.getAttribute("data-computed") || "0", 10) || 0;
  }
  function sum() {
    if (!totalOut) { return; }
    var total = 0;
    document.querySelectorAll("fieldset.line").forEach(function (line) { total += lineAmount(line); });
    totalOut.textContent = total.toLocaleString("en-US") + (totalOut.getAttribute("data-suffix") || "");
  }
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
    line.addEventListener("change", function () { update(line); sum(); });
    line.addEventListener("input", sum);
  });
  sum();
})();
