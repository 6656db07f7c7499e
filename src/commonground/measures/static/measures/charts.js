// Download a server-drawn SVG chart as SVG or PNG. Everything happens in the browser:
// the chart is serialised, drawn onto a canvas for PNG, and saved; nothing is fetched.
(function () {
  "use strict";
  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }
  function svgText(svg) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return new XMLSerializer().serializeToString(copy);
  }
  function download(button) {
    var svg = document.querySelector("#" + button.dataset.chart + " svg");
    if (!svg) { return; }
    var name = button.dataset.name || "chart";
    var text = svgText(svg);
    if (button.dataset.format === "svg") {
      save(new Blob([text], { type: "image/svg+xml" }), name + ".svg");
      return;
    }
    var box = svg.viewBox.baseVal;
    var scale = 2;
    var canvas = document.createElement("canvas");
    canvas.width = box.width * scale;
    canvas.height = box.height * scale;
    var image = new Image();
    image.onload = function () {
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { save(blob, name + ".png"); }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }
  document.querySelectorAll("[data-chart-download]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { download(button); });
  });
})();
