"""The search records: one per question, glossary term and code object; each text indexed once."""

from __future__ import annotations

from handbook import search

QUESTION_PAGE = """
<h1 id="metrics">Metrics</h1>
<p>Intro about metrics.</p>
<div class="hb-index"><table><tr><td>index row</td></tr></table>
</div>
<h2 id="precision-recall">What are precision and recall?<a class="headerlink">&para;</a></h2>
<p class="hb-meta"><span class="hb-level">junior</span></p>
<div class="admonition abstract">
<p class="admonition-title">30-second answer</p>
<p>Precision is TP over predicted positives.</p>
</div>
<p>The full answer mentions <code>maxDets</code> and <math><mi>x</mi></math> math.</p>
<div class="highlight"><span class="filename">snippets/x.py</span>
<pre><code>def hidden_code(): pass</code></pre></div>
<h2 id="no-abstract">Another?</h2>
<p>Body only.</p>
"""

GLOSSARY_PAGE = """
<h1>Glossary</h1><p>Intro</p>
<h2 id="letter-i">I</h2><details class="hb-letter">
<summary>1 term: Intersection over Union (IoU)</summary>
<h3 id="intersection-over-union">Intersection over Union (IoU)</h3>
<p><em>Overlap divided by union.</em></p>
<p>The ratio of areas.</p>
<p><strong>Also called:</strong> Jaccard index, IoU score</p>
<p class="hb-used" data-hb-used="intersection-over-union"><strong>Used in:</strong> 1 question</p>
</details>
<h2 id="letter-k">K</h2><details class="hb-letter">
<summary>1 term: Kalman filter</summary>
<h3 id="kalman-filter">Kalman filter</h3>
<p><em>Recursive estimator.</em></p>
</details>
"""

CODE_PAGE = """
<h1>Tracking</h1><p>Module docstring.</p>
<h2 id="snippets.tracking.KalmanBoxTracker" class="doc">KalmanBoxTracker
<a class="headerlink" href="#k">&para;</a></h2>
<p>Constant-velocity filter.</p><pre><code>x = F @ x</code></pre>
<h2 id="other">Not an object</h2>
"""


def test_a_question_page_gives_one_record_per_question_without_code() -> None:
    records = search.question_records(QUESTION_PAGE, "questions/metrics/", "Metrics")
    intro, first, second = records
    assert (intro.kind, intro.url, intro.text) == (
        "page",
        "questions/metrics/",
        "Metrics Intro about metrics.",
    )
    assert first.url == "questions/metrics/#precision-recall" and first.kind == "question"
    assert first.title == "What are precision and recall?"
    assert first.lead == "Precision is TP over predicted positives."
    assert (
        "maxDets" in first.text
        and "hidden_code" not in first.text
        and "snippets/x.py" not in first.text
    )
    assert "index row" not in intro.text and "Precision is TP" not in first.text  # once only
    assert second.lead == "" and second.text == "Body only."


def test_glossary_records_carry_aliases_and_leave_out_used_in() -> None:
    iou, kalman = search.glossary_records(GLOSSARY_PAGE, "glossary/")
    assert iou.url == "glossary/#intersection-over-union" and iou.kind == "glossary"
    assert iou.aliases == ["Jaccard index", "IoU score"]
    assert iou.lead == "Overlap divided by union." and iou.text == "The ratio of areas."
    assert "Used in" not in iou.text and "1 question" not in iou.text
    assert kalman.lead == "Recursive estimator." and kalman.text == ""


def test_code_records_split_names_and_keep_the_code_once() -> None:
    intro, obj = search.code_records(CODE_PAGE, "reference/tracking/", "Tracking")
    assert intro.kind == obj.kind == "code"
    assert obj.url == "reference/tracking/#snippets.tracking.KalmanBoxTracker"
    assert obj.lead == "Kalman Box Tracker" and "x = F @ x" in obj.text
    assert search.split_identifier("associate_detections") == "associate detections"
    assert search.code_records("<p>no headings</p>", "r/", "R")[0].text == "no headings"


def test_which_pages_give_which_records() -> None:
    assert search.page_records("cheatsheets/data.md", "cheatsheets/data/", "D", "<p>x</p>") == []
    assert search.page_records("changes.md", "changes/", "C", "<p>x</p>") == []
    assert search.page_records("glossary.md", "glossary/", "G", GLOSSARY_PAGE)[0].kind == "glossary"
    assert (
        search.page_records("reference/boxes.md", "reference/boxes/", "B", CODE_PAGE)[0].kind
        == "code"
    )
    assert (
        search.page_records("questions/m.md", "questions/m/", "M", QUESTION_PAGE)[1].kind
        == "question"
    )
    (home,) = search.page_records("index.md", "", "Home", "<h1>Home</h1><p>Welcome</p>")
    assert (home.kind, home.text) == ("page", "Home Welcome")
    assert search.page_records("index.md", "", "Home", "<div></div>") == []


def test_a_record_as_html_weights_title_aliases_and_lead() -> None:
    record = search.Record(
        "glossary/#iou", "glossary", "IoU <b>", "text", "Glossary", "lead", ["Jaccard"]
    )
    html = record.to_html()
    assert '<span data-pagefind-meta="kind">Glossary</span>' in html
    assert '<span data-pagefind-meta="href">glossary/#iou</span>' in html
    assert '<h1 data-pagefind-meta="title">IoU &lt;b&gt;</h1><h2>Jaccard</h2>' in html
    assert '<p data-pagefind-weight="3">lead</p>' in html
    bare = search.Record("x/", "page", "X", "t").to_html()
    assert "section" not in bare and "data-pagefind-weight" not in bare
