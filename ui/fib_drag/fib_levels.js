// The Fibonacci formulas of the drag handles, the same as analytics/fibonacci.py (Python joins
// this file and fib_drag.js into the component's one script; the browser test compares
// window.fibDrag with Python):
//   fall (high first):  low + r * (high - low)      rise (low first):  high - r * (high - low)
//   3-point:            C + r * (B - A)              direction: down when close(B) < close(A)
//   snap:               the nearest bar in time, the earlier on a tie (fibonacci.snap_to_bar)

const ratioKey = (r) => String(Number(r.toPrecision(6)));      // Python f"{r:g}"
const priceText = (p) => Math.abs(p) < 10000                     // figures.technicals.price_text
  ? p.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2})
  : p.toLocaleString("en-US", {maximumFractionDigits: 0});
const pctText = (f) => `${f >= 0 ? "+" : "−"}${Math.abs(f * 100).toFixed(1)}%`;

// two_point_levels (a fall) and rise_levels (a rise); null where Python raises FibonacciError.
function twoPoint(high, low, highFirst, ratios) {
  if (!(high > low)) return null;
  return ratios.map((r) => [r, highFirst ? low + r * (high - low) : high - r * (high - low)]);
}

// trend_extension
function threePoint(a, b, c, ratios) {
  if (a === b) return null;
  return ratios.map((r) => [r, c + r * (b - a)]);
}

// snap_to_bar's rule on sorted bar times (ms): nearest, the earlier on a tie; bars before
// `first` (the sensitivity table's lead bars) are not for handles.
function snapIndex(times, t, first = 0) {
  let lo = first, hi = times.length - 1;
  if (t <= times[lo]) return lo;
  if (t >= times[hi]) return hi;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (times[mid] <= t) lo = mid; else hi = mid; }
  return t - times[lo] <= times[hi] - t ? lo : hi;
}

// Bar indices by anchor key -> the anchors (label, bar, price) and [[ratio, level]] or null,
// as analytics.technicals.fib_result reads them (levels at or below zero are left out).
function levelsFor(d, at) {
  const b = d.bars, price = (i, kind) => b[d.basis === "close" ? "close" : kind][i];
  let anchors, levels;
  if (d.keys.length === 3) {
    const [ia, ib, ic] = d.keys.map((k) => at[k]);
    const kinds = b.close[ib] < b.close[ia] ? ["high", "low", "high"] : ["low", "high", "low"];
    anchors = d.keys.map((k, n) => ({key: k, label: "ABC"[n], i: at[k], price: price(at[k], kinds[n])}));
    levels = ia < ib && ib <= ic ? threePoint(anchors[0].price, anchors[1].price, anchors[2].price, d.ratios) : null;
  } else {
    const [ih, il] = d.keys.map((k) => at[k]);
    const names = d.basis === "close" ? ["close", "close"] : ["high", "low"];
    anchors = d.keys.map((k, n) => ({key: k, label: names[n], i: at[k], price: price(at[k], n ? "low" : "high")}));
    levels = ih === il ? null : twoPoint(anchors[0].price, anchors[1].price, ih < il, d.ratios);
  }
  if (levels) levels = levels.filter(([, p]) => p > 0);
  return {anchors, levels: levels && levels.length ? levels : null};
}

window.fibDrag = {twoPoint, threePoint, snapIndex, ratioKey, priceText, levelsFor};

