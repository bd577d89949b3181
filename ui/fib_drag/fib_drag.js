// Fibonacci anchor handles laid over the Technicals price chart (Custom Components v2, no iframe).
//
// Streamlit's own st.plotly_chart draws the chart; this module finds it in the same document
// (the element keyed `data.chart`, class `st-key-<chart>`), reads its axes from the graph div's
// `_fullLayout` (l2p/p2l: date axes and rangebreaks included) and lays over it one handle per
// anchor and, while a handle is dragged, every level line, its tag and its percent from the
// close, redrawn once per animation frame in the browser. On release the handle snaps to a bar
// and the anchor dates go to Python once (one trigger), which moves the sliders, the URL and
// the tables as a slider move does. No plotly.js of its own: the chart is Streamlit's.
//
// The formulas (levelsFor, snapIndex, priceText...) are in fib_levels.js and the tables
// (tableModel, standInTables, restoreTables) in fib_tables.js, joined before this file into the
// one script. A drag (whenever the anchor crosses to another bar), a release or a slider move
// also writes the level and sensitivity tables at once.

const SVG = "http://www.w3.org/2000/svg";
const TAG_SHIFT_PX = 4;       // the level tags' xshift in analytics/figures/technicals.py
const EDGE_STEP_PX = 15;      // its OFF_CHART_LINE_PX: one far level per line at the edge
const FIND_TIMEOUT_MS = 15000;
const FRAME_MEASURE = "fib-drag-frame";
// After a release, how long the overlay's levels and tables stand in for Python's if no answer
// comes while the app is idle (a run still under way, slow on a busy server, is waited for).
const STALE_MS = 4000;
const APP = "[data-testid='stApp']";
// While dragging, the tables are rewritten at most this often (the levels every frame).
const TABLES_EVERY_MS = 100;

// ---- the overlay -------------------------------------------------------------------------------
function svgEl(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  parent.appendChild(node);
  return node;
}

const views = new WeakMap();  // parentElement -> view, kept across reruns (one call per data)

function findChart(name) {
  const box = document.querySelector(`.st-key-${CSS.escape(name)}`);
  const gd = box && box.querySelector(".js-plotly-plot");
  const full = gd && gd._fullLayout;
  return full && full.xaxis && full.yaxis && typeof full.xaxis.p2l === "function" ? {box, gd} : null;
}

function waitForChart(name) {
  return new Promise((resolve, reject) => {
    const found = findChart(name);
    if (found) { resolve(found); return; }
    const started = performance.now();
    const look = () => {
      const hit = findChart(name);
      if (hit) resolve(hit);
      else if (performance.now() - started > FIND_TIMEOUT_MS) reject(new Error(`no chart keyed "${name}" on the page`));
      else setTimeout(look, 50);
    };
    setTimeout(look, 50);
  });
}

function axes(view) {
  const full = view.gd._fullLayout;
  return {xa: full.xaxis, ya: full.yaxis};
}

// The overlay covers the graph div exactly, inside the chart's element container.
function place(view) {
  const outer = view.box.getBoundingClientRect(), inner = view.gd.getBoundingClientRect();
  Object.assign(view.layer.style, {left: `${inner.left - outer.left}px`, top: `${inner.top - outer.top}px`,
                                   width: `${inner.width}px`, height: `${inner.height}px`});
}

function handlePoint(view, a) {
  const {xa, ya} = axes(view);
  return {x: xa._offset + xa.l2p(view.d.bars.t[a.i]), y: ya._offset + ya.l2p(a.price)};
}

function drawHandles(view, at, pointer) {
  const {anchors} = levelsFor(view.d, at);
  for (const a of anchors) {
    let node = view.handles.get(a.key);
    if (!node) {
      node = document.createElement("div");
      node.className = "fib-handle";
      node.dataset.key = a.key;
      node.setAttribute("data-testid", `fib-handle-${a.key}`);
      node.setAttribute("role", "slider");
      node.innerHTML = '<span class="fib-dot"></span><span class="fib-handle-label"></span>';
      view.layer.appendChild(node);
      view.handles.set(a.key, node);
    }
    const dragging = view.drag && view.drag.key === a.key;
    const p = dragging && pointer ? pointer : handlePoint(view, a);
    node.style.transform = `translate(${p.x}px, ${p.y}px)`;
    node.dataset.date = view.d.bars.d[a.i];
    node.setAttribute("aria-label", `Anchor ${a.label} ${priceText(a.price)} on ${view.d.bars.d[a.i]}`);
    node.classList.toggle("fib-active", dragging);
    node.lastChild.textContent = dragging ? `${a.label} ${priceText(a.price)} · ${view.d.bars.d[a.i]}` : "";
  }
  for (const [key, node] of view.handles) if (!anchors.some((a) => a.key === key)) { node.remove(); view.handles.delete(key); }
  // Where the dragged anchor lands on release: the snapped bar's price.
  const snapped = view.drag && anchors.find((a) => a.key === view.drag.key);
  if (snapped) {
    const p = handlePoint(view, snapped);
    view.snap.setAttribute("cx", p.x); view.snap.setAttribute("cy", p.y); view.snap.style.display = "";
  } else view.snap.style.display = "none";
}

