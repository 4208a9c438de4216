// Loaded as the first thing in <body>: lets GOV.UK Frontend style JavaScript-only parts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
