// Glance's listeners of the binding. Served as it is, so without comments: ingress.rs documents it.

const PLAIN = Object.prototype;
const own = Object.hasOwn || ((o, k) => PLAIN.hasOwnProperty.call(o, k));
const NONE = -1; // an absent number (every accepted one is >= 0)

const object = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
let checkedView = null; // the last view name found well formed

const dims = [0, 0];
function size(s, max) {
  if (!object(s)) return false;
  const w = s.width;
  const h = s.height;
  if (!(typeof w === "number" && w > 0 && w <= max && typeof h === "number" && h > 0 && h <= max)) return false;
  if (!own(s, "width") || !own(s, "height")) return false;
  dims[0] = w;
  dims[1] = h;
  return true;
}

function plainViewerInfo(p, max, out) {
  try {
    if (!object(p)) return null;
    const view = p.screenshareView;
    if (typeof view !== "string" || view.length === 0 || view.length > 256 || !own(p, "screenshareView")) return null;
    if (view !== checkedView) {
      if (!view.isWellFormed()) return null;
      checkedView = view;
    }
    if (p.glance_viewer !== undefined) return null;
    let sw = 0, sh = 0, cw = 0, ch = 0, st = 0, fl = NONE, vf = NONE, df = NONE;
    const screen = p.screen;
    if (screen !== undefined) {
      if (!own(p, "screen") || !size(screen, max)) return null;
      sw = dims[0];
      sh = dims[1];
    }
    const scaled = p.scaledview;
    if (scaled !== undefined) {
      if (!own(p, "scaledview") || !size(scaled, max)) return null;
      cw = dims[0];
      ch = dims[1];
    }
    const stats = p.stats;
    if (stats !== undefined) {
      if (!object(stats) || !own(p, "stats")) return null;
      st = 1;
      const a = stats.fpslimit, b = stats.viewerfps, c = stats.displayfps;
      if (a !== undefined) {
        if (!(typeof a === "number" && a >= 0 && a !== Infinity) || !own(stats, "fpslimit")) return null;
        fl = a;
      }
      if (b !== undefined) {
        if (!(typeof b === "number" && b >= 0 && b !== Infinity) || !own(stats, "viewerfps")) return null;
        vf = b;
      }
      if (c !== undefined) {
        if (!(typeof c === "number" && c >= 0 && c !== Infinity) || !own(stats, "displayfps")) return null;
        df = c;
      }
    }
    out[0] = sw; out[1] = sh; out[2] = cw; out[3] = ch; out[4] = st; out[5] = fl; out[6] = vf; out[7] = df;
    return view;
  } catch (_) {
    return null;
  }
}

export function gvkIngress(count, merged, max, deliver, deliverMerged) {
  let pending = null; // Map: view -> merged viewerinfo, oldest view first
  let closed = false;
  const flush = () => {
    try {
      while (pending !== null) {
        const views = pending;
        const next = views.keys().next();
        if (next.done) {
          if (pending === views) pending = null;
          continue;
        }
        const e = views.get(next.value);
        views.delete(next.value);
        if (e === lastEntry) lastEntry = NO_ENTRY;
        if (!closed) deliverMerged(e.view, e.sw, e.sh, e.cw, e.ch, e.st ? e.fl : -2, e.vf, e.df);
      }
    } finally {
      if (pending !== null) queueMicrotask(flush);
    }
  };
  const read = [0, 0, 0, 0, 0, NONE, NONE, NONE];
  const NO_ENTRY = { view: null };
  let lastEntry = NO_ENTRY; // the entry the last plain viewerinfo went into, while it is pending
  const listeners = [];
  for (let i = 0; i < count; i++) {
    listeners.push(
      i === merged
        ? (p) => {
            if (closed) return;
            const view = plainViewerInfo(p, max, read);
            if (view === null) {
              flush();
              deliver(i, p);
              return;
            }
            if (pending === null) {
              pending = new Map();
              lastEntry = NO_ENTRY;
              queueMicrotask(flush);
            }
            let e = view === lastEntry.view ? lastEntry : pending.get(view);
            if (e === undefined) {
              e = { view, sw: 0, sh: 0, cw: 0, ch: 0, st: 0, fl: NONE, vf: NONE, df: NONE };
              pending.set(view, e);
            }
            lastEntry = e;
            if (read[0] > 0) { e.sw = read[0]; e.sh = read[1]; }
            if (read[2] > 0) { e.cw = read[2]; e.ch = read[3]; }
            if (read[4] === 1) {
              e.st = 1;
              if (read[5] !== NONE) e.fl = read[5];
              if (read[6] !== NONE) e.vf = read[6];
              if (read[7] !== NONE) e.df = read[7];
            }
          }
        : (p) => {
            if (closed) return;
            flush();
            deliver(i, p);
          },
    );
  }
  return {
    listeners,
    close() {
      closed = true;
      pending = null;
      lastEntry = NO_ENTRY;
    },
  };
}