// Level lines, tags and percent from the close (the figure's drawn levels are hidden meanwhile).
function drawLevels(view, at) {
  const {levels} = levelsFor(view.d, at);
  const {xa, ya} = axes(view);
  const [r0, r1] = ya.range, top = ya._offset, bottom = top + ya._length;
  const left = xa._offset, right = left + xa._length;
  const rows = [], above = [], below = [];
  for (const [r, p] of levels || []) {
    const tag = `${ratioKey(r)} · ${priceText(p)}`, pct = `${pctText(p / view.d.close - 1)} from close`;
    if (p > Math.max(r0, r1)) above.push({p, tag: `↑ ${tag}`, pct});
    else if (p < Math.min(r0, r1)) below.push({p, tag: `↓ ${tag}`, pct});
    else rows.push({p, tag, pct, y: ya._offset + ya.l2p(p), line: true});
  }
  above.sort((a, b) => a.p - b.p).forEach((row, n) => rows.push({...row, y: top - 6 - EDGE_STEP_PX * n}));
  below.sort((a, b) => b.p - a.p).forEach((row, n) => rows.push({...row, y: bottom + 8 + EDGE_STEP_PX * n}));
  while (view.rows.length < rows.length) {
    const g = svgEl("g", {class: "fib-level"}, view.lines);
    view.rows.push({g, line: svgEl("line", {class: "fib-line"}, g), tag: svgEl("text", {class: "fib-tag"}, g),
                    pct: svgEl("text", {class: "fib-pct", "text-anchor": "end"}, g)});
  }
  view.rows.forEach((row, n) => {
    const want = rows[n];
    row.g.style.display = want ? "" : "none";
    if (!want) return;
    row.line.style.display = want.line ? "" : "none";
    if (want.line) for (const [k, v] of [["x1", left], ["x2", right], ["y1", want.y], ["y2", want.y]]) row.line.setAttribute(k, v);
    row.tag.setAttribute("x", right + TAG_SHIFT_PX); row.tag.setAttribute("y", want.y);
    row.pct.setAttribute("x", right - 4); row.pct.setAttribute("y", want.line ? want.y - 4 : want.y);
    if (row.tag.textContent !== want.tag) row.tag.textContent = want.tag;
    if (row.pct.textContent !== want.pct) row.pct.textContent = want.pct;
  });
  view.lines.style.display = "";
}

// The figure's own level lines, level tags and anchor markers: hidden while the overlay's stand in.
function figureLevels(view, hidden) {
  const d = view.d, gd = view.gd, set = (node) => node && node.classList.toggle("fib-stale", hidden);
  d.shapes.forEach((i) => gd.querySelectorAll(`.shapelayer path[data-index="${i}"]`).forEach(set));
  d.notes.forEach((i) => gd.querySelectorAll(`.infolayer .annotation[data-index="${i}"]`).forEach(set));
  if (d.anchorTrace >= 0) set(gd.querySelectorAll(".scatterlayer .trace")[d.anchorTrace]);
}

function settle(view) {  // back to rest: the figure shows the levels, the overlay only handles
  clearTimeout(view.staleTimer);
  view.stale = false;
  restoreTables(view);
  view.lines.style.display = "none";
  figureLevels(view, false);
  drawHandles(view, view.at);
}

// No answer yet: while the app's script is running (or a rerun is asked for) the answer is on its
// way; once the app is idle without one, the figure's levels and Python's tables come back.
function unanswered(view) {
  const app = document.querySelector(APP);
  if (app && app.dataset.testScriptState && app.dataset.testScriptState !== "notRunning") {
    view.staleTimer = setTimeout(() => unanswered(view), STALE_MS);
    return;
  }
  settle(view);
}

// New anchors sent to Python (a release, or a slider moved): the overlay draws their handles and
// levels at once, and stands in for the figure's until Python's figure for them is drawn.
function standIn(view, at) {
  view.at = at;
  view.stale = true;
  view.plotted = false;
  view.fresh = false;
  clearTimeout(view.staleTimer);
  view.staleTimer = setTimeout(() => unanswered(view), STALE_MS);
  figureLevels(view, true);
  drawHandles(view, view.at);
  drawLevels(view, view.at);
  standInTables(view, view.at);
}

