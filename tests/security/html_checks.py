"""Find what a payload may have introduced into a page: parse the HTML (as a browser
would, with html.parser's tolerance) and look for elements, attributes and URLs that could
run script. The page's own markup has none of these: Hearth's Content-Security-Policy
allows no inline script, handler or style."""

import csv
import io
import re

from bs4 import BeautifulSoup, Tag

from common.spreadsheets import FORMULA_PREFIXES
from tests.security.payloads import MARKER

# Elements that run, load or submit something. (Images and media cannot run script
# without a handler or a javascript: URL, which the attribute checks catch.)
ACTIVE_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "textarea",
    "details",
    "marquee",
    "body",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "srcdoc",
}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|livescript|data):", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


# Attributes that hold text, safely escaped: a payload in them is only text.
TEXT_ATTRIBUTES = {"alt", "title", "value", "placeholder", "aria-label", "content", "id"}
# Elements whose content runs or draws: a payload's text inside them came in as markup.
CONTAINERS = {"script", "style", "svg", "math", "iframe", "object", "embed", "template"}


def _marked(element: Tag) -> bool:
    values = " ".join(
        " ".join(v) if isinstance(v, list) else str(v)
        for k, v in element.attrs.items()
        if k not in TEXT_ATTRIBUTES and not k.startswith(("data-", "aria-"))
    )
    inner = element.get_text() if element.name in CONTAINERS else ""
    return MARKER.lower() in (values + inner).lower()


def introduced(html: str) -> list[str]:
    """Everything in ``html`` that could run script; empty for a safe page or fragment."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        for name, raw in element.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=…>")
            if name.lower() in URL_ATTRIBUTES and BAD_SCHEME.match(CONTROL.sub("", value)):
                found.append(f"<{element.name} {name}={value[:40]!r}>")
            if name.lower() == "style" and re.search(r"expression\(|url\(", value, re.I):
                found.append(f"<{element.name} style={value[:40]!r}>")
        if element.name in ACTIVE_TAGS and _marked(element):
            if element.name == "script" and element.get("type") == "application/json":
                continue
            found.append(f"<{element.name}> from a payload")
    text = soup.get_text()
    if f"{MARKER}EVALUATED" in text:
        found.append("a template expression was evaluated")
    return found


def formula_cells(content: str) -> list[str]:
    """Cells of a CSV download that a spreadsheet would run as formulas."""
    return [
        cell
        for row in csv.reader(io.StringIO(content))
        for cell in row
        if cell.startswith(FORMULA_PREFIXES) and not NUMBER.match(cell)
    ]
