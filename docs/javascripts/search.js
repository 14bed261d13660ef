/* The handbook's search: a Pagefind index (site/pagefind/, written by hooks/search.py),
   loaded only when the reader first focuses the search box, then only the fragments a
   query needs. Results come in a fixed order of kinds: the questions that answer the query,
   then glossary entries, then code reference, then other pages. No third-party script. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("..", script ? script.src : location.href); // the site root
  var KINDS = [
    ["Question", 8],
    ["Glossary", 4],
    ["Code", 3],
    ["Page", 3],
  ];
  var CANDIDATES = 30; // the best-scored records, then ordered by kind
  var pagefind = null;
  var loading = null;
  var latest = 0;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, ranking: { pageLength: 0.3 } }).then(function () {
          pf.init();
          pagefind = pf;
          document.documentElement.setAttribute("data-hb-search", "ready");
          return pf;
        });
      });
    }
    return loading;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function render(list, meta, groups, query) {
    var items = [];
    groups.forEach(function (group) {
      group.forEach(function (data) {
        var kind = data.meta.kind || "";
        var where = data.meta.section ? kind + " · " + data.meta.section : kind;
        items.push(
          '<li class="md-search-result__item"><a class="md-search-result__link" href="' +
            escapeHtml(new URL(data.meta.href, base).href) + '" data-hb-kind="' + escapeHtml(kind.toLowerCase()) +
            '"><article class="md-search-result__article md-typeset">' +
            '<p class="hb-search-kind">' + escapeHtml(where) + "</p>" +
            "<h1>" + escapeHtml(data.meta.title) + "</h1>" +
            '<p class="md-search-result__teaser">' + data.excerpt + "</p></article></a></li>"
        );
      });
    });
    list.innerHTML = items.join("");
    meta.textContent = items.length
      ? items.length + (items.length === 1 ? " result" : " results") + " for “" + query + "”"
      : "No results for “" + query + "”";
  }

  function search(input, list, meta) {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.innerHTML = "";
      meta.textContent = "Type to search questions, glossary and code";
      return;
    }
    if (!pagefind) meta.textContent = "Loading the search index…";
    load()
      .then(function (pf) {
        return pf.search(query).then(function (found) {
          var top = (found && found.results ? found.results : []).slice(0, CANDIDATES);
          return Promise.all(top.map(function (r) { return r.data(); }));
        });
      })
      .then(function (records) {
        return KINDS.map(function (kind) {
          return records.filter(function (d) { return d.meta.kind === kind[0]; })
            .slice(0, kind[1]);
        });
      })
      .then(function (groups) {
        if (ticket === latest) render(list, meta, groups, query);
      })
      .catch(function (error) {
        if (ticket === latest) meta.textContent = "Search is unavailable: " + error.message;
      });
  }

  function setup() {
    var input = document.querySelector("[data-hb-search-input]");
    var list = document.querySelector("[data-hb-search-results]");
    var meta = document.querySelector("[data-hb-search-meta]");
    var toggle = document.getElementById("__search");
    if (!input || !list || !meta || !toggle) return;
    var timer = 0;
    function open() {
      if (!toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      load();
    }
    function close() {
      if (toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      input.blur();
    }
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      open();
      clearTimeout(timer);
      timer = setTimeout(function () { search(input, list, meta); }, 100);
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus();
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) toggle.checked = false;
    });
    document.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      var inField = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) ||
        event.target.isContentEditable;
      if (event.key === "Escape" && toggle.checked) {
        close();
      } else if (event.key === "/" && !inField && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        open();
        input.focus();
      } else if (event.key === "ArrowDown" && (event.target === input || at >= 0) && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : links[at - 1]).focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