// Slider to handle, in the browser: a slider's thumb shows its new day (aria-valuetext, the
// slider's format_func: YYYY-MM-DD) as soon as it moves, while Streamlit sends the value to
// Python; the handle and the levels follow at once instead of after the round trip. One
// observer on the document, for that attribute alone: React may replace a slider's input.
function followSliders(view) {
  const watch = new MutationObserver((records) => {
    for (const record of records) sliderMoved(view, record.target);
  });
  watch.observe(document.body, {attributes: true, subtree: true, attributeFilter: ["aria-valuetext"]});
  return watch;
}

function sliderMoved(view, input) {
  if (!view.d || view.drag || !view.layer || !view.layer.isConnected) return;
  const box = input.type === "range" && input.closest("[class*='st-key-']");
  const key = box && view.d.keys.find((k) => box.classList.contains(`st-key-${k}`));
  const day = input.getAttribute("aria-valuetext") || "";
  if (!key || !(key in view.at) || Number.isNaN(Date.parse(day))) return;
  const i = snapIndex(view.d.bars.t, Date.parse(day), view.d.lo);
  // Python's answer to our own move; or a day before the chart starts, which Python redraws.
  if (i === view.at[key] || view.d.bars.d[i] !== day) return;
  standIn(view, {...view.at, [key]: i});
  performance.mark("fib-slider");
}

function pointerAt(view, event) {
  const {xa, ya} = axes(view), box = view.drag.box;
  const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
  const x = clamp(event.clientX - box.left, xa._offset, xa._offset + xa._length);
  const y = clamp(event.clientY - box.top, ya._offset, ya._offset + ya._length);
  return {x, y, t: xa.p2l(x - xa._offset)};
}

function frame(view) {
  const drag = view.drag;
  if (!drag) return;
  drag.pending = false;
  const p = pointerAt(view, drag.event);
  drag.at = {...drag.at, [drag.key]: snapIndex(view.d.bars.t, p.t, view.d.lo)};
  drawHandles(view, drag.at, p);
  drawLevels(view, drag.at);
  // The tables follow the pointer too: rewritten when the anchor has crossed to another bar, at
  // most every TABLES_EVERY_MS (a later crossing is written when that time is up).
  const wait = drag.tablesWritten + TABLES_EVERY_MS - performance.now();
  if (JSON.stringify(drag.at) !== drag.tablesAt) {
    if (wait <= 0) dragTables(view, drag);
    else if (!drag.tablesTimer) {
      drag.tablesTimer = setTimeout(() => { drag.tablesTimer = null; if (view.drag === drag) dragTables(view, drag); }, wait);
    }
  }
  performance.measure(FRAME_MEASURE, {start: drag.since, end: performance.now()});
}

// The tables for where the dragged anchor is now (their layout forced here: within a frame,
// the frame's measure counts it).
function dragTables(view, drag) {
  const at = JSON.stringify(drag.at);
  if (at === drag.tablesAt) return;
  drag.tablesAt = at;
  drag.tablesWritten = performance.now();
  standInTables(view, drag.at);
  if (view.savedTables) void view.savedTables.block.offsetHeight;
}

function listen(view) {
  const down = (event) => {
    const handle = event.target.closest(".fib-handle");
    if (!handle || !view.d || event.button > 0) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    view.drag = {key: handle.dataset.key, pointerId: event.pointerId, at: {...view.at}, pending: false,
                 box: view.gd.getBoundingClientRect(), tablesAt: JSON.stringify(view.at), tablesWritten: 0};
    view.layer.classList.add("fib-dragging");
    figureLevels(view, true);
    drawLevels(view, view.drag.at);
  };
  const move = (event) => {
    const drag = view.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    event.preventDefault();
    if (!drag.pending) { drag.since = event.timeStamp; drag.pending = true; requestAnimationFrame(() => frame(view)); }
    drag.event = event;
  };
  const up = (event) => {
    const drag = view.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (drag.pending && event.type === "pointerup") frame(view);
    view.drag = null;
    view.layer.classList.remove("fib-dragging");
    const moved = event.type === "pointerup" && drag.at[drag.key] !== view.at[drag.key];
    if (!moved) { settle(view); return; }  // cancelled, or dropped on the bar it started from
    standIn(view, drag.at);
    performance.mark("fib-release");
    const dates = Object.fromEntries(view.d.keys.map((k) => [k, view.d.bars.d[view.at[k]]]));
    view.send("release", {moved: drag.key, dates, mode: view.d.mode});
  };
  const layer = view.layer;
  layer.addEventListener("pointerdown", down);
  layer.addEventListener("pointermove", move);
  layer.addEventListener("pointerup", up);
  layer.addEventListener("pointercancel", up);
  // Streamlit draws each rerun's figure into a new graph div: follow it. Our own redraws change
  // attributes, which this observer does not watch, so it wakes on the chart's changes only
  // (and on tag texts, where the check below costs one query).
  const watch = new MutationObserver(() => {
    const gd = view.box.querySelector(".js-plotly-plot");
    if (gd && gd !== view.gd) bindChart(view, gd);
  });
  watch.observe(view.box, {childList: true, subtree: true});
  const sliders = followSliders(view);
  const resize = new ResizeObserver(() => view.d && view.gd && place(view));
  resize.observe(view.box);
  view.detach = () => {
    watch.disconnect();
    sliders.disconnect();
    resize.disconnect();
    unbindChart(view);
    layer.remove();
  };
}

