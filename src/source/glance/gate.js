// The page-view gate of the split build. Served as it is, so without comments: gate.rs documents it.

const VIDEO = {"camerastatus":"nocamera","videopaused":true,"videobgfilter":false,"videobgtype":"none"};
const DECLINE = {
  rcrequested: ["decline"],
  reverseconfirm: ["decline"],
  urlstartwarning: ["decline"],
  visitorvideorequested: ["decline", VIDEO],
  visitorscreensharerequested: ["decline"],
  visitorscreensharesurfacenotallowed: ["decline"],
  addguestrequested: ["decline"],
  docsharerequested: ["onpreviewcancel"],
};
const NEED = 0, START = 1;
const ROOT = '[data-gvk="visitor-gate"]';

const roots = () => document.querySelectorAll(ROOT);
function mark(state) {
  if (adopted) return;
  for (const r of roots()) {
    r.setAttribute("data-state", state);
    for (const b of r.querySelectorAll('[data-action="start"]')) {
      if (state === "loading") b.setAttribute("aria-busy", "true");
      else b.removeAttribute("aria-busy");
    }
    for (const a of r.querySelectorAll('[role="alert"]')) a.hidden = state !== "failed";
  }
}
function showButton(show) {
  if (adopted) return;
  for (const r of roots()) for (const b of r.querySelectorAll('[data-action="start"]')) b.hidden = show === null ? !b.hidden : !show;
}

let gate = null;
let adopted = false; // the kit is in the page: the page-view markup is gone
let owner = 0; // the opening that holds the gate (a later one takes it over)

const cobrowse = () => {
  try {
    const c = window.GLANCE && window.GLANCE.Cobrowse;
    return c && typeof c === "object" ? c : null;
  } catch (_) {
    return null;
  }
};

function refuse(name, p) {
  const decline = DECLINE[name];
  if (!decline) return;
  try {
    const f = p[decline[0]];
    if (typeof f === "function") f.call(p, decline[1]);
  } catch (_) {}
}

export function gvkGateOpen(names, entryPoints, notify) {
  adopted = false;
  owner += 1;
  if (gate !== null) {
    gate.notify = notify;
    return owner;
  }
  const held = []; // [index, payload], oldest first
  const calls = []; // [method, arguments]
  const patches = []; // [object, key, previous]
  const bound = [];
  let state = 0; // 0 holding, 1 released, 2 failed
  const g = { notify, release, fail, close };
  let asked = false;
  const ask = (code) => {
    if (state === 2) state = 0;
    if (asked && code !== START) return;
    if (!asked) queueMicrotask(() => { if (asked) mark("loading"); });
    asked = true;
    try { g.notify(code); } catch (_) {}
  };
  const need = () => ask(NEED);
  const onClick = (e) => {
    const t = e.target;
    if (adopted || !t || !t.closest) return;
    if (t.closest(ROOT + ' [data-action="start"]')) ask(START);
    else if (t.closest("[data-glancebutton]")) need();
  };
  document.addEventListener("click", onClick);
  const listeners = names.map((name, i) => (p) => {
    if (state === 1) return;
    if (state === 2) return refuse(name, p);
    held.push([i, p]);
    need();
  });
  const patch = (o, keys) => {
    if (!o || (typeof o !== "object" && typeof o !== "function")) return;
    for (const key of keys) {
      let old;
      try { old = o[key]; } catch (_) { continue; }
      if (typeof old !== "function") continue;
      const f = function () {
        if (state === 1) return old.apply(this, arguments);
        calls.push([key, Array.from(arguments)]);
        if (key === "showTerms") need();
        else if (key === "showButton") showButton(!!arguments[0]);
        else if (key === "toggleButton") showButton(null);
      };
      try { o[key] = f; patches.push([o, key, old, f]); } catch (_) {}
    }
  };
  const attach = () => {
    const c = cobrowse();
    let v;
    try { v = c && c.Visitor; } catch (_) {}
    if (!v || typeof v.addEventListener !== "function") return false;
    names.forEach((n, i) => { try { v.addEventListener(n, listeners[i]); } catch (_) {} });
    bound.push(v);
    try { patch(c.VisitorUI, entryPoints); } catch (_) {}
    patch(v, entryPoints.filter((k) => k !== "setStyle"));
    try {
      const start = v.startSession;
      if (typeof start === "function") {
        const f = function () { need(); return start.apply(this, arguments); };
        v.startSession = f;
        patches.push([v, "startSession", start, f]);
      }
    } catch (_) {}
    try { if (typeof v.inSession === "function" && v.inSession()) need(); } catch (_) {}
    return true;
  };
  const onLoad = () => { if (state !== 0 || attach()) document.removeEventListener("load", onLoad, true); };
  const onMessage = (e) => {
    try {
      const d = e.data;
      if (state === 0 && d && typeof d === "object" && Object.prototype.hasOwnProperty.call(d, "glance_invoke")) need();
    } catch (_) {}
  };
  window.addEventListener("message", onMessage);
  if (!attach()) document.addEventListener("load", onLoad, true);

  function unbind() {
    document.removeEventListener("click", onClick);
    document.removeEventListener("load", onLoad, true);
    window.removeEventListener("message", onMessage);
    const v = cobrowse() && cobrowse().Visitor;
    for (const o of v && bound.indexOf(v) < 0 ? bound.concat([v]) : bound) {
      names.forEach((n, i) => { try { o.removeEventListener(n, listeners[i]); } catch (_) {} });
    }
    for (let k = patches.length - 1; k >= 0; k--) {
      const [o, key, old, f] = patches[k];
      try { if (o[key] === f) o[key] = old; } catch (_) {}
    }
    patches.length = 0;
  }
  function release() {
    if (state === 1) return null;
    state = 1;
    unbind();
    gate = null;
    return { held: held.splice(0), calls: calls.splice(0) };
  }
  function fail() {
    if (state !== 0) return;
    state = 2;
    let from = 0;
    held.forEach(([i], k) => { if (names[i] === "sessionend") from = k + 1; });
    for (const [i, p] of held.splice(0).slice(from)) refuse(names[i], p);
    asked = false;
    mark("failed");
  }
  function close() {
    state = 1;
    unbind();
    gate = null;
  }
  gate = g;
  return owner;
}

export function gvkGateRelease() {
  return gate === null ? null : gate.release();
}

export function gvkGateReplay(taken, listeners) {
  for (const [i, p] of taken.held) {
    try { listeners[i](p); } catch (e) { console.error(e); }
  }
  const c = cobrowse();
  for (const [key, args] of taken.calls) {
    try {
      const o = key === "setStyle" ? c.VisitorUI : c.VisitorUI || c.Visitor;
      o[key].apply(o, args);
    } catch (e) { console.error(e); }
  }
}

export function gvkGateFail() {
  if (gate !== null) gate.fail();
}

export function gvkGateAdopt() {
  const r = document.querySelector(ROOT);
  if (r === null) return null;
  adopted = true;
  while (r.firstChild) r.firstChild.remove();
  r.setAttribute("data-state", "loaded");
  return r;
}

export function gvkGateClose(opening) {
  if (gate !== null && opening === owner) gate.close();
}
