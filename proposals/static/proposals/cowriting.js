// Live co-writing on a proposal's pages: who has which section open, and a notice when a
// section you have open is saved by someone else. Every page works without this file.
// Its words come from Django's JavaScript catalogue, which the page loads just before this
// file, in the page's language.
const root = document.querySelector("[data-cowriting]");

if (root) {
  const proposal = root.dataset.cowriting;
  const section = root.dataset.section || null;
  const me = root.dataset.me;
  const notice = document.querySelector("[data-cowriting-notice]");
  const alsoEditing = document.querySelector("[data-cowriting-editors]");
  const HEARTBEAT_MS = 20000;
  let socket;
  let attempt = 0;
  let heartbeat;
  // "Ana, Ben": names listed as the page's language lists them.
  const names = (list) =>
    new Intl.ListFormat(document.documentElement.lang, { style: "short", type: "unit" }).format(list);

  const send = () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "editing", section }));
    }
  };

  const showEditors = (sections) => {
    if (alsoEditing) {
      const others = (sections[section] || []).filter((name) => name !== me);
      alsoEditing.textContent = others.length
        ? interpolate(gettext("Also editing this section now: %(names)s."), { names: names(others) }, true)
        : "";
    }
    document.querySelectorAll("[data-editing-for]").forEach((cell) => {
      const editors = sections[cell.dataset.editingFor] || [];
      cell.textContent = editors.length
        ? interpolate(gettext("Being edited now by %(names)s"), { names: names(editors) }, true)
        : "";
    });
  };

  const showSaved = (saved) => {
    if (!notice || saved.by === me || (section !== null && saved.section !== section)) {
      return;
    }
    const cell = document.querySelector(`[data-editing-for="${saved.section}"]`);
    const text = document.createElement("p");
    text.className = "govuk-body";
    text.textContent = section
      ? interpolate(gettext("%(name)s has just saved a new version of this section."), { name: saved.by }, true)
      : interpolate(
          gettext("%(name)s has just saved a new version of ‘%(section)s’."),
          { name: saved.by, section: cell ? cell.dataset.label : saved.section },
          true,
        );
    text.append(" ");
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = saved.url;
    link.textContent = gettext("See what changed");
    text.append(link);
    notice.replaceChildren(text);
    notice.hidden = false;
  };

  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}/ws/proposals/${proposal}/`);
    socket.addEventListener("open", () => {
      send();
      heartbeat = window.setInterval(send, HEARTBEAT_MS);
    });
    socket.addEventListener("message", (event) => {
      attempt = 0; // the server answered: the next drop starts the backoff again
      const frame = JSON.parse(event.data);
      if (frame.type === "editors") showEditors(frame.sections);
      if (frame.type === "section_saved") showSaved(frame);
    });
    socket.addEventListener("close", (event) => {
      window.clearInterval(heartbeat);
      if (event.code === 4403) return;
      // Exponential backoff with full jitter, never more than 30 s. On reconnecting the
      // page says again what it has open and gets the current editors: nothing to resume.
      const wait = Math.random() * Math.min(30000, 1000 * 2 ** attempt);
      attempt += 1;
      window.setTimeout(connect, wait);
    });
  };

  connect();
}
