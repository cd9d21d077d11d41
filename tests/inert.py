"""Is a piece of HTML inert? What a browser would run or follow in it, read with a real HTML tokenizer."""

import json
from html.parser import HTMLParser

# Script elements that hold data, never run.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background"}
LIVE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
FOREIGN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "applet"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.data_blocks: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an event handler")
            if name in URL_ATTRIBUTES and value and "".join(value.split()).lower().startswith(LIVE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>: a script URL")
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"<{tag}>: an element that loads or rebases content")
        if tag == "script":
            self._script = {"src": attributes.get("src"), "type": (attributes.get("type") or "").lower(), "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        script, self._script = self._script, None
        if script["src"]:
            same_origin = script["src"].startswith("/") and not script["src"].startswith("//")
            if not same_origin or script["text"].strip():
                self.problems.append(f"<script src={script['src']!r}>: not from the site itself")
        elif script["type"] in DATA_SCRIPT_TYPES:
            try:
                json.loads(script["text"])
            except ValueError:
                self.problems.append(
                    f"<script type={script['type']!r}>: data block is not JSON: {script['text'][:80]!r}"
                )
            self.data_blocks.append(script["text"])
        else:
            self.problems.append(f"inline <script>: {script['text'][:80]!r}")


def scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner


def assert_inert(html: str, where: str = "") -> list[str]:
    """Fail unless the HTML runs nothing but the site's own script files; returns its JSON data blocks."""
    scanner = scan(html)
    assert scanner.problems == [], f"{where}: " + "; ".join(scanner.problems)
    return scanner.data_blocks
