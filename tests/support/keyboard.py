"""A person using a keyboard only: Tab and Shift+Tab to move, Enter and Space to act.

Every step checks what a keyboard user depends on: the focused element shows a visible
focus style (an outline, GOV.UK's yellow box shadow or background), focus moves forward
(or, with Shift+Tab, backward) through the page in reading order, and Tab never gets stuck:
it always reaches the end of the page.
"""

from playwright.sync_api import Locator, Page

# Where the focus is, whether it can be seen, and where it stands from the last focus.
_STEP = """(forward) => {
  const el = document.activeElement;
  if (!el || el === document.body) { window.__kbPrevious = null; return {atEnd: true}; }
  const shown = (style) =>
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
      && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(style.outlineColor))
    || (style.boxShadow && style.boxShadow !== 'none')
    || style.backgroundColor === 'rgb(255, 221, 0)';
  let visible = shown(getComputedStyle(el));
  // GOV.UK radios and checkboxes draw their control, and its focus ring, on the label.
  if (!visible && el.labels && el.labels.length) {
    visible = shown(getComputedStyle(el.labels[0], '::before'))
      || shown(getComputedStyle(el.labels[0], '::after'));
  }
  const previous = window.__kbPrevious;
  let inOrder = true;
  if (previous && previous !== el && previous.isConnected) {
    const position = previous.compareDocumentPosition(el);
    inOrder = Boolean(position & (forward ? Node.DOCUMENT_POSITION_FOLLOWING
                                          : Node.DOCUMENT_POSITION_PRECEDING));
  }
  window.__kbPrevious = el;
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
    .trim().slice(0, 60);
  return {atEnd: false, visible, inOrder, name, tag: el.tagName.toLowerCase(),
          positiveTabindex: el.tabIndex > 0};
}"""


class KeyboardUser:
    def __init__(self, page: Page, limit: int = 400) -> None:
        self.page = page
        self.limit = limit

    def _step(self, key: str) -> dict:
        self.page.keyboard.press(key)
        info = self.page.evaluate(_STEP, key == "Tab")
        if not info["atEnd"]:
            where = f"<{info['tag']}> {info['name']!r} on {self.page.url}"
            assert info["visible"], f"no visible focus style on {where}"
            assert info["inOrder"], f"focus jumped out of reading order to {where}"
            assert not info["positiveTabindex"], f"positive tabindex reorders focus: {where}"
        return info

    def _is_focused(self, target: Locator) -> bool:
        """Whether the focus is on the target (or, for several, on any of them)."""
        return bool(target.evaluate_all("els => els.includes(document.activeElement)"))

    def start_at_top(self) -> None:
        """As after loading a page: nothing focused, the next Tab goes to the first control."""
        self.page.evaluate("() => { document.activeElement?.blur(); window.__kbPrevious = null; }")

    def tab_to(self, target: Locator, *, backwards: bool = False) -> None:
        """Press Tab (or Shift+Tab) until ``target`` has the focus, checking every stop."""
        target.first.wait_for(state="visible")
        key = "Shift+Tab" if backwards else "Tab"
        wrapped = False
        for _ in range(self.limit):
            info = self._step(key)
            if self._is_focused(target):
                return
            if info["atEnd"]:
                if wrapped:
                    break
                wrapped = True
        raise AssertionError(f"{key} never reached {target} on {self.page.url}")

    def assert_no_trap(self) -> int:
        """Tab from the top through every control to the end of the page; return the count."""
        self.start_at_top()
        for count in range(self.limit):
            if self._step("Tab")["atEnd"]:
                return count
        raise AssertionError(f"Tab never reached the end of {self.page.url}: a keyboard trap")

    def choose(self, radio: Locator) -> None:
        """Tab into a radio group (one stop for the whole group), then arrow to the option:
        arrow keys move and select within a group, as in every browser."""
        radio = radio.first
        group = self.page.locator(f'input[type=radio][name="{radio.get_attribute("name")}"]')
        self.tab_to(group)
        for _ in range(group.count()):
            if radio.is_checked() and self._is_focused(radio):
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"the arrow keys never reached {radio} on {self.page.url}")

    def activate(self, target: Locator, key: str = "Enter", *, backwards: bool = False) -> None:
        self.tab_to(target, backwards=backwards)
        self.page.keyboard.press(key)

    def type_into(self, target: Locator, text: str) -> None:
        """Move to a field, empty it and type, as a person would."""
        self.tab_to(target)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(text)
