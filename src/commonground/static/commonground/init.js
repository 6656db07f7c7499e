// Start GOV.UK Frontend's components (service navigation menu, password reveal, error
// summary focus...). Pages work without it: every component degrades to plain HTML.
import { initAll } from "../build/govuk-frontend.min.js";

initAll();

// Buttons that print the page (the Board report). Wired here rather than with onclick=,
// which the Content-Security-Policy refuses.
document.querySelectorAll("[data-cg-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
