// Keyword autocomplete for the comma-separated "Stichwörter" field: suggests existing keywords for
// the word being typed, through a native <datalist>, so editors reuse keywords instead of near-duplicates.
"use strict";
(function () {
  function setUp(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "_suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var current = parts.pop().trim();
        if (current.length < 2) {
          list.replaceChildren();
          return;
        }
        var done = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        var url = input.dataset.keywordSuggestions + "?q=" + encodeURIComponent(current);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (name) {
              var option = document.createElement("option");
              option.value = done.concat([name]).join(", ");
              return option;
            }));
          });
      }, 150);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-keyword-suggestions]").forEach(setUp);
  });
})();
