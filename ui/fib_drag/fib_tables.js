// The Fibonacci tables in the browser: the level table (target, move from the close, best since
// the last anchor, progress) and the sensitivity table, computed as analytics.technicals.fib_result
// computes them and written as ui/fib_tables.py writes them (the same markup and formats), so a
// dropped anchor or a moved slider shows its tables at once; Python's block for the new anchors
// replaces this one when the rerun arrives. Uses levelsFor, twoPoint, threePoint and ratioKey
// from fib_levels.js (joined before this file).
//   progress = (best - origin) / (target - origin), best = the highest high (lowest low for a
//   target below the origin) from the last anchor to the as-of date; origin = the last anchor
//   sensitivity: one anchor at a time moved k trading days, the levels' formula on the new price

// Python's format(v, ".Nf"): toFixed rounds an exact tie away from zero, Python to the even digit.
function pyFixed(v, n) {
  const plain = v.toFixed(n), full = Math.abs(v).toFixed(100), dot = full.indexOf(".");
  if (!/^50*$/.test(full.slice(dot + 1 + n))) return plain;
  const kept = full.slice(0, n ? dot + 1 + n : dot);
  return Number(kept[kept.length - 1]) % 2 === 0 ? `${v < 0 ? "-" : ""}${kept}` : plain;
}
const grouped = (text) => text.replace(/^(-?\d+)/, (whole) => Number(whole).toLocaleString("en-US"));
const tablePrice = (p) => pyFixed(p, 2);                                          // "%.2f"
const tableMove = (f) => `${f >= 0 ? "+" : ""}${pyFixed(f * 100, 1)}%`;           // "%+.1f%%" of 100 f
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Python's FibResult for the anchors at bar positions `at`: anchors in its order (time order)
// with the price each was read from, the level rows and the sensitivity rows; null where Python
// has no table (FibonacciError, or every level at or below zero).
function tableModel(d, at) {
  const {anchors, levels} = levelsFor(d, at);
  if (!levels) return null;
  const b = d.bars, n = b.close.length, three = d.keys.length === 3;
  let ordered, compute;
  if (three) {
    const down = b.close[anchors[1].i] < b.close[anchors[0].i];
    const kinds = d.basis === "close" ? ["close", "close", "close"] : down ? ["high", "low", "high"] : ["low", "high", "low"];
    ordered = anchors.map((a, k) => ({...a, kind: kinds[k]}));
    compute = (p) => threePoint(p[0], p[1], p[2], d.ratios);
  } else {
    ordered = anchors.map((a) => ({...a, kind: a.label})).sort((x, y) => x.i - y.i);
    const fall = ordered[0].key === d.keys[0];  // the swing high first
    compute = (p) => (fall ? twoPoint(p[0], p[1], true, d.ratios) : twoPoint(p[1], p[0], false, d.ratios));
  }
  ordered = ordered.map((a) => ({...a, date: b.d[a.i]}));
  const origin = ordered[ordered.length - 1];
  const rows = levels.map(([r, target]) => {
    const up = target >= origin.price;
    let best = up ? -Infinity : Infinity;
    for (let i = origin.i; i < n; i++) best = up ? Math.max(best, b.high[i]) : Math.min(best, b.low[i]);
    const span = target - origin.price;
    return {ratio: ratioKey(r), target, move: target / d.close - 1, best, progress: span ? (best - origin.price) / span : NaN};
  });
  // A Map, like Python's dict: a label met twice keeps its first place and takes the last value.
  const sens = new Map([["as set", compute(ordered.map((a) => a.price))]]);
  ordered.forEach((a, k) => {
    for (const shift of d.shifts) {
      const pos = a.i + shift;
      if (pos < 0 || pos >= n) continue;
      const prices = ordered.map((o) => o.price);
      prices[k] = b[a.kind][pos];
      const moved = compute(prices);
      if (moved) sens.set(`${a.kind} ${shift > 0 ? "+" : "-"}${Math.abs(shift)}d (${b.d[pos]})`, moved);
    }
  });
  return {key: d.keys.map((k) => b.d[at[k]]).join(","), anchors: ordered, rows, sensitivity: sens};
}

function progressCell(f) {
  if (Number.isNaN(f)) return "<td>n/a</td>";
  const width = Math.min(Math.max(f * 100, 0), 100);
  return `<td><div class="fib-progress"><span class="fib-bar"><span style="width:${width.toFixed(1)}%"></span>` +
    `</span><span>${pyFixed(f * 100, 0)}%</span></div></td>`;
}

const row = (head, cells) => `<tr><th>${escapeHtml(head)}</th>${cells.join("")}</tr>`;

// The inside of ui/fib_tables.py's block for `model`; `text` holds its fixed sentences and headers.
function tablesHtml(model, text) {
  const anchors = model.anchors.map((a) => `${a.kind} ${grouped(pyFixed(a.price, 2))} on ${a.date}`).join(" → ");
  const levels = model.rows.map((r) => row(r.ratio, [`<td>${tablePrice(r.target)}</td>`, `<td>${tableMove(r.move)}</td>`,
    `<td>${tablePrice(r.best)}</td>`, progressCell(r.progress)])).join("");
  const ratios = [...model.sensitivity.values()][0].map(([r]) => ratioKey(r));
  const sens = [...model.sensitivity].map(([label, values]) => row(label, values.map(([, v]) => `<td>${tablePrice(v)}</td>`)));
  return `<p class="fib-caption">Anchors: ${escapeHtml(anchors)}. ${escapeHtml(text.note)}</p>` +
    `<table class="text-table numeric fib-levels"><thead><tr>${text.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${levels}</tbody></table><p class="fib-subhead">${escapeHtml(text.title)}</p>` +
    `<table class="text-table numeric fib-sensitivity"><thead><tr><th></th>${ratios.map((r) => `<th>${escapeHtml(r)}</th>`).join("")}</tr>` +
    `</thead><tbody>${sens.join("")}</tbody></table>`;
}

window.fibDrag = {...window.fibDrag, pyFixed, tableModel, tablesHtml};

// ---- the stand-in: the tables block Python drew, rewritten for new anchors until Python's comes --
// Streamlit sets an st.html element's inner HTML only when its body changes, so a block written
// here stays until Python's block for the new anchors replaces it (then this one is gone from the
// page), or until restoreTables puts Python's back (no answer, or an answer for other anchors).
function tablesBlock(d) {
  return d.tables ? document.querySelector(`.st-key-${CSS.escape(d.tables.key)} .fib-tables`) : null;
}

function standInTables(view, at) {
  const block = tablesBlock(view.d);
  if (!block) return;
  if (!view.savedTables || view.savedTables.block !== block) view.savedTables = {block, html: block.innerHTML};
  const model = tableModel(view.d, at);
  block.innerHTML = model ? tablesHtml(model, view.d.tables)
    : `<p class="fib-caption">${escapeHtml(view.d.tables.none)}</p>`;
  block.dataset.standIn = model ? model.key : "";
}

function restoreTables(view) {
  const saved = view.savedTables;
  view.savedTables = null;
  if (!saved || !saved.block.isConnected || !("standIn" in saved.block.dataset)) return;
  saved.block.innerHTML = saved.html;
  delete saved.block.dataset.standIn;
}
