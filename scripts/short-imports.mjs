// Short import names for a wasm-bindgen build: every function the wasm imports from its own glue
// (module "./NAME_bg.js") is named like `__wbg_getAttribute_5f3c81a2b4e6d7f9`: the name and a
// 16-digit hash, written once in the wasm's import section and once in the glue's import object.
// Hashes do not compress: about 200 of them cost some 5 KB gzip per page view. This renames them
// `a`, `b`, … in both files, and leaves a name alone unless it is written exactly once in the glue,
// as a key of the import object (`NAME: function`), so nothing else can refer to it.
//
//   node scripts/short-imports.mjs DIR/NAME_bg.wasm DIR/NAME.js
//
// Run it after wasm-bindgen and wasm-opt (scripts/split-build.sh does). Chunks of a split build
// import only from `__wasm_split`, which this leaves alone, as it does every other module.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) {
  console.error("usage: node scripts/short-imports.mjs DIR/NAME_bg.wasm DIR/NAME.js");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");
const glue = `./${basename(wasmPath, ".wasm")}.js`;

let pos = 8;
const leb = () => {
  let result = 0, shift = 0, b;
  do { b = wasm[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const encodeLeb = (n) => {
  const out = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n);
  return Buffer.from(out);
};
const str = () => { const n = leb(); const s = wasm.toString("utf8", pos, pos + n); pos += n; return s; };
const encodeStr = (s) => { const b = Buffer.from(s, "utf8"); return Buffer.concat([encodeLeb(b.length), b]); };
const limits = () => { const flags = wasm[pos++]; leb(); if (flags & 1) leb(); };

// Short names in order: a..z, A..Z, then two letters. They are keys of the import object only,
// beside names that are all longer, so they cannot clash; words JavaScript reserves are skipped
// all the same.
const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const reserved = new Set(["do", "if", "in"]);
let next = 0;
const shortName = () => {
  for (;;) {
    let i = next++, s = "";
    do { s = letters[i % 52] + s; i = Math.floor(i / 52) - 1; } while (i >= 0);
    if (!reserved.has(s)) return s;
  }
};

const parts = [wasm.subarray(0, 8)];
let renamed = 0, kept = 0;
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  const size = leb();
  const end = pos + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    pos = end;
    continue;
  }
  const entries = [encodeLeb(leb())];
  while (pos < end) {
    const module = str();
    const name = str();
    const descStart = pos;
    const kind = wasm[pos++];
    if (kind === 0) leb();
    else if (kind === 1) { pos++; limits(); }
    else if (kind === 2) limits();
    else if (kind === 3) pos += 2;
    else if (kind === 4) { pos++; leb(); }
    else throw new Error(`short-imports: unknown import kind ${kind}`);
    const desc = wasm.subarray(descStart, pos);
    let newName = name;
    if (module === glue) {
      const key = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}(?=[^\\w$])`, "g");
      const uses = js.match(key) || [];
      const asKey = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}: function\\(`);
      if (uses.length === 1 && asKey.test(js)) {
        newName = shortName();
        js = js.replace(asKey, `$1${newName}: function(`);
        renamed++;
      } else {
        kept++;
      }
    }
    entries.push(encodeStr(module), encodeStr(newName), desc);
  }
  if (pos !== end) throw new Error("short-imports: the import section did not parse to its end");
  const section = Buffer.concat(entries);
  parts.push(Buffer.from([2]), encodeLeb(section.length), section);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(jsPath, js);
console.log(`short-imports: ${renamed} imports renamed, ${kept} kept (${basename(wasmPath)})`);
