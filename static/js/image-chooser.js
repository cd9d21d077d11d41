// The image chooser: one German <dialog> for the article form's lead image (admin-image-field.js) and the body
// editor's picture button (prose-newsroom.js). It searches the library by alt text, caption and credit, page by
// page with thumbnails; uploads a new picture with its alt text and credit (the server checks it exactly as the
// image admin does: images/chooser.py); and asks for a missing alt text or credit before an image is used.
//
//   const image = await chooseImage({ url, file, title })  // null when the editor cancels
//
// `url` is the chooser's address (images/chooser.py: search; `<id>/`, `<id>/angaben/`, `hochladen/` below it),
// `file` a dropped file to upload, `title` the dialog's ("Aufmacherbild auswählen"). Everything the server
// sends is set as text, never as markup. No inline script or style: the page's CSP allows neither.
import { element } from "./dom.js";

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif";
const FIELDS = { alt_text: "Alternativtext", credit: "Bildquelle", caption: "Bildunterschrift" };
const HELP = {
  alt_text: "Beschreibt, was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können.",
  credit: "Urheber oder Rechteinhaber; erscheint als „Bild: …“.",
  caption: "Standard-Bildunterschrift; ein Beitrag kann eine eigene angeben.",
};
const TITLE = "Bild auswählen";
const STYLESHEET = new URL("../css/image-chooser.css", import.meta.url).href;

const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";

class ChooserError extends Error {}

async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(), ...(options.headers || {}) },
      ...options,
    });
  } catch {
    throw new ChooserError("Der Server ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.");
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("application/json")) {
    throw new ChooserError(
      response.redirected || response.status === 403
        ? "Ihre Anmeldung ist abgelaufen. Bitte laden Sie die Seite neu und melden Sie sich wieder an."
        : "Der Server hat nicht geantwortet wie erwartet. Bitte versuchen Sie es noch einmal.",
    );
  }
  const data = await response.json();
  if (data.error) throw new ChooserError(data.error);
  return { ok: response.ok, data };
}

let chooser = null;

class Chooser {
  constructor() {
    this.resolve = null;
    this.url = "";
    this.page = 1;
    this.results = [];
    this.selected = null;
    this.timer = null;
    this.searching = null;
    this.build();
  }

