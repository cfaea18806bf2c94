// Progressive enhancement of the losses form: add and remove entries without a page reload.
// Without this script the same buttons submit the form and the server redraws it.
(function () {
  "use strict";

  function renumber(section) {
    section.querySelectorAll("[data-rows] [data-row]").forEach(function (row, index) {
      var number = row.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
    });
  }

  function nextIndex(section) {
    var max = -1;
    section.querySelectorAll("[data-rows] [data-remove-row]").forEach(function (button) {
      var index = parseInt(button.value.split(":")[1], 10);
      if (!isNaN(index) && index > max) { max = index; }
    });
    return max + 1;
  }

  function addRow(section) {
    var template = section.querySelector("template[data-row-template]");
    var rows = section.querySelector("[data-rows]");
    if (!template || !rows) { return; }
    var html = template.innerHTML.replace(/__index__/g, String(nextIndex(section)));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    renumber(section);
    var first = row.querySelector("input, select");
    if (first) { first.focus(); }
  }

  function removeRow(section, row) {
    var rows = section.querySelectorAll("[data-rows] [data-row]");
    if (rows.length <= 1) {
      // Keep one entry to type into: clear it instead of removing it.
      row.querySelectorAll("input[type=text], input[type=time], input:not([type]), select").forEach(function (el) { el.value = ""; });
      row.querySelectorAll("input[type=checkbox]").forEach(function (el) { el.checked = false; });
      return;
    }
    row.parentNode.removeChild(row);
    renumber(section);
    var add = section.querySelector("[data-add-row]");
    if (add) { add.focus(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row], [data-remove-row]");
    if (!button) { return; }
    var section = button.closest("[data-kind]");
    if (!section) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-add-row")) {
      addRow(section);
    } else {
      removeRow(section, button.closest("[data-row]"));
    }
  });

  // One submission per click: a second click while the first is on its way does nothing.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-submit-once]");
    if (!button) { return; }
    if (button.getAttribute("aria-disabled") === "true") { event.preventDefault(); return; }
    button.setAttribute("aria-disabled", "true");
  });
})();
