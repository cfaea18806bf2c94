// Progressive enhancement of the letters dashboard: refresh the counts every few seconds while letters are due.
(function () {
  "use strict";
  var box = document.getElementById("letters-progress");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-url");
  function busy() {
    var pending = box.querySelector('[data-count="pending"]');
    var queued = box.querySelector('[data-count="queued"]');
    return (pending && pending.textContent !== "0") || (queued && queued.textContent !== "0");
  }
  function update(data) {
    Object.keys(data).forEach(function (key) {
      var el = box.querySelector('[data-count="' + key + '"]');
      if (el && data[key] !== null) { el.textContent = String(data[key]); }
    });
    var bar = document.getElementById("letters-done");
    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
  }
  function tick() {
    if (!busy()) { return; }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { update(data); } window.setTimeout(tick, 3000); })
      .catch(function () { window.setTimeout(tick, 10000); });
  }
  window.setTimeout(tick, 3000);
})();
