// The Glance binding's listeners, one per event name; ingress.rs documents what they do (this
// file is served as it is, so it stays short).

const PLAIN = Object.prototype;

// A size's width and height written into `out` at `at` and `at + 1`, when `v` is a plain
// `{width, height}` in range; false when it is anything else.
function size(v, max, out, at) {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== PLAIN) return false;
  const w = v.width;
  const h = v.height;
  if (!(typeof w === "number" && w > 0 && w <= max && typeof h === "number" && h > 0 && h <= max)) return false;
  out[at] = w;
  out[at + 1] = h;
  return true;
}

// Reads a plainly valid `viewerinfo` payload into `out` ([screen w, h, scaled w, h], 0 for
// absent) and returns its view, or returns null. Allocates nothing.
function plainViewerInfo(p, max, out) {
  if (typeof p !== "object" || p === null) return null;
  try {
    if (Object.getPrototypeOf(p) !== PLAIN) return null;
    const view = p.screenshareView;
    if (typeof view !== "string" || view.length === 0 || view.length > 256) return null;
    if (p.stats !== undefined || p.glance_viewer !== undefined) return null;
    const screen = p.screen;
    const scaled = p.scaledview;
    out[0] = out[1] = out[2] = out[3] = 0;
    if (screen !== undefined ? !size(screen, max, out, 0) : "screen" in p) return null;
    if (scaled !== undefined ? !size(scaled, max, out, 2) : "scaledview" in p) return null;
    return view;
  } catch (_) {
    return null;
  }
}

// `deliver(index, payload)` takes every event as Glance sent it; `deliverSizes(view, screen width,
// height, scaled width, height)` takes a merged viewerinfo (0 for a size it does not carry), already
// checked here, so the kit builds its event without copying or decoding an object.
export function gvkIngress(count, merged, max, deliver, deliverSizes) {
  let pending = null; // Map: view -> merged viewerinfo, oldest view first
  let closed = false;
  const flush = () => {
    // One view at a time, so that an event fired while delivering keeps its place.
    while (pending !== null) {
      const views = pending;
      const next = views.keys().next();
      if (next.done) {
        if (pending === views) pending = null;
        continue;
      }
      const entry = views.get(next.value);
      views.delete(next.value);
      if (!closed) deliverSizes(entry.view, entry.sw, entry.sh, entry.cw, entry.ch);
    }
  };
  const read = [0, 0, 0, 0];
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
              queueMicrotask(flush);
            }
            let e = pending.get(view);
            if (e === undefined) pending.set(view, (e = { view, sw: 0, sh: 0, cw: 0, ch: 0 }));
            if (read[0] > 0) { e.sw = read[0]; e.sh = read[1]; }
            if (read[2] > 0) { e.cw = read[2]; e.ch = read[3]; }
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
    },
  };
}
