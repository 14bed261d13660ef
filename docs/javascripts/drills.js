/* Numeric drills: a "New set" button that draws another set in the browser, no server.
 *
 * A mirror of handbook/drills.py: the same mulberry32 generator, the same draws in the same
 * order, and the same formulas as the snippets (conv_output_size, conv_params,
 * receptive_field, box_iou, nms, precision_recall_curve_detections + voc_average_precision,
 * homography_dlt + apply_homography, affine_qparams + quantize). A browser test checks
 * that Python and this file draw the same inputs and print the same answers for several
 * seeds. The page works without it: the build's set, answers behind <details>.
 */
(function () {
  "use strict";

  function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function makeRng(seed) {
    const next = mulberry32(seed);
    const randint = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
    const choice = (items) => items[randint(0, items.length - 1)];
    const sample = (items, k) => {
      const pool = items.slice();
      const out = [];
      for (let i = 0; i < k; i++) out.push(pool.splice(randint(0, pool.length - 1), 1)[0]);
      return out;
    };
    return { randint, choice, sample };
  }

  // ---- formatting, as Python prints ------------------------------------------------------
  function fixed(value, digits) {
    // Like Python's f"{value:.{digits}f}": both round the double's exact decimal value, but
    // an exact tie (0.8125 to 3 digits) goes to the even digit in Python ("0.812") and away
    // from zero in toFixed ("0.813"). Only the exact digits tell a tie: 0.6125 is stored as
    // 0.61250000000000004…, not a tie ("0.613" in both), although 0.6125 * 1000 === 612.5.
    let text = value.toFixed(digits);
    if (!(Math.abs(value) < 1e21)) return text; // toFixed's exponent form (and NaN): no ties
    const exact = Math.abs(value).toFixed(100); // every digit of a double >= 2**-48 (no tie below)
    const cut = exact.indexOf(".") + (digits > 0 ? digits + 1 : 0);
    if (/^\.?50*$/.test(exact.slice(cut)) && Number(exact[cut - 1]) % 2 === 0) {
      text = (value < 0 ? "-" : "") + exact.slice(0, cut); // the even digit: drop the 5
    }
    return text.startsWith("-") && Number(text) === 0 ? text.slice(1) : text;
  }
  const general6 = (v) => String(Number.parseFloat(v.toPrecision(6)));
  const thousands = (n) => n.toLocaleString("en-US");
  const pyFloat = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
  const tuple = (items) => "(" + items.join(", ") + ")";
  const esc = (text) =>
    String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

  function roundHalfEven(v) {
    const r = Math.round(v);
    return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : r;
  }

  // ---- the snippets' formulas -------------------------------------------------------------
  const convOutputSize = (n, k, s, p, d) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
  const convParams = (cin, cout, k, bias, g) => cout * (cin / g) * k * k + (bias ? cout : 0);

  function jumps(strides) {
    const out = [1];
    for (let i = 0; i < strides.length - 1; i++) out.push(out[i] * strides[i]);
    return out;
  }

  function receptiveField(kernels, strides) {
    const j = jumps(strides);
    return 1 + kernels.reduce((sum, k, i) => sum + (k - 1) * j[i], 0);
  }

  function overlap(a, b) {
    const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), 0);
    const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), 0);
    const inter = iw * ih;
    const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    return { iw, ih, inter, union };
  }

  function boxIou(a, b) {
    const o = overlap(a, b);
    return o.union > 0 ? o.inter / o.union : 0;
  }

  function nms(boxes, scores, t) {
    const order = boxes.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
    const keep = [];
    let rest = order;
    while (rest.length) {
      const i = rest[0];
      keep.push(i);
      rest = rest.slice(1).filter((j) => {
        const o = overlap(boxes[i], boxes[j]);
        return !(o.inter > t * o.union) || o.union <= 0;
      });
    }
    return keep;
  }

  function averagePrecision(hits, gt) {
    let tp = 0;
    const prec = [];
    const rec = [];
    hits.forEach((h, i) => {
      tp += h;
      prec.push(tp / (i + 1));
      rec.push(tp / gt);
    });
    const mrec = [0, ...rec, 1];
    const mpre = [0, ...prec, 0];
    for (let i = mpre.length - 2; i >= 0; i--) mpre[i] = Math.max(mpre[i], mpre[i + 1]);
    let ap = 0;
    for (let i = 0; i < mrec.length - 1; i++) {
      if (mrec[i + 1] !== mrec[i]) ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
    }
    return ap;
  }

  function solve(A, b) {
    // Gaussian elimination with partial pivoting (8 unknowns).
    const n = b.length;
    const M = A.map((row, i) => [...row, b[i]]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
      [M[c], M[p]] = [M[p], M[c]];
      for (let r = c + 1; r < n; r++) {
        const f = M[r][c] / M[c][c];
        for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
      }
    }
    const x = new Array(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = M[r][n];
      for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
      x[r] = s / M[r][r];
    }
    return x;
  }

  function homography(src, dst) {
    // Exactly four pairs: the DLT's solution, with H[2][2] = 1.
    const A = [];
    const b = [];
    src.forEach(([x, y], i) => {
      const [u, v] = dst[i];
      A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
      b.push(u);
      A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
      b.push(v);
    });
    const h = solve(A, b);
    return [h.slice(0, 3), h.slice(3, 6), [h[6], h[7], 1]];
  }

  function applyHomography(H, [x, y]) {
    const w = H[2][0] * x + H[2][1] * y + H[2][2];
    return [(H[0][0] * x + H[0][1] * y + H[0][2]) / w, (H[1][0] * x + H[1][1] * y + H[1][2]) / w];
  }

  function affineQparams(xmin, xmax, qmin, qmax) {
    const lo = Math.min(xmin, 0);
    const hi = Math.max(xmax, 0);
    const raw = (hi - lo) / (qmax - qmin);
    const scale = raw > 0 ? raw : 1;
    const zp = qmin - roundHalfEven(lo / scale);
    return [scale, Math.min(Math.max(zp, qmin), qmax)];
  }

  const quantize = (x, scale, zp, qmin, qmax) =>
    Math.min(Math.max(roundHalfEven(x / scale) + zp, qmin), qmax);

  // ---- the generators (same draws, same order as handbook/drills.py) ----------------------
  function convOutputDrill(r) {
    const n = r.choice([28, 32, 56, 64, 100, 112, 128, 224, 227, 256]);
    const k = r.choice([1, 3, 3, 5, 7, 11]);
    const s = r.choice([1, 2, 2, 4]);
    const p = r.randint(0, Math.floor(k / 2));
    const d = k > 1 ? r.choice([1, 1, 1, 2]) : 1;
    const out = convOutputSize(n, k, s, p, d);
    const span = n + 2 * p - d * (k - 1) - 1;
    return {
      kind: "conv-output", title: "Convolution output size",
      prompt: `A ${k}×${k} convolution with stride ${s}, padding ${p} and dilation ${d} runs over a ${n}×${n} feature map. What are the output's height and width?`,
      inputs: { size: n, kernel: k, stride: s, padding: p, dilation: d },
      shown: { size: String(out) },
      working: `⌊(${n} + 2·${p} − ${d}·(${k} − 1) − 1) / ${s}⌋ + 1 = ⌊${span} / ${s}⌋ + 1 = ${out}`,
    };
  }

  function convParamsDrill(r) {
    const depthwise = r.randint(0, 3) === 0;
    let cin, cout, g;
    if (depthwise) {
      cin = cout = g = r.choice([32, 64, 128, 256]);
    } else {
      cin = r.choice([3, 16, 32, 64, 128, 256]);
      cout = r.choice([16, 32, 64, 128, 256]);
      g = 1;
    }
    const k = r.choice([1, 3, 3, 5, 7]);
    const bias = r.randint(0, 1) === 1;
    const params = convParams(cin, cout, k, bias, g);
    const kind = depthwise ? `depthwise (groups = ${g}) ` : "";
    return {
      kind: "conv-params", title: "Convolution parameters",
      prompt: `How many learnable parameters does a ${kind}${k}×${k} convolution from ${cin} to ${cout} channels have, ${bias ? "with" : "without"} bias?`,
      inputs: { in_ch: cin, out_ch: cout, k, bias, groups: g },
      shown: { params: thousands(params) },
      working: `${cout} · (${cin} / ${g}) · ${k}·${k} + ${bias ? cout : 0} = ${thousands(params)}`,
    };
  }

  function receptiveFieldDrill(r) {
    const layers = r.randint(3, 5);
    const kernels = [];
    const strides = [];
    for (let i = 0; i < layers; i++) kernels.push(r.choice([1, 3, 3, 3, 5, 7]));
    for (let i = 0; i < layers; i++) strides.push(r.choice([1, 1, 2]));
    const rf = receptiveField(kernels, strides);
    const j = jumps(strides);
    const stack = kernels.map((k, i) => `${k}×${k}/s${strides[i]}`).join(" → ");
    const terms = kernels.map((k, i) => `${k - 1}·${j[i]}`).join(" + ");
    return {
      kind: "receptive-field", title: "Receptive field of a stack",
      prompt: `Layers, input first (kernel/stride): ${stack}. What is the receptive field of one unit of the last layer, in input pixels?`,
      inputs: { kernels, strides },
      shown: { receptive_field: String(rf) },
      working: `1 + Σ (k<sub>l</sub> − 1)·Π<sub>i&lt;l</sub> s<sub>i</sub> = 1 + ${terms} = ${rf}`,
    };
  }

  function box(r, x, y, lo = 4, hi = 10) {
    const w = r.randint(lo, hi);
    const h = r.randint(lo, hi);
    return [x, y, x + w, y + h];
  }

  function iouDrill(r) {
    const ax = r.randint(0, 10);
    const a = box(r, ax, r.randint(0, 10));
    const bx = a[0] + r.randint(-4, 6);
    const b = box(r, bx, a[1] + r.randint(-4, 6));
    const o = overlap(a, b);
    return {
      kind: "iou", title: "IoU of two boxes",
      prompt: `Boxes as (x1, y1, x2, y2): A = ${tuple(a)}, B = ${tuple(b)}. What is their IoU?`,
      inputs: { a, b },
      shown: { iou: fixed(boxIou(a, b), 3) },
      working: `intersection ${o.iw}·${o.ih} = ${o.inter}; union ${o.union}; IoU = ${o.inter}/${o.union}`,
    };
  }

  function nmsDrill(r) {
    const boxes = [];
    for (let i = 0; i < 4; i++) {
      const x = 10 + r.randint(-3, 3);
      boxes.push(box(r, x, 10 + r.randint(-3, 3), 8, 14));
    }
    const x5 = 26 + r.randint(0, 6);
    boxes.push(box(r, x5, 10 + r.randint(-3, 3), 8, 14));
    const scores = r.sample([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5], boxes.length);
    const t = r.choice([0.3, 0.5]);
    const keep = nms(boxes, scores, t);
    const letters = "ABCDEFGH";
    const listed = boxes.map((b, i) => `${letters[i]} = ${tuple(b)} (${scores[i].toFixed(2)})`).join("; ");
    return {
      kind: "nms", title: "NMS survivors",
      prompt: `Greedy NMS with IoU threshold ${t} (suppress IoU &gt; threshold) over boxes (x1, y1, x2, y2) with scores: ${listed}. Which boxes survive, in order?`,
      inputs: { boxes, scores, iou_threshold: t },
      shown: { keep: keep.map((i) => letters[i]).join(", ") },
      working: "take the highest score, drop every box overlapping it by more than the threshold, repeat with what is left",
    };
  }

  function apDrill(r) {
    const n = r.randint(6, 8);
    const hits = [];
    for (let i = 0; i < n; i++) hits.push(r.randint(0, 1));
    hits[r.randint(0, 2)] = 1;
    const gt = hits.reduce((a, b) => a + b, 0) + r.randint(0, 2);
    let tp = 0;
    const atTp = [];
    hits.forEach((h, i) => {
      tp += h;
      if (h) atTp.push(`${tp}/${i + 1}`);
    });
    return {
      kind: "ap", title: "AP from a ranked list",
      prompt: `One class has ${gt} ground-truth objects. The detections, by descending score, are ${hits.map((h) => (h ? "TP" : "FP")).join(" ")}. What is the all-point interpolated AP (VOC 2010+)?`,
      inputs: { hits, num_ground_truth: gt },
      shown: { ap: fixed(averagePrecision(hits, gt), 3) },
      working: `precision at each TP: ${atTp.join(", ")}; AP = Σ Δrecall × (max precision at or beyond it), each TP adding 1/${gt} recall`,
    };
  }

  const UNIT_SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1]];

  function homographyDrill(r) {
    const w = r.choice([100, 200, 300]);
    const h = r.choice([100, 150, 200]);
    const corners = [[0, 0], [w, 0], [w, h], [0, h]];
    const dst = corners.map(([x, y]) => {
      const u = x + r.randint(-20, 20);
      return [u, y + r.randint(-20, 20)];
    });
    const H = homography(UNIT_SQUARE, dst);
    const c = applyHomography(H, [0.5, 0.5]);
    const pairs = UNIT_SQUARE.map((s, i) => `${tuple(s)} → ${tuple(dst[i])}`).join(", ");
    return {
      kind: "homography", title: "Homography from four point pairs",
      prompt: `Find the homography H (scaled so H[2, 2] = 1) that maps the unit square to a quadrilateral: ${pairs}. Where does the square's centre (0.5, 0.5) land?`,
      inputs: { src: UNIT_SQUARE, dst },
      shown: {
        H: H.map((row) => "[" + row.map((v) => fixed(v, 4)).join(", ") + "]").join("; "),
        centre: `(${fixed(c[0], 2)}, ${fixed(c[1], 2)})`,
      },
      working: "8 unknowns, 2 equations per pair (DLT); the centre is where the diagonals cross",
    };
  }

  function quantizationDrill(r) {
    const [name, qmin, qmax] = r.choice([["int8", -128, 127], ["uint8", 0, 255]]);
    const xmin = -r.randint(0, 60) / 10 + 0;
    const xmax = r.randint(10, 120) / 10;
    const x = r.randint(Math.round(xmin * 10), Math.round(xmax * 10)) / 10;
    const [scale, zp] = affineQparams(xmin, xmax, qmin, qmax);
    const q = quantize(x, scale, zp, qmin, qmax);
    const [lo, hi, xv] = [pyFloat(xmin), pyFloat(xmax), pyFloat(x)];
    return {
      kind: "quantization", title: `${name} scale and zero-point`,
      prompt: `A tensor's values span [${lo}, ${hi}]. Quantise it to ${name} ([${qmin}, ${qmax}], affine, per tensor): give the scale, the zero-point and the code of x = ${xv}.`,
      inputs: { x_min: xmin, x_max: xmax, dtype: name, x },
      shown: { scale: general6(scale), zero_point: String(zp), q: String(q) },
      working: `scale = (${hi} − (${lo})) / ${qmax - qmin}; zero-point = ${qmin} − round(${lo} / scale); q = clamp(round(x / scale) + zero-point)`,
    };
  }

  const GENERATORS = [
    convOutputDrill, convParamsDrill, receptiveFieldDrill, iouDrill,
    nmsDrill, apDrill, homographyDrill, quantizationDrill,
  ];

  function drillSet(seed, perKind) {
    const r = makeRng(seed);
    const out = [];
    GENERATORS.forEach((make) => {
      for (let i = 0; i < perKind; i++) out.push(make(r));
    });
    return out;
  }

  // ---- the page ---------------------------------------------------------------------------
  const label = (name) => name.replace(/_/g, " ") + " =";

  function drillHtml(n, d) {
    const values = Object.entries(d.shown)
      .map(([k, v]) => `${label(k)} <span class="hb-value" data-name="${k}">${esc(v)}</span>`)
      .join(" · ");
    return (
      `<section class="hb-drill" id="drill-${n}" data-kind="${d.kind}" data-inputs="${esc(JSON.stringify(d.inputs))}">` +
      `<p class="hb-drill-title"><strong>${n}. ${d.title}</strong></p><p>${d.prompt}</p>` +
      '<details class="hb-drill-answer"><summary>Show the answer</summary>' +
      `<p class="hb-answer">${values}</p><p class="hb-working">${d.working}</p></details></section>`
    );
  }

  function show(root, seed) {
    const perKind = Number(root.dataset.perKind || 2);
    const drills = drillSet(seed, perKind);
    root.dataset.seed = String(seed);
    root.innerHTML = drills.map((d, i) => drillHtml(i + 1, d)).join("\n");
    const key = document.querySelector(".hb-answer-key ol");
    if (key) {
      key.innerHTML = drills
        .map((d) => "<li>" + Object.entries(d.shown).map(([k, v]) => `${label(k)} ${esc(v)}`).join("; ") + "</li>")
        .join("");
    }
    document.querySelectorAll(".hb-seed").forEach((el) => (el.textContent = String(seed)));
  }

  function seedFromHash() {
    const m = /(?:^|[#&])seed=(\d{1,10})(?:&|$)/.exec(window.location.hash);
    return m ? Number(m[1]) >>> 0 : null;
  }

  function init() {
    const root = document.querySelector(".hb-drills");
    const button = document.querySelector(".hb-new-set");
    if (!root || !button) return;
    const seed = seedFromHash();
    if (seed !== null) show(root, seed);
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = window.crypto.getRandomValues(new Uint32Array(1))[0];
      window.history.replaceState(null, "", "#seed=" + next);
      show(root, next);
    });
  }

  window.handbookDrills = { drillSet, mulberry32 };
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
