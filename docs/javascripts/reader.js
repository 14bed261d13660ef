/* Reader features, small and vanilla (no third-party code): quiz mode, level and tag filters
   and a random question on category pages (the markup comes from hooks/study.py), a random
   question anywhere, glossary terms on touch screens (tap shows the definition in place;
   tap elsewhere closes it), the glossary letter a link points into opened and, in an opened
   letter, the questions that use each term. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("..", script ? script.src : location.href);
  var QUIZ_KEY = "hb-quiz";
  var root = document.documentElement;

  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  /* --- quiz mode ------------------------------------------------------------------------ */
  function setQuiz(on) {
    root.classList.toggle("hb-quiz", on);
    document.querySelectorAll("[data-hb-quiz]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(on));
    });
    document.querySelectorAll(".hb-q.hb-shown").forEach(function (q) {
      q.classList.remove("hb-shown");
      q.querySelector(".hb-reveal").setAttribute("aria-expanded", "false");
    });
    store(QUIZ_KEY, on ? "1" : "0");
  }
  function reveal(button) {
    var q = button.closest(".hb-q");
    var open = !q.classList.contains("hb-shown");
    q.classList.toggle("hb-shown", open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide answer" : "Show answer";
  }

  /* --- filters and random question ------------------------------------------------------ */
  function applyFilters() {
    var level = document.querySelector("[data-hb-level]");
    var tag = document.querySelector("[data-hb-tag]");
    var shown = 0;
    var all = document.querySelectorAll(".hb-q");
    all.forEach(function (q) {
      var ok = (!level.value || q.dataset.level === level.value) &&
        (!tag.value || q.dataset.tags.split("|").indexOf(tag.value) >= 0);
      q.hidden = !ok;
      if (ok) shown += 1;
      var id = q.querySelector("h2").id;
      var row = document.querySelector('.hb-index a[href="#' + id + '"]');
      if (row && row.closest("tr")) row.closest("tr").hidden = !ok;
    });
    var count = document.querySelector("[data-hb-count]");
    if (count) count.textContent = shown === all.length ? "" : shown + " of " + all.length + " questions";
  }
  function goTo(url) {
    location.href = url;
  }
  function randomHere() {
    var visible = Array.prototype.filter.call(document.querySelectorAll(".hb-q"), function (q) {
      return !q.hidden;
    });
    if (!visible.length) return;
    var q = visible[Math.floor(Math.random() * visible.length)];
    goTo("#" + q.querySelector("h2").id);
  }
  function randomAnywhere(level) {
    fetch(new URL("study/questions.json", base)).then(function (r) { return r.json(); })
      .then(function (rows) {
        var pool = rows.filter(function (row) { return !level || row[1] === level; });
        var row = pool[Math.floor(Math.random() * pool.length)];
        if (row) goTo(new URL(row[0], base).href);
      });
  }

  /* --- glossary terms on touch screens -------------------------------------------------- */
  var lastPointer = "";
  var pop = null;
  function closePop() {
    if (pop) {
      pop.hbFor.removeAttribute("aria-describedby");
      pop.remove();
      pop = null;
    }
  }
  function showTerm(link, hover) {
    if (pop && pop.hbFor === link) return;
    closePop();
    var text = link.getAttribute("data-tip") || "";
    pop = document.createElement("div");
    pop.hbFor = link;
    pop.id = "hb-pop";
    pop.className = "hb-pop md-typeset";
    pop.setAttribute("role", hover ? "tooltip" : "dialog");
    pop.setAttribute("aria-label", link.textContent);
    link.setAttribute("aria-describedby", "hb-pop");
    var strong = document.createElement("strong");
    strong.textContent = link.textContent;
    var p = document.createElement("p");
    p.appendChild(strong);
    p.appendChild(document.createTextNode(": " + text + " "));
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = "Open in the glossary";
    p.appendChild(more);
    pop.appendChild(p);
    document.body.appendChild(pop);
    var r = link.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = r.bottom + window.scrollY + 6 + "px";
  }

  /* Hover (after a short delay) and keyboard focus show the same box as a tooltip. */
  var hoverTimer = 0;
  function termOf(target) {
    return target && target.closest ? target.closest("a.hb-term") : null;
  }
  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    clearTimeout(hoverTimer);
    if (term && lastPointer !== "touch") {
      hoverTimer = setTimeout(function () { showTerm(term, true); }, 250);
    } else if (pop && !(event.target.closest && event.target.closest(".hb-pop")) &&
      pop.getAttribute("role") === "tooltip") {
      hoverTimer = setTimeout(closePop, 300);
    }
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) showTerm(term, true);
    else if (pop && !pop.contains(event.target)) closePop();
  });

  /* --- glossary: a link to a term or a letter opens the letter (a closed <details>) ------ */
  function openTargetEntry() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (!el) return;
    var letter = el.closest("details.hb-letter") ||
      (el.tagName === "H2" && el.nextElementSibling && el.nextElementSibling.matches("details.hb-letter")
        ? el.nextElementSibling : null);
    if (letter && !letter.open) {
      letter.open = true;
      el.scrollIntoView();
    }
  }

  /* Opening a letter lists, under each term, the questions that use it (glossary/used-in.json,
     written by hooks/glossary.py) in place of the page's count per category. */
  var usedIn = null;
  function listUsedIn(p) {
    if (p.hbListed) return;
    p.hbListed = true;
    usedIn = usedIn || fetch(new URL("glossary/used-in.json", base)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    usedIn.then(function (data) {
      var rows = (data.terms[p.getAttribute("data-hb-used")] || []).map(function (i) {
        return data.questions[i];
      });
      if (!rows.length) return;
      var label = p.querySelector("strong");
      p.textContent = "";
      p.appendChild(label);
      rows.forEach(function (row, i) {
        p.appendChild(document.createTextNode(i ? " · " : " "));
        var a = document.createElement("a");
        a.href = new URL(row[0], base).href;
        a.textContent = row[1];
        p.appendChild(a);
      });
    }).catch(function () { p.hbListed = false; usedIn = null; }); /* the counts stay */
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d.open && d.matches && d.matches("details.hb-letter")) {
      d.querySelectorAll("p[data-hb-used]").forEach(listUsedIn);
    }
  }, true);

  /* --- wiring --------------------------------------------------------------------------- */
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target;
    var term = target.closest && target.closest("a.hb-term");
    var touch = lastPointer === "touch" || matchMedia("(hover: none)").matches;
    if (term && touch && !(pop && pop.hbFor === term && pop.getAttribute("role") === "dialog")) {
      event.preventDefault(); // first tap: the definition here; a second tap follows the link
      closePop();
      showTerm(term, false);
      return;
    }
    if (pop && !(target.closest && target.closest(".hb-pop"))) closePop();
    if (!target.closest) return;
    if (target.closest("[data-hb-quiz]")) setQuiz(!root.classList.contains("hb-quiz"));
    else if (target.closest(".hb-reveal")) reveal(target.closest(".hb-reveal"));
    else if (target.closest("[data-hb-random]")) randomHere();
    else if (target.closest("[data-hb-random-all]")) {
      event.preventDefault();
      randomAnywhere(target.closest("[data-hb-random-all]").dataset.hbRandomAll);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-hb-level], [data-hb-tag]")) applyFilters();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePop();
    var t = event.target;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "q" && document.querySelector("[data-hb-quiz]")) {
      setQuiz(!root.classList.contains("hb-quiz"));
    } else if (event.key === "r" && document.querySelector("[data-hb-random]")) {
      randomHere();
    }
  });
  if (stored(QUIZ_KEY) === "1" && document.querySelector("[data-hb-quiz]")) setQuiz(true);
  window.addEventListener("hashchange", openTargetEntry);
  openTargetEntry();
})();
