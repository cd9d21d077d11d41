// Keywords as chips in the article form: one chip per keyword, in the editor's order. A comma or the Enter key
// ends a keyword (a space never does); suggestions for the keyword being typed come from the existing ones, with
// how many published articles carry each; a chip goes with its × button or Backspace and moves by dragging, by
// its arrow buttons or with Alt+Arrow. The form still posts the plain text field, which works without this
// script: names separated by commas (articles/keywords.py reads it with the same rules as `parse` below).
// Names are only ever set as text, never as markup.
import { element } from "./dom.js";

const QUOTE = '"';

// --- the field's text, as articles/keywords.py reads and writes it -----------------------------------------

function closingQuote(text, position) {
  for (let found = text.indexOf(QUOTE, position); found !== -1; found = text.indexOf(QUOTE, found + 1)) {
    const rest = text.slice(found + 1).trimStart();
    if (!rest || rest.startsWith(",")) return found;
  }
  return -1;
}

function split(text) {
  const parts = [];
  let start = 0;
  while (start <= text.length) {
    const opening = start + (text.slice(start).length - text.slice(start).trimStart().length);
    if (text.startsWith(QUOTE, opening)) {
      const closing = closingQuote(text, opening + 1);
      if (closing !== -1) {
        parts.push(text.slice(opening + 1, closing));
        const comma = text.indexOf(",", closing);
        start = comma === -1 ? text.length + 1 : comma + 1;
        continue;
      }
    }
    const comma = text.indexOf(",", start);
    const end = comma === -1 ? text.length : comma;
    parts.push(text.slice(start, end));
    start = end + 1;
  }
  return parts;
}

const folded = (name) => name.toLocaleLowerCase("de");

function parse(text) {
  const names = [];
  const seen = new Set();
  for (const part of split(text || "")) {
    const name = part.trim();
    if (name && !seen.has(folded(name))) {
      seen.add(folded(name));
      names.push(name);
    }
  }
  return names;
}

const format = (names) =>
  names.map((name) => (name.includes(",") || name.startsWith(QUOTE) ? QUOTE + name + QUOTE : name)).join(", ");

// --- the chips ---------------------------------------------------------------------------------------------

const quoted = (name) => `„${name}“`;
const articles = (count) => (count === 1 ? "1 Beitrag" : `${count} Beiträge`);

