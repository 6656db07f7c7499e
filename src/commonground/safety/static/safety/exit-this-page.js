// "Exit this page" (GOV.UK pattern), without inline script: the button leaves for a neutral
// site with location.replace, so the page it left is not in the browser's history and Back
// does not bring it back. Pressing Shift three times within 5 seconds does the same.
// Without JavaScript the button is a plain link to the same neutral site.
(() => {
  const links = document.querySelectorAll("[data-cg-exit-this-page]");
  if (!links.length) return;
  const leave = (href) => {
    document.body.classList.add("cg-exiting");
    document.title = "…";
    document.querySelectorAll("form").forEach((form) => form.reset());
    window.location.replace(href);
  };
  links.forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      leave(link.href);
    });
  });
  let presses = [];
  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift") return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 5000);
    presses.push(now);
    if (presses.length >= 3) leave(links[0].href);
  });
})();
