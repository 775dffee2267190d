// Size items of a wasm module that keeps its name section (scripts/bench.sh makes one of the
// minimal host app: wasm-bindgen --keep-debug, then wasm-opt -Oz -g). Prints the code and data
// totals, the code per crate, and the largest functions.
//   node bench/wasm-items.mjs FILE [N]
import { readFileSync } from "node:fs";

const bytes = readFileSync(process.argv[2]);
const top = Number(process.argv[3] || 20);
let pos = 8;
const leb = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const name = () => { const n = leb(); const s = bytes.toString("utf8", pos, pos + n); pos += n; return s; };

let imported = 0, data = 0;
const bodies = [], names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++], size = leb(), end = pos + size;
  if (id === 2) { // imports: functions count before the module's own in the index space
    for (let n = leb(); n > 0; n--) {
      name(); name();
      const kind = bytes[pos++];
      if (kind === 0) { leb(); imported++; }
      else if (kind === 1) { pos++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) pos += 2;
      else if (kind === 4) { pos++; leb(); } // tag: attribute, type index
      else leb();
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) { const start = pos; const len = leb(); pos += len; bodies.push(pos - start); }
  } else if (id === 11) {
    data += size;
  } else if (id === 0 && name() === "name") {
    while (pos < end) {
      const sub = bytes[pos++], len = leb(), subEnd = pos + len;
      if (sub === 1) for (let n = leb(); n > 0; n--) { const index = leb(); names.set(index, name()); }
      pos = subEnd;
    }
  }
  pos = end;
}

const crates = [
  ["glance-visitor-kit", /glance_visitor_kit/], ["tachys", /tachys/], ["reactive_graph", /reactive_graph/],
  ["leptos", /leptos/], ["wasm-bindgen, js-sys, web-sys", /wasm_bindgen|js_sys|web_sys/],
  ["the host app's main", /^gvk_minimal/],
  ["std (fmt, alloc, panics)", /core::|alloc::|std::|dlmalloc|core\[|alloc\[|std\[|__rust|compiler_builtins|^mem(cpy|set|move|cmp)/],
];
const items = bodies.map((size, i) => ({ size, name: names.get(imported + i) || `function ${imported + i}` }));
const code = items.reduce((s, f) => s + f.size, 0);
const byCrate = new Map();
for (const f of items) {
  const c = (crates.find(([, re]) => re.test(f.name)) || ["other"])[0];
  byCrate.set(c, (byCrate.get(c) || 0) + f.size);
}
const row = (what, n) => console.log(`  ${String(n).padStart(8)}  ${(100 * n / (code + data)).toFixed(1).padStart(5)}%  ${what}`);
row(`code, ${items.length} functions`, code);
row("data (strings, CSS, tables)", data);
console.log("  code by crate:");
for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1])) row(`  ${c}`, n);
console.log(`  the ${top} largest items:`);
const all = [...items, { size: data, name: "data section" }].sort((a, b) => b.size - a.size);
for (const f of all.slice(0, top)) row(f.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110), f.size);