  build() {
    // Forms without an image field (static pages) have the body editor's picture button only.
    if (![...document.styleSheets].some((sheet) => sheet.href === STYLESHEET)) {
      document.head.append(element("link", { rel: "stylesheet", href: STYLESHEET }));
    }
    const id = "nr-chooser";
    this.title = element("h2", { id: `${id}-titel`, className: "nr-chooser__title", textContent: TITLE });
    const close = element("button", {
      type: "button",
      className: "nr-chooser__close",
      textContent: "×",
      title: "Schließen",
      "aria-label": "Schließen",
    });
    close.addEventListener("click", () => this.finish(null));

    const tab = (panel, text) =>
      element("button", {
        type: "button",
        role: "tab",
        id: `${id}-reiter-${panel}`,
        className: "nr-chooser__tab",
        textContent: text,
        "aria-controls": `${id}-${panel}`,
      });
    this.tabs = { search: tab("suche", "Bildbibliothek"), upload: tab("hochladen", "Neues Bild hochladen") };
    const tablist = element("div", { role: "tablist", className: "nr-chooser__tabs", "aria-label": "Bildquelle wählen" }, [
      this.tabs.search,
      this.tabs.upload,
    ]);
    tablist.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) this.show(tab === this.tabs.upload ? "upload" : "search");
    });
    tablist.addEventListener("keydown", (event) => {
      if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
      event.preventDefault();
      const next = this.tabs.search.getAttribute("aria-selected") === "true" ? "upload" : "search";
      this.show(next);
      this.tabs[next].focus();
    });

    this.status = element("p", { className: "nr-chooser__status", role: "status" });
    this.panels = { search: this.buildSearch(id), upload: this.buildUpload(id) };
    this.dialog = element("dialog", { className: "nr-chooser", "aria-labelledby": this.title.id }, [
      element("div", { className: "nr-chooser__head" }, [this.title, close]),
      tablist,
      this.panels.search,
      this.panels.upload,
      this.status,
    ]);
    this.dialog.addEventListener("close", () => this.finish(null));
    // A file dropped anywhere on the dialog is uploaded there.
    this.dialog.addEventListener("dragover", (event) => {
      if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
    });
    this.dialog.addEventListener("drop", (event) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      this.takeFile(file);
    });
    document.body.append(this.dialog);
  }

  buildSearch(id) {
    this.query = element("input", {
      type: "search",
      id: `${id}-suchtext`,
      className: "vTextField",
      autocomplete: "off",
      placeholder: "z. B. Rathaus oder Pressestelle",
    });
    const form = element("form", { role: "search", className: "nr-chooser__search" }, [
      element("label", { for: this.query.id, textContent: "Suchen in Alternativtext, Bildunterschrift und Bildquelle" }),
      this.query,
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.search(1);
    });
    this.query.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(1), 250);
    });
    this.list = element("ul", { className: "nr-chooser__results", "aria-label": "Bilder der Bibliothek" });
    this.list.addEventListener("click", (event) => {
      const item = event.target.closest("button[data-index]");
      if (item) this.select(Number(item.dataset.index));
    });
    this.list.addEventListener("dblclick", (event) => {
      const item = event.target.closest("button[data-index]");
      if (item && !this.results[Number(item.dataset.index)].missing.length) this.use();
    });
    this.previous = element("button", { type: "button", className: "button", textContent: "Vorherige Seite" });
    this.next = element("button", { type: "button", className: "button", textContent: "Nächste Seite" });
    this.pageInfo = element("span", { className: "nr-chooser__page" });
    this.previous.addEventListener("click", () => this.search(this.page - 1));
    this.next.addEventListener("click", () => this.search(this.page + 1));
    const pages = element("nav", { className: "nr-chooser__pages", "aria-label": "Seiten der Bildbibliothek" }, [
      this.previous,
      this.pageInfo,
      this.next,
    ]);
    this.details = element("section", { className: "nr-chooser__details", "aria-label": "Gewähltes Bild" });
    return element(
      "section",
      { id: `${id}-suche`, role: "tabpanel", className: "nr-chooser__panel", "aria-labelledby": this.tabs.search.id },
      [form, element("div", { className: "nr-chooser__browse" }, [element("div", {}, [this.list, pages]), this.details])],
    );
  }

  buildUpload(id) {
    // The browser's own file button speaks the browser's language: it is hidden behind a German label.
    this.file = element("input", {
      type: "file",
      id: `${id}-datei`,
      name: "file",
      accept: ACCEPT,
      className: "nr-chooser__file",
      "aria-describedby": `${id}-datei-info`,
    });
    this.fileInfo = element("p", { id: `${id}-datei-info`, className: "nr-chooser__file-info" });
    this.file.addEventListener("change", () => this.describeFile());
    this.dropZone = element("div", { className: "nr-chooser__drop" }, [
      this.file,
      element("label", { for: this.file.id, className: "button", textContent: "Bilddatei auswählen (JPEG, PNG, WebP oder GIF)" }),
      element("p", { textContent: "… oder die Datei hierher ziehen." }),
      this.fileInfo,
    ]);
    for (const type of ["dragenter", "dragover"]) {
      this.dropZone.addEventListener(type, () => this.dropZone.classList.add("nr-chooser__drop--over"));
    }
    for (const type of ["dragleave", "drop"]) {
      this.dropZone.addEventListener(type, () => this.dropZone.classList.remove("nr-chooser__drop--over"));
    }
    this.uploadForm = element("form", { className: "nr-chooser__upload", noValidate: true }, [
      this.dropZone,
      ...this.fields(`${id}-neu`, { alt_text: true, credit: true, caption: false }),
      element("p", { className: "errornote", role: "alert", hidden: true }),
      element("div", { className: "nr-chooser__actions" }, [
        element("button", { type: "submit", className: "button default", textContent: "Hochladen und verwenden" }),
      ]),
    ]);
    this.uploadForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.upload();
    });
    return element(
      "section",
      { id: `${id}-hochladen`, role: "tabpanel", className: "nr-chooser__panel", "aria-labelledby": this.tabs.upload.id },
      [this.uploadForm],
    );
  }

  // Labelled text fields with help and a place for the server's error message.
  fields(prefix, wanted, values = {}) {
    return Object.entries(wanted).map(([name, required]) => {
      const id = `${prefix}-${name}`;
      const input = element("input", {
        type: "text",
        id,
        name,
        className: "vTextField",
        value: values[name] || "",
        "aria-required": required ? "true" : undefined,
        "aria-describedby": `${id}-hilfe`,
      });
      return element("div", { className: "nr-chooser__field" }, [
        element("label", { for: id, textContent: required ? `${FIELDS[name]} (Pflicht)` : FIELDS[name] }),
        input,
        element("p", { id: `${id}-hilfe`, className: "help", textContent: HELP[name] }),
        element("p", { id: `${id}-fehler`, className: "nr-chooser__error", hidden: true }),
      ]);
    });
  }

  showErrors(form, errors) {
    const general = form.querySelector(".errornote");
    form.querySelectorAll(".nr-chooser__error").forEach((node) => {
      node.hidden = true;
      node.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
    const left = [];
    let first = null;
    for (const [name, messages] of Object.entries(errors || {})) {
      const input = form.elements[name];
      const place = input && form.querySelector(`#${CSS.escape(input.id)}-fehler`);
      if (place) {
        place.textContent = messages.join(" ");
        place.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${input.id}-fehler ${input.id}-hilfe`);
        first = first || input;
      } else if (name === "file") {
        this.fileInfo.textContent = messages.join(" ");
        this.fileInfo.classList.add("nr-chooser__error");
        this.file.setAttribute("aria-invalid", "true");
        first = first || this.file;
      } else left.push(...messages);
    }
    // The note is an alert: read out once, without the status line repeating it.
    general.textContent = left.join(" ") || (Object.keys(errors || {}).length ? "Bitte prüfen Sie die markierten Angaben." : "");
    general.hidden = !general.textContent;
    this.announce("");
    first?.focus();
  }

  announce(text) {
    this.status.textContent = text;
  }

  open({ url, file, title }) {
    this.url = url.endsWith("/") ? url : `${url}/`;
    this.title.textContent = title;
    this.query.value = "";
    this.uploadForm.reset();
    this.describeFile();
    this.showErrors(this.uploadForm, {});
    this.announce("");
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.dialog.showModal();
      if (file) this.takeFile(file);
      else {
        this.show("search");
        this.query.focus();
        this.search(1);
      }
    });
  }

  finish(image) {
    const resolve = this.resolve;
    this.resolve = null;
    if (this.dialog.open) this.dialog.close();
    if (resolve) resolve(image);
  }

  show(name) {
    for (const [key, tab] of Object.entries(this.tabs)) {
      const active = key === name;
      tab.setAttribute("aria-selected", String(active));
      tab.tabIndex = active ? 0 : -1;
      this.panels[key].hidden = !active;
    }
  }

  takeFile(file) {
    const files = new DataTransfer();
    files.items.add(file);
    this.file.files = files.files;
    this.show("upload");
    this.describeFile();
    this.uploadForm.elements.alt_text.focus();
  }

  describeFile() {
    const file = this.file.files[0];
    this.fileInfo.classList.remove("nr-chooser__error");
    this.file.removeAttribute("aria-invalid");
    this.fileInfo.textContent = file
      ? `Gewählt: ${file.name} (${new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 }).format(file.size / 1048576)} MB)`
      : "Noch keine Datei gewählt.";
  }

  // --- the library ---

  async search(page) {
    if (page < 1) return;
    const text = this.query.value;
    const address = `${this.url}?${new URLSearchParams({ q: text, seite: String(page) })}`;
    const asked = (this.searching = Symbol("suche"));
    this.list.setAttribute("aria-busy", "true");
    try {
      const { data } = await request(address);
      if (asked !== this.searching) return;
      this.page = data.page || 1;
      this.results = data.results || [];
      this.pageInfo.textContent = data.pages > 1 ? `Seite ${this.page} von ${data.pages}` : "";
      this.previous.hidden = this.next.hidden = !(data.pages > 1);
      this.previous.disabled = this.page <= 1;
      this.next.disabled = this.page >= data.pages;
      this.renderResults();
      this.announce(data.message || "");
    } catch (error) {
      if (asked === this.searching) this.announce(error.message);
    } finally {
      if (asked === this.searching) this.list.removeAttribute("aria-busy");
    }
  }

  renderResults() {
    this.selected = null;
    // The place of the chosen image's details stays where it is (a double click must hit what it clicked first).
    this.details.replaceChildren(
      element("p", { className: "help", textContent: "Klicken Sie auf ein Bild, um seine Angaben zu sehen und es zu verwenden." }),
    );
    this.list.replaceChildren(
      ...this.results.map((image, index) => {
        const parts = [
          image.thumbnail
            ? element("img", { src: image.thumbnail, alt: "", loading: "lazy" })
            : element("span", { className: "nr-chooser__no-thumbnail", textContent: "Vorschau folgt" }),
          element("span", { className: "nr-chooser__alt", textContent: image.alt_text || "Ohne Alternativtext" }),
          element("span", { className: "nr-chooser__credit", textContent: `Bild: ${image.credit || "–"}` }),
        ];
        if (image.missing.length) {
          const names = image.missing.map((field) => FIELDS[field]).join(" und ");
          parts.push(element("span", { className: "nr-chooser__missing", textContent: `${names} fehlt` }));
        }
        return element("li", {}, [
          element("button", {
            type: "button",
            className: "nr-chooser__item",
            "data-index": String(index),
            "aria-pressed": "false",
          }, parts),
        ]);
      }),
    );
  }

  select(index) {
    this.selected = this.results[index];
    this.list.querySelectorAll("button[data-index]").forEach((button) => {
      button.setAttribute("aria-pressed", String(Number(button.dataset.index) === index));
    });
    const image = this.selected;
    const facts = element("dl", {}, [
      element("dt", { textContent: "Alternativtext" }),
      element("dd", { textContent: image.alt_text || "–" }),
      element("dt", { textContent: "Bildquelle" }),
      element("dd", { textContent: image.credit || "–" }),
      element("dt", { textContent: "Bildunterschrift" }),
      element("dd", { textContent: image.caption || "–" }),
      element("dt", { textContent: "Lizenz" }),
      element("dd", { textContent: image.licence }),
      element("dt", { textContent: "Größe" }),
      element("dd", { textContent: image.width ? `${image.width} × ${image.height} Pixel` : "–" }),
    ]);
    const children = [element("h3", { textContent: "Gewähltes Bild" })];
    if (image.thumbnail) children.push(element("img", { src: image.thumbnail, alt: "" }));
    children.push(facts);
    if (image.missing.length) {
      // Neither an alt text nor a credit may be missing where readers see the picture: asked for here.
      const form = element("form", { className: "nr-chooser__complete", noValidate: true }, [
        element("p", {
          textContent:
            "Bevor Sie dieses Bild verwenden, ergänzen Sie bitte, was fehlt; es wird in der Bildbibliothek gespeichert.",
        }),
        ...this.fields("nr-chooser-ergaenzen", { alt_text: true, credit: true, caption: false }, image),
        element("p", { className: "errornote", role: "alert", hidden: true }),
        element("button", { type: "submit", className: "button default", textContent: "Angaben speichern und verwenden" }),
      ]);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.complete(form);
      });
      children.push(form);
    } else {
      const use = element("button", { type: "button", className: "button default", textContent: "Dieses Bild verwenden" });
      use.addEventListener("click", () => this.use());
      children.push(use);
    }
    this.details.replaceChildren(...children);
    this.announce(`Gewählt: ${image.alt_text || "Bild ohne Alternativtext"}.`);
  }

  async use() {
    if (!this.selected) return;
    try {
      const { data } = await request(`${this.url}${this.selected.id}/`);
      this.finish(data);
    } catch (error) {
      this.announce(error.message);
    }
  }

  async complete(form) {
    const body = new FormData(form);
    try {
      const { ok, data } = await request(`${this.url}${this.selected.id}/angaben/`, { method: "POST", body });
      if (!ok) this.showErrors(form, data.errors);
      else this.finish(data);
    } catch (error) {
      this.showErrors(form, { __all__: [error.message] });
    }
  }

  // --- a new picture ---

  async upload() {
    const form = this.uploadForm;
    const button = form.querySelector("button[type=submit]");
    if (!this.file.files.length) {
      this.showErrors(form, { file: ["Bitte wählen Sie eine Bilddatei aus."] });
      return;
    }
    button.disabled = true;
    this.announce("Das Bild wird hochgeladen und geprüft …");
    try {
      const { ok, data } = await request(`${this.url}hochladen/`, { method: "POST", body: new FormData(form) });
      if (!ok) this.showErrors(form, data.errors);
      else {
        this.announce("Das Bild ist in der Bildbibliothek gespeichert.");
        this.finish(data);
      }
    } catch (error) {
      this.showErrors(form, { __all__: [error.message] });
    } finally {
      button.disabled = false;
    }
  }
}

export function chooseImage({ url, file = null, title = TITLE }) {
  chooser = chooser || new Chooser();
  return chooser.open({ url, file, title });
}
