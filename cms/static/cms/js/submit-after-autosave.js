/*
 * Wagtail's autosave posts the "add page" form in the background and, once the page
 * exists, points the form at the new page's edit URL. A Publish or Save pressed while
 * that first post is on its way would still go to the "add" URL and create the page a
 * second time: the slug is then taken, or two inserts race and one fails. So a submit
 * made during an autosave waits for it to finish, then goes to wherever the form points.
 */
(function () {
  "use strict";

  var saving = new WeakSet();

  document.addEventListener("w-autosave:save", function (event) {
    if (!event.defaultPrevented) saving.add(event.target);
  });

  function settled(event) {
    saving.delete(event.target);
  }
  document.addEventListener("w-autosave:success", settled);
  document.addEventListener("w-autosave:error", settled);

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!saving.has(form)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      function resubmit() {
        saving.delete(form);
        form.removeEventListener("w-autosave:success", resubmit);
        form.removeEventListener("w-autosave:error", resubmit);
        // The button may have been disabled by its progress state; carry its name and
        // value (which action was chosen) in a hidden field instead.
        if (submitter && submitter.name) {
          var choice = document.createElement("input");
          choice.type = "hidden";
          choice.name = submitter.name;
          choice.value = submitter.value;
          form.appendChild(choice);
        }
        form.requestSubmit();
      }
      form.addEventListener("w-autosave:success", resubmit);
      form.addEventListener("w-autosave:error", resubmit);
    },
    true
  );
})();
