"""Whether each table of a page can scroll sideways inside its own region.

On a 320 px screen a table with several columns is wider than the screen. Rather than
squeeze its columns until words and numbers break ("ag/re/e", "1/8" for 18), it sits in
a region that scrolls sideways by itself, as GOV.UK services do: a ``div`` with
``overflow-x: auto`` (class ``hearth-table-scroll``), which a keyboard can focus
(``tabindex="0"``) and a screen reader announces by name (``role="region"``,
``aria-label``).
"""

from html.parser import HTMLParser

REGION_CLASS = "hearth-table-scroll"


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.divs: list[bool] = []  # for each open div: is it a scroll region?
        self.tables: list[tuple[str, bool]] = []  # (caption-ish id, inside a region?)
        self.region_faults: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div":
            region = REGION_CLASS in (found.get("class") or "").split()
            self.divs.append(region)
            if region:
                label = found.get("aria-label") or ""
                if found.get("role") != "region" or found.get("tabindex") != "0" or not label:
                    self.region_faults.append(str(found))
        elif tag == "table":
            self.tables.append((found.get("id") or f"table {len(self.tables) + 1}", any(self.divs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.divs.pop()


def tables_that_cannot_scroll(html: str) -> list[str]:
    """Each table not inside a named, focusable scroll region, and each region that is
    not named or focusable; empty when every table can scroll on its own."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    outside = [name for name, inside in parser.tables if not inside]
    return outside + [f"region without role, tabindex or name: {f}" for f in parser.region_faults]


def table_count(html: str) -> int:
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return len(parser.tables)
