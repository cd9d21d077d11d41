// The body editor's own extensions for django-prose-editor (core/richtext.py, settings.DJANGO_PROSE_EDITOR_EXTENSIONS),
// built on the package's public extension API, without changing the package:
//
// - Figure: the package's figure, whose picture button (and "insertFigure") opens the image library's chooser
//   (image-chooser.js) instead of a dialog asking for an address. It inserts a figure with the image's 960 px
//   rendition, its alt text and its caption; inside a figure it replaces the picture and keeps the caption. The
//   credit stays the library image's (the article's Bildquelle line shows it). Its caption button is German.
//   django-prose-editor takes an extension of this name from this module instead of its own.
// - NewsroomGerman: German names (title and aria-label) for every toolbar button, set through the menu API
//   (`menu.items()`), and a German link dialog. The package's own dialog texts go through `window.gettext`,
//   which it reads before this module loads; the dialogs used here are therefore ours.
import {
  BubbleMenu,
  canInsertNode,
  crel,
  Extension,
  Figure as PackageFigure,
  updateAttrsDialog,
} from "django-prose-editor/editor";

import { chooseImage } from "./image-chooser.js";

// Menu item name -> German name (the items of django-prose-editor's menu.js and of the extensions in use).
const LABELS = {
  heading1: "Überschrift 1",
  heading2: "Überschrift 2",
  heading3: "Überschrift 3",
  heading4: "Überschrift 4",
  paragraph: "Absatz",
  bulletList: "Aufzählung",
  orderedList: "Nummerierte Liste",
  orderedListProperties: "Listeneigenschaften",
  blockquote: "Zitat",
  horizontalRule: "Trennlinie",
  figure: "Bild aus der Bildbibliothek einfügen",
  bold: "Fett",
  italic: "Kursiv",
  underline: "Unterstrichen",
  strike: "Durchgestrichen",
  subscript: "Tiefgestellt",
  superscript: "Hochgestellt",
  link: "Link einfügen oder bearbeiten",
  unlink: "Link entfernen",
  "history:undo": "Rückgängig",
  "history:redo": "Wiederholen",
  "textClass:default": "Normaler Text",
  "textClass:lang-en": "Englisch",
};
// Every group the package's items and ours belong to.
const MENU_GROUPS = "blockType headings lists nodes marks link history textClass textAlign table utility";

function label(item, text) {
  if (item.button) {
    item.button.title = text;
    item.button.setAttribute("aria-label", text);
    // Text buttons (the language marks) show their name; icon buttons keep their icon.
    if (!item.button.classList.contains("material-icons")) item.button.textContent = text;
  }
  if (item.option) item.option.textContent = text;
}

// Links: address and title, in German. An empty address removes the link.
function linkDialog(editor) {
  const editing = editor.isActive("link");
  const attrs = editor.getAttributes("link");
  const fields = {
    href: { type: "string", title: "Adresse (https://… oder mailto:…)" },
    title: { type: "string", title: "Titel (erscheint als Hinweis beim Zeigen auf den Link; optional)" },
  };
  const dialog = updateAttrsDialog(fields, {
    title: editing ? "Link bearbeiten" : "Link einfügen",
    submitText: "Übernehmen",
  });
  dialog(editor, { href: attrs.href || "", title: attrs.title || "" }).then((values) => {
    if (!values) return;
    const href = values.href.trim();
    const chain = editor.chain().focus().extendMarkRange("link");
    if (!href) chain.unsetLink().run();
    else if (editing) chain.updateAttributes("link", { href, title: values.title.trim() || null }).run();
    else chain.setMark("link", { href, title: values.title.trim() || null }).run();
  });
}

export const NewsroomGerman = Extension.create({
  name: "newsroomGerman",
  // Last of all extensions: every other one has defined its menu items, and this link command wins.
  priority: 1,

  addMenuItems({ menu }) {
    for (const item of menu.items(MENU_GROUPS)) {
      if (LABELS[item.name]) label(item, LABELS[item.name]);
    }
  },

  addCommands() {
    return {
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) return false;
          linkDialog(editor);
          return true;
        },
    };
  },
});

// The figure around the selection (cursor in its caption, or the figure selected), else a selected bare picture.
function currentFigure(state) {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === "figure") return { node, pos: $from.before(depth), figure: true };
  }
  const node = state.selection.node;
  if (node?.type.name === "figure") return { node, pos: state.selection.from, figure: true };
  if (node?.type.name === "image") return { node, pos: state.selection.from, figure: false };
  return null;
}

const hasCaption = (found) => found.figure && found.node.childCount > 1;

async function insertPicture(editor, url) {
  const image = await chooseImage({ url, title: "Bild in den Text einfügen" });
  if (!image?.body) {
    editor.commands.focus();
    return;
  }
  const attrs = { src: image.body.src, alt: image.alt_text, width: image.body.width, height: image.body.height };
  const found = currentFigure(editor.state);
  if (found) {
    // Another picture in the same place: the caption the editor wrote stays.
    editor
      .chain()
      .focus()
      .command(({ tr }) => {
        if (!found.figure) {
          tr.setNodeMarkup(found.pos, undefined, { ...found.node.attrs, ...attrs });
          return true;
        }
        found.node.forEach((child, offset) => {
          if (child.type.name === "image") tr.setNodeMarkup(found.pos + 1 + offset, undefined, { ...child.attrs, ...attrs });
        });
        return true;
      })
      .run();
    return;
  }
  const content = [{ type: "image", attrs }];
  if (image.caption) content.push({ type: "caption", content: [{ type: "text", text: image.caption }] });
  editor.chain().focus().insertContent({ type: "figure", content }).run();
}

export const Figure = PackageFigure.extend({
  addOptions() {
    return { ...this.parent?.(), chooserUrl: "" };
  },

  addCommands() {
    const commands = this.parent?.() || {};
    const url = this.options.chooserUrl;
    if (!url) return commands;
    return {
      ...commands,
      editImage:
        () =>
        ({ editor, state, dispatch }) => {
          const possible = Boolean(currentFigure(state)) || canInsertNode(state, state.schema.nodes.figure);
          if (!dispatch || !possible) return possible;
          insertPicture(editor, url);
          return true;
        },
    };
  },

  // The package's caption button, in German.
  addExtensions() {
    let editor = null;
    const button = crel("button", { type: "button", className: "prose-menubar__button" });
    button.addEventListener("click", () => editor?.chain().focus().toggleCaption().run());
    const menu = crel("div", { className: "prose-menubar prose-menubar--floating" }, [button]);
    return [
      BubbleMenu.configure({
        element: menu,
        pluginKey: "figureMenu",
        shouldShow: ({ editor: current, state }) => {
          editor = current;
          const found = currentFigure(state);
          if (!found) return false;
          button.textContent = hasCaption(found) ? "Bildunterschrift entfernen" : "Bildunterschrift hinzufügen";
          return true;
        },
      }),
    ];
  },
});
