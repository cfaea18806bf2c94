// A page that comes back with errors: move the focus to the summary at the top, so that a screen reader
// reads it first and a keyboard user starts from its links (the page title already starts with "오류:").
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
