// Pick where it happened on the ward map: a click (or tap) becomes a point, kept in the
// form's hidden latitude and longitude fields and shown as a dot. The map sits in a
// <details> that only opens usefully with JavaScript; without it, the ward list and the
// typed place are the way to say where.
(() => {
  const svg = document.querySelector("[data-cg-place-map]");
  if (!svg) return;
  const form = svg.closest("form");
  const lat = form.querySelector("input[name=latitude]");
  const lon = form.querySelector("input[name=longitude]");
  const status = document.getElementById("place-map-status");
  const d = svg.dataset;
  const ns = "http://www.w3.org/2000/svg";
  let dot = null;
  svg.addEventListener("click", (event) => {
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    const at = p.matrixTransform(svg.getScreenCTM().inverse());
    const longitude = Number(d.minLon) + (at.x - Number(d.pad)) / (Number(d.kx) * Number(d.scale));
    const latitude = Number(d.maxLat) - (at.y - Number(d.pad)) / Number(d.scale);
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (!dot) {
      dot = document.createElementNS(ns, "circle");
      dot.setAttribute("r", "6");
      dot.setAttribute("fill", "#d4351c");
      dot.setAttribute("stroke", "#fff");
      dot.setAttribute("stroke-width", "2");
      svg.appendChild(dot);
    }
    dot.setAttribute("cx", at.x);
    dot.setAttribute("cy", at.y);
    if (status) status.textContent = status.dataset.picked;
  });
})();
