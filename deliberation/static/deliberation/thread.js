// Live updates for a thread page (protocol v1, DESIGN.md §5.3). The page works without
// this file: the form posts and the page reloads. With it, messages arrive live, are
// announced politely without moving focus, and the form posts over the socket.
//
// Its words come from Django's JavaScript catalogue (gettext, ngettext, interpolate), which
// the page loads just before this file, in the page's language. Where
// templates/deliberation/_message.html or thread.html says the same thing, the words are
// the same msgid, so a live message reads as it will after a reload.

const list = document.querySelector("[data-messages]");
const announcer = document.querySelector("[data-announcer]");
const form = document.querySelector("[data-post-form]");
const presence = document.querySelector("[data-presence]");
const notice = document.querySelector("[data-discussion-notice]");
const statements = document.querySelector("[data-statements]");
const polls = document.querySelector("[data-polls]");

if (list && "WebSocket" in window) {
  const threadId = list.dataset.threadId;
  const seen = new Set(
    Array.from(list.querySelectorAll("[data-message-id]"), (el) => Number(el.dataset.messageId)),
  );
  let lastId = Number(list.dataset.lastId || 0);
  const me = list.dataset.userId ? Number(list.dataset.userId) : null;
  const messagesUrl = list.dataset.messagesUrl;
  // What this person may do to messages now; "discussion" frames change it.
  const may = { reply: list.dataset.mayReply === "true", edit: list.dataset.mayEdit === "true" };
  let socket = null;
  let attempt = 0;
  let resumed = false;
  const pending = new Map(); // client_id -> post frame not yet acknowledged

  const announce = (text) => {
    if (!announcer) return;
    const line = document.createElement("p");
    line.textContent = text;
    announcer.append(line);
    while (announcer.childElementCount > 5) announcer.firstElementChild.remove();
  };

  // The language a message is written in, as templates/deliberation/_written_in.html marks
  // it: its own name beside it where it is not the page's language. Names as text.
  const pageLanguage = document.documentElement.lang;

  // A sentence from the catalogue with markup in it, as a template's blocktranslate has it
  // ('Reply<span class="govuk-visually-hidden"> to %(name)s</span>'). The tags are the
  // catalogue's own; the values go into its text and attributes as text, never as HTML.
  const markup = (format, values = {}) => {
    const template = document.createElement("template");
    template.innerHTML = format;
    const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) node.data = interpolate(node.data, values, true);
      else for (const attribute of node.attributes) attribute.value = interpolate(attribute.value, values, true);
    }
    return template.content;
  };

  const writtenIn = (language) => {
    if (!language || language.tag === pageLanguage) return null;
    const tag = document.createElement("span");
    tag.className = "govuk-tag govuk-tag--grey hearth-written-in";
    tag.lang = language.tag;
    tag.dir = "auto";
    tag.textContent = language.name;
    return tag;
  };

  const newClientId = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

  const render = (message) => {
    if (seen.has(message.id)) return; // duplicates (resume overlap, retries) are dropped
    seen.add(message.id);
    lastId = Math.max(lastId, message.id);
    list.querySelector("[data-no-messages]")?.remove();
    const item = document.createElement("li");
    item.className = "hearth-message";
    item.id = `message-${message.id}`;
    item.dataset.messageId = String(message.id);
    const meta = document.createElement("p");
    meta.className = "govuk-body-s hearth-message__meta";
    const name = document.createElement("strong");
    name.textContent = message.author.name; // text, never HTML
    const time = document.createElement("time");
    time.dateTime = message.created;
    // As the template's "j M Y, H:i" writes it, in the page's language.
    time.textContent = new Date(message.created).toLocaleString(pageLanguage, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    meta.append(name, " ", time);
    if (message.supporter) {
      // As templates/deliberation/_message.html shows it; the name as text, never HTML.
      const support = document.createElement("span");
      support.className = "hearth-supported-by";
      support.textContent = interpolate(gettext("written with support from %(name)s"), { name: message.supporter.name }, true);
      meta.append(" ", support);
    }
    const language = writtenIn(message.language);
    if (language) meta.append(" ", language);
    item.append(meta);
    if (message.reply_to) {
      // As templates/deliberation/_message.html says it, the same catalogue entry; the name
      // as text, never HTML.
      const reply = document.createElement("p");
      reply.className = "govuk-body-s hearth-message__reply";
      reply.append(markup(
        gettext('In reply to <a class="govuk-link" href="#message-%(reply_id)s">%(name)s</a>'),
        { reply_id: message.reply_to, name: message.reply_to_author.name },
      ));
      item.append(reply);
    }
    const body = document.createElement("div");
    body.className = "govuk-body hearth-message__body";
    if (message.language) body.lang = message.language.tag;
    body.dir = "auto";
    // body_html is rendered by the server from a safe Markdown subset and cleaned by nh3.
    body.innerHTML = message.body_html;
    item.append(body);
    if (me !== null) item.append(actions(message));
    // Keep id order even when frames from two workers cross.
    const later = Array.from(list.querySelectorAll("[data-message-id]")).find(
      (el) => Number(el.dataset.messageId) > message.id,
    );
    list.insertBefore(item, later || null);
    announce(interpolate(gettext("New message from %(name)s"), { name: message.author.name }, true));
  };

  // The same links templates/deliberation/_message.html gives a message on the page.
  const action = (words, href, needs) => {
    const li = document.createElement("li");
    if (needs) {
      li.dataset.needs = needs;
      li.hidden = !may[needs];
    }
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = href;
    link.append(words);
    li.append(link);
    return li;
  };

  const actions = (message) => {
    const links = document.createElement("ul");
    links.className = "govuk-list govuk-body-s hearth-message__actions";
    const who = { name: message.author.name };
    const reply = markup(gettext('Reply<span class="govuk-visually-hidden"> to %(name)s</span>'), who);
    links.append(action(reply, `?reply_to=${message.id}#post-message`, "reply"));
    if (message.author.id === me) {
      const change = markup(gettext('Change<span class="govuk-visually-hidden"> your message</span>'));
      const remove = markup(gettext('Delete<span class="govuk-visually-hidden"> your message</span>'));
      links.append(
        action(change, `${messagesUrl}${message.id}/edit/`, "edit"),
        action(remove, `${messagesUrl}${message.id}/delete/`, null),
      );
    } else {
      const report = markup(gettext('Report<span class="govuk-visually-hidden"> message from %(name)s</span>'), who);
      links.append(action(report, `${messagesUrl}${message.id}/report/`, null));
    }
    return links;
  };

  const element = (tag, className, text) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text; // text, never HTML
    return made;
  };

  // A statement accepted for voting: the page counts the statements and links to voting
  // on them one at a time, as it would say after a reload.
  const seenStatements = new Set();
  const addStatement = (statement) => {
    if (!statements || seenStatements.has(statement.id)) return;
    seenStatements.add(statement.id);
    const count = Number(statements.dataset.count || 0) + 1;
    statements.dataset.count = String(count);
    const line = statements.querySelector("[data-statement-count]");
    if (line) {
      const format = ngettext("There is %(counter)s statement to vote on.", "There are %(counter)s statements to vote on.", count);
      line.textContent = interpolate(format, { counter: count }, true);
    }
    const link = statements.querySelector("[data-vote-link]");
    if (link) link.hidden = false;
    announce(interpolate(gettext("New statement to vote on: %(text)s"), { text: statement.text }, true));
  };

  // Mark a poll closed when its closing time passes, as the page says after a reload.
  const closeAt = (mark, closesAt) => {
    const wait = new Date(closesAt).getTime() - Date.now();
    const close = () => mark.replaceWith(` ${gettext("(closed)")}`);
    if (wait <= 0) close();
    else if (wait < 2 ** 31 - 1) window.setTimeout(close, wait);
  };
  for (const mark of document.querySelectorAll("[data-closes-at]")) closeAt(mark, mark.dataset.closesAt);

  const addPoll = (poll) => {
    if (!polls || polls.querySelector(`[data-poll="${poll.id}"]`)) return;
    document.querySelector("[data-no-polls]")?.remove();
    const item = element("li");
    item.dataset.poll = String(poll.id);
    const link = element("a", "govuk-link", poll.question);
    link.href = poll.url;
    item.append(link);
    if (poll.closes_at) {
      const mark = element("span");
      item.append(mark);
      closeAt(mark, poll.closes_at);
    }
    polls.append(item);
    announce(interpolate(gettext("New poll: %(question)s"), { question: poll.question }, true));
  };

  const showError = (text) => {
    const box = form?.querySelector("[data-post-error]");
    if (!box) return;
    box.textContent = "";
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = gettext("Error:");
    box.append(hidden, " ", text);
    box.hidden = !text;
    if (text) announce(text);
  };

  const handle = (frame) => {
    switch (frame.type) {
      case "message":
        render(frame.message);
        if (pending.has(frame.message.client_id)) {
          // Clear the box only once the message is safely stored, and only if unchanged.
          const field = form?.querySelector("textarea[name=body]");
          if (field && field.value === pending.get(frame.message.client_id).body) field.value = "";
          pending.delete(frame.message.client_id);
        }
        break;
      case "resumed":
        lastId = Math.max(lastId, frame.last);
        resumed = true;
        attempt = 0; // a socket that got this far counts as a success for the backoff
        for (const post of pending.values()) socket.send(JSON.stringify(post));
        break;
      case "edited": {
        const item = document.getElementById(`message-${frame.id}`);
        const body = item?.querySelector(".hearth-message__body");
        if (body) {
          // body_html is rendered by the server from a safe Markdown subset and cleaned by nh3.
          body.innerHTML = frame.body_html;
          const meta = item.querySelector(".hearth-message__meta");
          if (meta && !meta.querySelector("[data-edited]")) {
            const tag = document.createElement("span");
            tag.className = "govuk-tag govuk-tag--grey";
            tag.dataset.edited = "";
            // Translators: a tag beside a message its author changed after posting it.
            tag.textContent = gettext("edited");
            meta.append(" ", tag);
          }
          const name = meta?.querySelector("strong")?.textContent;
          announce(name
            ? interpolate(gettext("%(name)s edited a message"), { name }, true)
            : gettext("Someone edited a message"));
        }
        break;
      }
      case "hidden": {
        seen.add(frame.id); // a resumed copy arriving later must not bring the text back
        const item = document.getElementById(`message-${frame.id}`);
        const body = item?.querySelector(".hearth-message__body");
        if (body) {
          const note = document.createElement("p");
          note.className = "govuk-body hearth-message__tombstone";
          // The words the page shows in its place: who hid it and why, or that it was deleted.
          note.textContent = frame.notice || gettext("This message is no longer shown.");
          body.replaceWith(note);
          item.querySelector(".hearth-message__actions")?.remove();
          item.querySelector(".hearth-written-in")?.remove();
        }
        break;
      }
      case "statement":
        addStatement(frame);
        break;
      case "poll":
        addPoll(frame);
        break;
      case "presence":
        if (presence) {
          const format = ngettext("%(counter)s person is here now.", "%(counter)s people are here now.", frame.count);
          presence.textContent = interpolate(format, { counter: frame.count }, true);
        }
        break;
      case "tally": {
        const tally = document.querySelector(`[data-tally="${frame.statement}"]`);
        if (tally) {
          tally.querySelector("[data-agree]").textContent = String(frame.agree);
          tally.querySelector("[data-disagree]").textContent = String(frame.disagree);
          tally.querySelector("[data-pass]").textContent = String(frame.pass);
        }
        break;
      }
      case "discussion": {
        // What the discussion allows changed (it opened, closed, or a facilitator paused or
        // resumed it). Say so at the top, and switch off the buttons of writes no longer
        // allowed; typed text stays in its box, so nothing anyone wrote is lost.
        if (notice) {
          notice.querySelector("[data-discussion-notice-text]").textContent = frame.notice;
          notice.hidden = !frame.notice;
        }
        if (frame.notice) announce(frame.notice);
        // Facilitators may still talk in a discussion they paused, to say why.
        const talk = ["post", "reply", "edit"];
        const facilitator = list.dataset.facilitator === "true" && frame.phase === "paused";
        const allows = (needs) => frame.allows.includes(needs) || (facilitator && talk.includes(needs));
        may.reply = allows("reply");
        may.edit = allows("edit");
        for (const part of document.querySelectorAll("[data-needs]")) {
          const needs = part.dataset.needs;
          const allowed = allows(needs);
          for (const button of part.querySelectorAll("button")) button.disabled = !allowed;
          if (part.matches("li")) part.hidden = !allowed;
        }
        break;
      }
      case "error":
        if (frame.client_id) pending.delete(frame.client_id);
        showError(frame.detail);
        break;
      default:
        break;
    }
  };

  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${window.location.host}/ws/threads/${threadId}/`);
    socket.addEventListener("open", () => {
      list.dataset.live = "true";
      // Always resume: it fills any gap between the page load (or the last socket) and now,
      // and brings messages hidden or deleted meanwhile and every tally up to date.
      socket.send(JSON.stringify({ type: "resume", after: lastId }));
    });
    socket.addEventListener("message", (event) => {
      try {
        handle(JSON.parse(event.data));
      } catch (error) {
        console.error(error);
      }
    });
    socket.addEventListener("close", (event) => {
      list.dataset.live = "false";
      resumed = false;
      if (event.code === 4403) return; // removed or not allowed: do not retry
      // Exponential backoff with full jitter, capped at 30 seconds; the next socket
      // resumes after the last id seen, so nothing posted meanwhile is missed.
      const ceiling = Math.min(30000, 500 * 2 ** attempt);
      attempt += 1;
      window.setTimeout(connect, Math.random() * ceiling);
    });
  };

  if (form) {
    form.addEventListener("submit", (event) => {
      if (!socket || socket.readyState !== WebSocket.OPEN || !resumed) return; // plain post
      const behalf = form.querySelector("input[name=on_behalf_of]:checked");
      if (behalf && behalf.value) return; // for someone else, with their consent: plain post
      const field = form.querySelector("textarea[name=body]");
      const replyTo = form.querySelector("input[name=reply_to]");
      const writtenInSelect = form.querySelector("select[name=language]");
      event.preventDefault();
      const post = {
        type: "post",
        body: field.value,
        reply_to: replyTo && replyTo.value ? Number(replyTo.value) : null,
        client_id: newClientId(),
      };
      // "Written in", as the plain form would send it; left out, the socket's language.
      if (writtenInSelect && writtenInSelect.value) post.language = writtenInSelect.value;
      pending.set(post.client_id, post);
      socket.send(JSON.stringify(post));
      showError("");
    });
  }

  connect();
}
