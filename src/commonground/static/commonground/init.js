// Start GOV.UK Frontend's components (service navigation menu, password reveal, error
// summary focus...). Pages work without it: every component degrades to plain HTML.
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
