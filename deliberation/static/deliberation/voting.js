// Voting one statement at a time without reloading the page. The page works without
// this file: each button posts its form and the server answers with the next statement.
// With it, the same post is sent in the background and the page's main content is
// replaced by the server's answer, so what a person sees is exactly the page the server
// would have shown; focus moves to the new statement so keyboard and screen reader users
// carry on where they were. Its words come from Django's JavaScript catalogue, which the
// page loads just before this file, in the page's language.

const main = document.getElementById("main-content");

const focusTarget = () =>
  main.querySelector(".govuk-error-summary [role=alert]") ||
  main.querySelector("[data-statement-text]") ||
  main.querySelector("h1");

const show = (html) => {
  const next = new DOMParser().parseFromString(html, "text/html");
  const content = next.getElementById("main-content");
  if (!content) return false;
  main.replaceChildren(...content.childNodes);
  document.title = next.title;
  const target = focusTarget();
  if (target) {
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
  return true;
};

const problem = (text) => {
  const box = document.createElement("div");
  box.className = "govuk-error-summary";
  const alert = document.createElement("div");
  alert.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.className = "govuk-error-summary__title";
  title.textContent = gettext("There is a problem");
  const body = document.createElement("p");
  body.className = "govuk-body";
  body.textContent = text;
  alert.append(title, body);
  box.append(alert);
  main.querySelector(".govuk-error-summary")?.remove();
  main.querySelector("[data-voting]")?.prepend(box);
};

if (main && window.fetch && window.DOMParser) {
  main.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("[data-voting]")) return;
    event.preventDefault();
    const submitter = event.submitter;
    const action = submitter?.getAttribute("formaction") || form.action;
    const body = new FormData(form, submitter);
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    try {
      const response = await fetch(action, { method: "POST", body, credentials: "same-origin" });
      const type = response.headers.get("content-type") || "";
      if (!type.startsWith("text/html") || !show(await response.text())) {
        throw new Error(`answered ${response.status}`);
      }
    } catch {
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      problem(gettext("Your vote could not be sent. Check your connection, then choose again."));
    }
  });
}