// Zoom, pan, autoscale and resize move the axes: the handles follow after each redraw.
function replotted(view) {
  if (!view.d || !view.gd._fullLayout || !view.gd._fullLayout.xaxis) return;
  place(view);
  view.plotted = true;
  if (view.stale && view.fresh) { settle(view); return; }
  const at = view.drag ? view.drag.at : view.at;
  drawHandles(view, at, view.drag && view.drag.event ? pointerAt(view, view.drag.event) : undefined);
  if (view.drag || view.stale) { drawLevels(view, at); figureLevels(view, true); }
}

function unbindChart(view) {
  if (view.gd && view.onPlot && view.gd.removeListener) view.gd.removeListener("plotly_afterplot", view.onPlot);
}

function bindChart(view, gd) {
  unbindChart(view);
  view.gd = gd;
  view.onPlot = () => replotted(view);
  if (typeof gd.on === "function") gd.on("plotly_afterplot", view.onPlot);
  // A new graph div after a release holds Python's figure for the new anchors; once drawn
  // (now, or at its first afterplot), the overlay's levels give way to it.
  if (gd._fullLayout && gd._fullLayout.xaxis && gd.querySelector(".main-svg")) replotted(view);
}

function attach(view, box, gd) {
  if (view.detach) view.detach();
  view.box = box; view.handles = new Map(); view.rows = [];
  const layer = document.createElement("div");
  layer.className = "fib-drag-layer";
  layer.setAttribute("data-testid", "fib-drag-overlay");
  const svg = svgEl("svg", {class: "fib-drag-svg"}, layer);
  view.lines = svgEl("g", {class: "fib-live"}, svg);
  view.lines.style.display = "none";
  view.snap = svgEl("circle", {class: "fib-snap", r: 5}, svg);
  view.snap.style.display = "none";
  view.layer = layer;
  box.appendChild(layer);
  listen(view);
  view.gd = null;
  view.d = null;
  bindChart(view, gd);
}

function unavailable(view, reason) {
  if (view.note) {
    view.note.hidden = false;
    view.note.classList.add("fib-failed");
    view.note.textContent = `Dragging the anchors on the chart is unavailable here (${reason}); the sliders set them.`;
  }
}

export default function (component) {
  const {data, parentElement, setTriggerValue} = component;
  let view = views.get(parentElement);
  if (!view) { view = {}; views.set(parentElement, view); }
  view.note = parentElement.querySelector(".fib-drag-note");
  view.send = setTriggerValue;
  if (!window.PointerEvent || !window.ResizeObserver) {
    unavailable(view, "this browser lacks Pointer Events");
    return undefined;
  }
  let cancelled = false;
  waitForChart(data.chart).then(({box, gd}) => {
    if (cancelled) return;
    if (view.box !== box || !view.layer || !view.layer.isConnected) attach(view, box, gd);
    else if (view.gd !== gd) bindChart(view, gd);
    const before = view.at && JSON.stringify(view.at);
    view.d = {...data, bars: {...data.bars, t: data.bars.d.map((s) => Date.parse(s))}};
    view.at = {...data.at};
    place(view);
    if (view.stale) {
      // Python answered the release. Its figure may already be drawn, or about to be.
      view.fresh = before === JSON.stringify(view.at);
      if (!view.fresh || view.plotted) settle(view);
    } else if (!view.drag) settle(view);
    if (view.note) view.note.hidden = true;
    parentElement.dataset.mounted = "true";
  }).catch((error) => {
    if (!cancelled) unavailable(view, String((error && error.message) || error));
  });
  return () => { cancelled = true; };
}
