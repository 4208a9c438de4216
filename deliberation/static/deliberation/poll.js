// Live results on a poll's page, while everyone may see them: the server sends the same
// fragment the page shows (escaped when rendered) each time answers change it. Without
// this file the results are as they were when the page loaded.

const results = document.querySelector("[data-poll-results][data-live-results]");

if (results && "WebSocket" in window) {
  const poll = Number(results.dataset.pollResults);
  let attempt = 0;

  const connect = () => {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(
      `${scheme}://${window.location.host}/ws/threads/${results.dataset.threadId}/`,
    );
    socket.addEventListener("message", (event) => {
      attempt = 0;
      const frame = JSON.parse(event.data);
      // Rendered by the server from templates/deliberation/_poll_results.html, every
      // text escaped there.
      if (frame.type === "poll_results" && frame.poll === poll) results.innerHTML = frame.html;
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4403) return;
      const ceiling = Math.min(30000, 500 * 2 ** attempt);
      attempt += 1;
      window.setTimeout(connect, Math.random() * ceiling);
    });
  };

  connect();
}
