// Mark the page as having JavaScript before it is drawn, as GOV.UK Frontend expects. A file,
// not an inline script, so the Content-Security-Policy can refuse every inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
