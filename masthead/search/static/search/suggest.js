/* Headline suggestions under the header's search box. Progressive
   enhancement: without this script the box is a plain GET form to /search/. */
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  if (!input || !window.fetch) {
    return;
  }
  var script = document.currentScript;
  if (script && script.src) {
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = script.src.replace(/suggest\.js(\?.*)?$/, "suggest.css");
    document.head.appendChild(sheet);
  }
  var list = document.createElement("ul");
  list.id = "site-suggest";
  list.className = "site-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested stories");
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var latest = 0;
  var active = -1;

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function render(results) {
    list.textContent = "";
    active = -1;
    results.forEach(function (result, index) {
      var item = document.createElement("li");
      item.id = "site-suggest-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = result.url;
      link.tabIndex = -1;
      link.textContent = result.headline;
      if (result.publication) {
        var title = document.createElement("small");
        title.textContent = result.publication;
        link.appendChild(title);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }

  function lookUp() {
    var query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    var request = ++latest;
    fetch("/search/suggest/?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (request === latest) {
          render(data.results || []);
        }
      })
      .catch(close);
  }

  function highlight(index) {
    var items = list.querySelectorAll("li");
    if (!items.length) {
      return;
    }
    active = (index + items.length) % items.length;
    items.forEach(function (item, position) {
      item.setAttribute("aria-selected", position === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("a")[active].href;
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 200);
  });
})();
