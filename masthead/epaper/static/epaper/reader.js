/* E-paper reader: arrow keys and swipes turn pages, a click or the zoom link
   toggles the enlarged image in place, the thumbnail strip keeps the current
   page in view. Without this file every control is a plain link. */
(function () {
  "use strict";
  var reader = document.querySelector("[data-epaper-reader]");
  if (!reader) return;
  var stage = reader.querySelector("[data-epaper-stage]");
  var image = stage && stage.querySelector("img");
  var zoomLink = reader.querySelector("[data-epaper-zoom]");

  function go(selector) {
    var link = reader.querySelector(selector);
    if (link) window.location.assign(link.href);
  }

  function setZoom(zoomed) {
    if (!image) return;
    var kind = zoomed ? "zoom" : "screen";
    image.src = image.getAttribute("data-" + kind + "-src");
    image.width = Number(image.getAttribute("data-" + kind + "-width"));
    image.height = Number(image.getAttribute("data-" + kind + "-height"));
    stage.classList.toggle("is-zoomed", zoomed);
    if (zoomLink) zoomLink.textContent = zoomed ? "Fit to screen" : "Zoom in";
  }

  function isZoomed() {
    return stage.classList.contains("is-zoomed");
  }

  if (zoomLink && image) {
    zoomLink.addEventListener("click", function (event) {
      event.preventDefault();
      setZoom(!isZoomed());
    });
    image.addEventListener("click", function (event) {
      var zooming = !isZoomed();
      var bounds = image.getBoundingClientRect();
      var across = (event.clientX - bounds.left) / bounds.width;
      var down = (event.clientY - bounds.top) / bounds.height;
      setZoom(zooming);
      if (zooming) {
        stage.scrollLeft = across * image.width - stage.clientWidth / 2;
        stage.scrollTop = down * image.height - stage.clientHeight / 2;
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (event.key === "ArrowLeft" && !isZoomed()) go("[data-epaper-prev]");
    else if (event.key === "ArrowRight" && !isZoomed()) go("[data-epaper-next]");
    else if (event.key === "Escape" && isZoomed()) setZoom(false);
  });

  var startX = null;
  var startY = null;
  stage.addEventListener("touchstart", function (event) {
    if (event.touches.length !== 1 || isZoomed()) { startX = null; return; }
    startX = event.touches[0].clientX;
    startY = event.touches[0].clientY;
  }, { passive: true });
  stage.addEventListener("touchend", function (event) {
    if (startX === null) return;
    var dx = event.changedTouches[0].clientX - startX;
    var dy = event.changedTouches[0].clientY - startY;
    startX = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) go(dx < 0 ? "[data-epaper-next]" : "[data-epaper-prev]");
  }, { passive: true });

  var strip = reader.querySelector(".epaper-strip");
  var current = strip && strip.querySelector('[aria-current="page"]');
  if (current) strip.scrollLeft = current.offsetLeft - strip.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
})();
