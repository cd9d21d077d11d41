// The article form's workflow buttons: „Zurückziehen“ asks first (it takes the article off the site), and
// „Veröffentlichen“ reads „Planen“ while the publication time typed into the form lies ahead. Only the words change:
// the server decides what happens and says so afterwards (articles/admin_workflow.py).
(function () {
  "use strict";
  for (const asking of document.querySelectorAll('button[name="_aktion"][data-confirm]')) {
    asking.addEventListener("click", (event) => {
      if (!window.confirm(asking.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }

  const button = document.querySelector('button[name="_aktion"][data-later]');
  const date = document.getElementById("id_published_at_0");
  const time = document.getElementById("id_published_at_1");
  if (!button || !date || !time) {
    return;
  }

  function typedMoment() {
    const day = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{2,4})\s*$/.exec(date.value);
    if (!day) {
      return null;
    }
    const clock = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(time.value) || [null, "0", "0", "0"];
    const year = day[3].length === 2 ? 2000 + Number(day[3]) : Number(day[3]);
    return new Date(year, Number(day[2]) - 1, Number(day[1]), Number(clock[1]), Number(clock[2]), Number(clock[3] || 0));
  }

  function update() {
    const moment = typedMoment();
    button.textContent = moment && moment > new Date() ? button.dataset.later : button.dataset.now;
  }

  for (const field of [date, time]) {
    field.addEventListener("input", update);
    field.addEventListener("change", update);
  }
  // Django's „Heute“/„Jetzt“ links and calendar set the value without an event of the field.
  document.addEventListener("click", () => window.setTimeout(update, 0));
  update();
})();
