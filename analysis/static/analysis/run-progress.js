// While an analysis runs, the report page asks its status JSON every 2 seconds, says the
// progress in its live region (polite: read when the reader is idle) and on the bar, and
// reloads itself once the run has finished. Without this file the page has a link to
// refresh it.

const status = document.querySelector("[data-run-status-url]");
const EVERY_MS = 2000;

if (status) {
  const text = status.querySelector("[data-run-progress-text]");
  const bar = status.querySelector("progress");

  const poll = async () => {
    try {
      const response = await fetch(status.dataset.runStatusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        const run = await response.json();
        if (!run.active) {
          window.location.reload();
          return;
        }
        if (text && text.textContent !== run.text) text.textContent = run.text;
        if (bar) {
          bar.value = run.progress;
          bar.textContent = `${run.progress}%`;
        }
      }
    } catch {
      // A dropped request: ask again at the next tick.
    }
    window.setTimeout(poll, EVERY_MS);
  };

  window.setTimeout(poll, EVERY_MS);
}