function setUp(field) {
  let names = parse(field.value);
  let suggestions = [];
  let active = -1;
  let pending = null;
  let timer = null;
  let dragged = null;

  const inputId = `${field.id}_eingabe`;
  const listboxId = `${field.id}_vorschlaege`;
  const hintId = `${field.id}_bedienung`;
  const chips = element("ul", { className: "nr-chips__list", "aria-label": "Gewählte Stichwörter" });
  const input = element("input", {
    type: "text",
    id: inputId,
    className: "nr-chips__input vTextField",
    autocomplete: "off",
    spellcheck: true,
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listboxId,
    "aria-describedby": [field.getAttribute("aria-describedby"), hintId].filter(Boolean).join(" "),
  });
  const listbox = element("ul", { id: listboxId, className: "nr-chips__suggestions", role: "listbox", hidden: true });
  listbox.setAttribute("aria-label", "Vorhandene Stichwörter");
  const hint = element("p", {
    id: hintId,
    className: "nr-chips__hint",
    textContent:
      "Reihenfolge ändern: Stichwort ziehen, seine Pfeilknöpfe ◀ ▶ oder Alt+Pfeiltaste; die Rücktaste im leeren " +
      "Feld entfernt das letzte Stichwort.",
  });
  const status = element("p", { className: "nr-chips__status", role: "status" });
  const box = element("div", { className: "nr-chips" }, [chips, input, listbox, hint, status]);
  field.after(box);
  field.hidden = true;
  const label = document.querySelector(`label[for="${field.id}"]`);
  if (label) label.htmlFor = inputId;

  const announce = (text) => {
    status.textContent = text;
  };

  function store() {
    field.value = format(names);
  }

  function render(focus) {
    chips.replaceChildren(
      ...names.map((name, index) => {
        // The symbol is seen; the name (also the tooltip) says what the button does to which keyword.
        const button = (action, symbol, does, disabled = false) =>
          element("button", {
            type: "button",
            className: action === "remove" ? "nr-chip__remove" : "nr-chip__move",
            textContent: symbol,
            title: `${quoted(name)} ${does}`,
            disabled,
            "aria-label": `${quoted(name)} ${does}`,
            "data-action": action,
          });
        return element("li", { className: "nr-chip", draggable: true, "data-index": String(index) }, [
          button("front", "◀", "eine Stelle nach vorn", index === 0),
          element("span", { className: "nr-chip__name", textContent: name }),
          button("back", "▶", "eine Stelle nach hinten", index === names.length - 1),
          button("remove", "×", "entfernen"),
        ]);
      }),
    );
    store();
    if (focus) {
      const [index, action] = focus;
      const chip = chips.children[index];
      const wanted = chip && chip.querySelector(`[data-action="${action}"]`);
      const target = wanted && !wanted.disabled ? wanted : chip && chip.querySelector("button:not(:disabled)");
      (target || input).focus();
    }
  }

  function add(text) {
    for (const name of parse(text)) {
      const existing = names.findIndex((other) => folded(other) === folded(name));
      if (existing !== -1) {
        announce(`${quoted(names[existing])} ist schon dabei.`);
        continue;
      }
      names.push(name);
      announce(`${quoted(name)} hinzugefügt, Stelle ${names.length} von ${names.length}.`);
    }
    render();
  }

  function remove(index, focusAfter) {
    const [name] = names.splice(index, 1);
    announce(`${quoted(name)} entfernt.`);
    render(focusAfter && names.length ? [Math.min(index, names.length - 1), "remove"] : null);
    if (focusAfter && !names.length) input.focus();
  }

  function move(from, to, action) {
    if (to < 0 || to >= names.length || from === to) return;
    const [name] = names.splice(from, 1);
    names.splice(to, 0, name);
    announce(`${quoted(name)} jetzt an Stelle ${to + 1} von ${names.length}.`);
    render(action ? [to, action] : null);
  }

  // --- suggestions ---

  function close() {
    suggestions = [];
    active = -1;
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(results) {
    const chosen = new Set(names.map(folded));
    suggestions = results.filter((result) => !chosen.has(folded(result.name)));
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!suggestions.length) {
      close();
      return;
    }
    listbox.replaceChildren(
      ...suggestions.map((result, index) =>
        element("li", { id: `${listboxId}_${index}`, className: "nr-chips__option", role: "option" }, [
          element("span", { className: "nr-chips__option-name", textContent: result.name }),
          element("span", { className: "nr-chips__count", textContent: ` ${articles(result.count)}` }),
        ]),
      ),
    );
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    active = index;
    listbox.querySelectorAll("[role=option]").forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === index));
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", `${listboxId}_${index}`);
      listbox.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function ask(text) {
    if (pending) pending.abort();
    pending = new AbortController();
    const url = `${field.dataset.keywordSuggestions}?q=${encodeURIComponent(text)}`;
    fetch(url, { credentials: "same-origin", signal: pending.signal })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        if (input.value.trim() === text) show(data.results || []);
      })
      .catch(() => {});
  }

  function take(index) {
    add(format([suggestions[index].name]));
    input.value = "";
    close();
    input.focus();
  }

  // --- events ---

  input.addEventListener("input", () => {
    const parts = split(input.value);
    if (parts.length > 1) {
      input.value = parts.pop().trimStart();
      add(format(parts.map((part) => part.trim())));
    }
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      close();
      return;
    }
    timer = setTimeout(() => ask(text), 150);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (active >= 0) take(active);
      else if (input.value.trim()) {
        add(format([input.value.trim()]));
        input.value = "";
        close();
      }
    } else if (event.key === "ArrowDown" && suggestions.length) {
      event.preventDefault();
      highlight((active + 1) % suggestions.length);
    } else if (event.key === "ArrowUp" && suggestions.length) {
      event.preventDefault();
      highlight(active <= 0 ? suggestions.length - 1 : active - 1);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    } else if (event.key === "Backspace" && !input.value && names.length) {
      event.preventDefault();
      remove(names.length - 1, false);
    }
  });

  // Whatever is still typed when the editor leaves the field (or saves) becomes a keyword too.
  input.addEventListener("blur", () => {
    clearTimeout(timer);
    if (pending) pending.abort();
    if (input.value.trim()) {
      add(format([input.value.trim()]));
      input.value = "";
    }
    close();
  });

  // A click on a suggestion must not take the focus from the field first (that would end the typing).
  listbox.addEventListener("mousedown", (event) => event.preventDefault());
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) take([...listbox.children].indexOf(option));
  });

  chips.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const index = Number(button.closest(".nr-chip").dataset.index);
    const action = button.dataset.action;
    if (action === "remove") remove(index, true);
    else move(index, action === "front" ? index - 1 : index + 1, action);
  });

  chips.addEventListener("keydown", (event) => {
    const chip = event.target.closest(".nr-chip");
    if (!chip || !event.altKey || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
    event.preventDefault();
    const index = Number(chip.dataset.index);
    const action = event.target.dataset.action || "front";
    move(index, event.key === "ArrowLeft" ? index - 1 : index + 1, action);
  });

  chips.addEventListener("dragstart", (event) => {
    const chip = event.target.closest(".nr-chip");
    if (!chip) return;
    dragged = Number(chip.dataset.index);
    chip.classList.add("nr-chip--dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", names[dragged]);
  });
  chips.addEventListener("dragover", (event) => {
    if (dragged === null) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  });
  chips.addEventListener("drop", (event) => {
    if (dragged === null) return;
    event.preventDefault();
    const chip = event.target.closest(".nr-chip");
    let to = names.length - 1;
    if (chip) {
      const index = Number(chip.dataset.index);
      const box = chip.getBoundingClientRect();
      const after = event.clientX > box.left + box.width / 2;
      to = index + (after ? 1 : 0) - (index + (after ? 1 : 0) > dragged ? 1 : 0);
    }
    move(dragged, to, null);
    dragged = null;
  });
  chips.addEventListener("dragend", () => {
    dragged = null;
    chips.querySelectorAll(".nr-chip--dragged").forEach((chip) => chip.classList.remove("nr-chip--dragged"));
  });

  render();
}

document.querySelectorAll("input[data-keyword-suggestions]").forEach(setUp);
