// An image field of an admin form (images/widgets.py: the article's lead image, a contributor's portrait): shows the chosen image's thumbnail, alt text and
// credit at once, before the form is saved, with "Bild auswählen", "Ändern" and "Entfernen"; a picture file
// dropped on the field opens the chooser's upload with that file. Without this script the field stays the
// image's number with a link to the library.
import { element } from "./dom.js";
import { chooseImage } from "./image-chooser.js";

function setUp(box) {
  const input = box.querySelector(".nr-image-field__id");
  const preview = box.querySelector(".nr-image-field__preview");
  let thumbnail = box.querySelector(".nr-image-field__thumbnail");
  const url = box.dataset.chooser;
  input.type = "hidden";
  box.querySelector(".nr-image-field__library").hidden = true;

  // The field's label names the whole group (the number input it belonged to is hidden now).
  const label = document.querySelector(`label[for="${input.id}"]`);
  // The field's name for the dialog's title and the announcements: "Aufmacherbild", "Porträt".
  const name = label?.textContent.trim().replace(/:$/, "") || "Bild";
  if (label) {
    label.id = label.id || `${input.id}_beschriftung`;
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", label.id);
  }

  const choose = element("button", { type: "button", className: "button", textContent: "Bild auswählen" });
  const change = element("button", { type: "button", className: "button", textContent: "Ändern" });
  const remove = element("button", { type: "button", className: "button", textContent: "Entfernen" });
  const hint = element("p", { className: "nr-image-field__hint", textContent: "… oder eine Bilddatei hierher ziehen." });
  const status = element("p", { className: "nr-image-field__status", role: "status" });
  box.append(element("div", { className: "nr-image-field__actions" }, [choose, change, remove, hint]), status);

  const refresh = () => {
    const chosen = Boolean(input.value);
    preview.hidden = !chosen;
    choose.hidden = chosen;
    change.hidden = remove.hidden = !chosen;
  };

  const show = (image) => {
    input.value = String(image.id);
    if (thumbnail.tagName !== "IMG") {
      // The former choice was a picture whose licence had ended: its note makes way for the new thumbnail.
      const picture = element("img", { className: "nr-admin-preview nr-image-field__thumbnail", width: 160 });
      thumbnail.replaceWith(picture);
      thumbnail = picture;
    }
    thumbnail.src = image.thumbnail;
    thumbnail.alt = image.alt_text;
    box.querySelector(".nr-image-field__alt").textContent = image.alt_text || "–";
    box.querySelector(".nr-image-field__credit").textContent = image.credit || "–";
    box.querySelector(".nr-image-field__caption").textContent = image.caption || "–";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    refresh();
    status.textContent = `${name} gewählt: ${image.alt_text}. Es wird beim Speichern übernommen.`;
    change.focus();
  };

  const open = async (file = null) => {
    const image = await chooseImage({ url, file, title: `${name} auswählen` });
    if (image) show(image);
    else (input.value ? change : choose).focus();
  };

  choose.addEventListener("click", () => open());
  change.addEventListener("click", () => open());
  remove.addEventListener("click", () => {
    input.value = "";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    refresh();
    status.textContent = `${name} entfernt. Nach dem Speichern ist kein Bild mehr gewählt.`;
    choose.focus();
  });

  box.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    box.classList.add("nr-image-field--over");
  });
  box.addEventListener("dragleave", () => box.classList.remove("nr-image-field--over"));
  box.addEventListener("drop", (event) => {
    box.classList.remove("nr-image-field--over");
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    open(file);
  });
  refresh();
}

document.querySelectorAll(".nr-image-field[data-chooser]").forEach(setUp);
