// Chunk imports for a split build: the JavaScript glue of a function that only a chunk calls comes
// with the chunk, not with every page view.
//
// wasm-bindgen runs on the main module only, so its glue (app.js) holds a function for every import
// of the whole app, and the splitter gives each import a chunk calls a small forwarding function in
// the main module (a "shim", reached through the shared table). For the kit that is some 150 glue
// functions and their shims, 3.3 KB gzip of a page view, for code that runs only in a session.
// This moves them: each chunk imports those functions itself (module "gvk"), from a glue module
// loaded beside it (split_glue.js); the main module loses the shims and the imports, app.js the
// glue, and a snippet only that glue uses (the kit's ingress.js) is no longer loaded with a page
// view: the glue imports it itself. What a shim did in wasm (an externref argument taken from wasm-bindgen's table, an
// externref result put into it) its JavaScript wrapper does. An import is moved only when all its
// callers are such shims, each shim is reached only through the table and only by a chunk's call
// of its slot, and its body has one of the forms wasm-bindgen and wasm-opt give it; anything else
// stays as it was. A table slot whose shim is gone traps if anything still calls it, and every
// check runs before anything is written, so a mistake fails loudly (exit 1), never silently.
//
//   node scripts/chunk-imports.mjs DIR
//
// DIR holds app_bg.wasm and app.js (wasm-bindgen --target web, then wasm-opt), __wasm_split.js and
// the chunks (split_*.wasm) as scripts/split-build.sh leaves them before short-imports.mjs; the
// files are rewritten in place (the wasm through binaryen's wasm-dis and wasm-opt -Oz) and
// DIR/split_glue.js is written. Prints what it moved.
import { readFileSync, writeFileSync, readdirSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/chunk-imports.mjs DIR");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "gvk-chunk-imports-"));
const done = (what) => {
  rmSync(work, { recursive: true, force: true });
  console.log(`chunk-imports: ${what}`);
  process.exit(0);
};
const fail = (why) => {
  rmSync(work, { recursive: true, force: true });
  console.error(`chunk-imports: ${why}`);
  process.exit(1);
};
// The features the module was built with (its target_features section; the text form has none).
const features = (file) =>
  execFileSync("wasm-opt", [file, "--print-features"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n").filter((f) => f.startsWith("--enable-"));
const dis = (file) => {
  const out = join(work, "x.wat");
  execFileSync("wasm-dis", [file, "-o", out], { stdio: ["ignore", "ignore", "ignore"] });
  return readFileSync(out, "utf8").split("\n");
};
// The text `lines` of the module `file`, optimised into `out`.
const assemble = (lines, file, out) => {
  const wat = join(work, "y.wat");
  writeFileSync(wat, lines.join("\n"));
  execFileSync("wasm-opt", ["-Oz", ...features(file), wat, "-o", out], { stdio: ["ignore", "ignore", "inherit"] });
};

const chunks = readdirSync(dir).filter((f) => /^split_.*\.wasm$/.test(f));
if (chunks.length === 0) done("no chunk, nothing to move");

// ---- the main module: imports, shims, table slots ----
const main = dis(join(dir, "app_bg.wasm"));
const imports = new Map(); // $fimport$N -> { module, name }
const funcs = new Map(); // $N -> { start, end, header }
let externrefs, alloc;
const elems = []; // { line, offset, names }
for (let i = 0; i < main.length; i++) {
  const l = main[i];
  let m;
  if ((m = l.match(/^ \(import "([^"]+)" "([^"]+)" \(func (\$fimport\$\d+)/))) imports.set(m[3], { module: m[1], name: m[2] });
  else if ((m = l.match(/^ \(export "__wbindgen_externrefs" \(table (\$\S+)\)\)$/))) externrefs = m[1];
  else if ((m = l.match(/^ \(export "__externref_table_alloc" \(func (\$\S+)\)\)$/))) alloc = m[1];
  else if ((m = l.match(/^( \(elem \S+ (?:\(table \S+\) )?\(i32\.const (\d+)\) (?:func )?)((?:\$\S+ ?)+)\)$/)))
    elems.push({ line: i, prefix: m[1], offset: Number(m[2]), names: m[3].trim().split(" ") });
  else if ((m = l.match(/^ \(func (\$\S+)(.*)$/))) {
    let end = i + 1;
    while (main[end] !== " )") end++;
    funcs.set(m[1], { start: i, end, header: m[2] });
    i = end;
  }
}
if (!externrefs || !alloc) fail("no wasm-bindgen externref table in app_bg.wasm (is it wasm-bindgen's output?)");

// How often each name is referred to, and from where: a shim must be reached only by the table.
const refs = new Map();
const count = (name, where) => {
  const r = refs.get(name) || { table: 0, other: 0, outside: 0, callers: new Set() };
  if (where === "table") r.table++;
  else { r.other++; if (where) r.callers.add(where); else r.outside++; }
  refs.set(name, r);
};
for (const e of elems) for (const n of e.names) count(n, "table");
// (Function names are `$N` and `$fimport$N`; so are locals, hence only the forms that name a function.)
const named = /\((?:call|return_call|ref\.func) (\$[^\s)]+)/g;
for (const [name, f] of funcs) {
  for (let i = f.start + 1; i < f.end; i++) for (const m of main[i].matchAll(named)) count(m[1], name);
}
const inFunc = new Uint8Array(main.length);
for (const f of funcs.values()) inFunc.fill(1, f.start, f.end + 1);
main.forEach((l, i) => {
  if (inFunc[i]) return;
  if (/^ \((export|start) /.test(l)) for (const m of l.matchAll(/(?:func|start) (\$[^\s)]+)/g)) count(m[1], null);
  for (const m of l.matchAll(named)) count(m[1], null);
});

// A shim's body: one call of an import, each argument a parameter or the externref the parameter
// indexes; its result returned, or (an externref) put into the table and its index returned.
const escape = (t) => t.replace(/[$()[\].*+?^{}|\\]/g, "\\$&");
const param = "\\(local\\.get \\$(\\d+)\\)";
const arg = new RegExp(`^(?:${param}|\\(table\\.get ${escape(externrefs)} ${param}\\))$`);
function shimOf(name) {
  const f = funcs.get(name);
  const body = main.slice(f.start + 1, f.end).map((l) => l.trim()).join(" ").replace(/\( /g, "(").replace(/ \)/g, ")");
  const params = [...f.header.matchAll(/\(param \$\d+ (\w+)\)/g)].map((m) => m[1]);
  const split = (s) => { // the top-level s-expressions of s
    const out = [];
    let depth = 0, from = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === "(") { if (depth++ === 0) from = i; }
      else if (s[i] === ")" && --depth === 0) out.push(s.slice(from, i + 1));
    }
    return out;
  };
  const call = (s) => {
    const m = s.match(/^\(call (\$fimport\$\d+)(.*)\)$/);
    if (!m) return null;
    const args = split(m[2]).map((a) => {
      const x = a.match(arg);
      return x && (x[1] !== undefined ? { p: Number(x[1]) } : { p: Number(x[2]), ref: true });
    });
    return args.every(Boolean) ? { imp: m[1], args } : null;
  };
  const parts = split(body);
  let c;
  if (parts.length === 1 && (c = call(parts[0]))) return { ...c, params, result: "plain" };
  // (local $r externref) [(local $i i32)] (local.set $r CALL) (table.set T (local.tee $i (call alloc)) (local.get $r)) (local.get $i)
  const locals = parts.filter((p) => p.startsWith("(local "));
  const rest = parts.slice(locals.length);
  const set = rest[0]?.match(/^\(local\.set \$(\d+) (.*)\)$/);
  if (rest.length === 3 && set && (c = call(set[2]))) {
    const tee = rest[1].match(/\(local\.tee \$(\d+)/);
    const put = tee && `(table.set ${externrefs} (local.tee $${tee[1]} (call ${alloc})) (local.get $${set[1]}))`;
    if (put && rest[1] === put && rest[2] === `(local.get $${tee[1]})`) return { ...c, params, result: "externref" };
  }
  return null;
}

// The shims worth moving, by table slot; an import moves when every caller is one of them.
const shims = new Map(); // $N -> shim
for (const e of elems) {
  for (const name of e.names) {
    if (shims.has(name) || !funcs.has(name)) continue;
    const r = refs.get(name);
    if (r.other > 0) continue;
    const s = shimOf(name);
    if (s && imports.get(s.imp)?.module === "./app_bg.js") shims.set(name, s);
  }
}
const movable = new Set();
for (const [imp, r] of refs) {
  if (!imports.has(imp) || imports.get(imp).module !== "./app_bg.js") continue;
  if (r.table === 0 && r.outside === 0 && r.callers.size > 0 && [...r.callers].every((c) => shims.has(c))) movable.add(imp);
}

// The glue of each movable import must be a plain `NAME: function(…) {…},` entry of app.js.
const js = readFileSync(join(dir, "app.js"), "utf8").split("\n");
const glue = new Map(); // import name -> { from, to } (lines of app.js)
for (let i = 0; i < js.length; i++) {
  const m = js[i].match(/^( {8})([\w$]+): function\(/);
  if (!m) continue;
  // It ends on the first line back at its indentation (`},` or handleError's `}, arguments); },`),
  // or on its own line when its braces balance there.
  const balanced = (js[i].match(/\{/g) || []).length === (js[i].match(/\}/g) || []).length;
  let end = i;
  if (!balanced) do end++; while (!js[end].startsWith(`${m[1]}}`));
  if (!js[end].endsWith("},")) continue;
  glue.set(m[2], { from: i, to: end });
  i = end;
}
for (const imp of [...movable]) if (!glue.has(imports.get(imp).name)) movable.delete(imp);
const slots = new Map(); // table slot -> shim name, for the shims of movable imports
for (const e of elems) e.names.forEach((n, i) => { if (shims.has(n) && movable.has(shims.get(n).imp)) slots.set(e.offset + i, n); });
if (slots.size === 0) done("nothing to move (no import of the glue is called by the chunks alone)");

// ---- the chunks: where they call a shim's slot (first pass: read only) ----
const calls = []; // per chunk: { file, w (its text), at: [{ line, close, indent, slot, type }] }
const called = new Set(); // the slots the chunks call with a constant
for (const file of chunks) {
  const w = dis(join(dir, file));
  const types = new Map();
  for (const l of w) {
    const m = l.match(/^ \(type (\$\d+) \(func(.*)\)\)$/);
    if (m) types.set(m[1], m[2].trim());
    // The chunk's own table entries must not land on a shim's slot.
    const e = l.match(/^ \(elem \S+ \(i32\.const (\d+)\) ((?:\$\S+ ?)+)\)$/);
    if (e) for (let k = 0; k < e[2].trim().split(" ").length; k++) if (slots.has(Number(e[1]) + k)) fail(`${file}: its table entries overlap the shims' slots`);
  }
  const table = w.find((l) => /^ \(import "__wasm_split" "__indirect_function_table" \(table (\$\S+)/.test(l))?.match(/\(table (\$\S+)/)[1];
  if (!table) fail(`${file}: no shared table`);
  const at = [];
  for (let i = 0; i < w.length; i++) {
    const m = w[i].match(/^(\s*)\(call_indirect (\$\S+) \(type (\$\d+)\)$/);
    if (!m || m[2] !== table) continue;
    let close = i + 1;
    while (w[close] !== `${m[1]})`) close++;
    const last = w[close - 1].match(/^\s*\(i32\.const (\d+)\)$/);
    if (!last || !w[close - 1].startsWith(m[1] + " (") || !slots.has(Number(last[1]))) continue;
    at.push({ line: i, close, indent: m[1], slot: Number(last[1]), type: types.get(m[3]) });
    called.add(Number(last[1]));
  }
  calls.push({ file, w, at });
}
// An import moves only when every slot of every shim of it is called that way (a slot reached
// otherwise keeps its shim, and with it the import).
const keep = new Set([...slots].filter(([k]) => !called.has(k)).map(([, n]) => shims.get(n).imp));
for (const [slot, shim] of slots) if (keep.has(shims.get(shim).imp)) slots.delete(slot);
const used = new Map(); // import name -> its shim and its index in the glue ("0", "1", …)
const sigOf = (shim) => {
  const s = shims.get(shim);
  return `${s.params.length ? ` (param ${s.params.join(" ")})` : ""}${funcs.get(shim).header.match(/\(result [^)]*\)/)?.[0].replace(/^/, " ") ?? ""}`;
};
for (const { file, at } of calls) {
  for (const c of at) {
    const shim = slots.get(c.slot);
    if (!shim) continue;
    if (c.type !== sigOf(shim).trim()) fail(`${file}: slot ${c.slot} is called as ${c.type}, its shim is ${sigOf(shim).trim()}`);
    const name = imports.get(shims.get(shim).imp).name;
    if (!used.has(name)) used.set(name, { ...shims.get(shim), index: used.size });
  }
}
if (used.size === 0) done("nothing to move (no chunk calls a shim of the glue only)");

// ---- the glue: out of app.js, into split_glue.js ----
const moved = [...used.keys()];
const bodies = [];
const drop = new Set();
for (const name of moved) {
  const { from, to } = glue.get(name);
  bodies.push(js.slice(from, to + 1).join("\n").replace(/^ {8}[\w$]+: /, `        /* ${name} */ `));
  for (let i = from; i <= to; i++) drop.add(i);
}
const kept = js.filter((_, i) => !drop.has(i));
// What the moved glue reads of app.js's own declarations, exported under short names.
const declared = new Set();
const snippets = new Map(); // a binding app.js imports from a snippet -> { line, from, spec }
kept.forEach((l, i) => {
  let m;
  if ((m = l.match(/^(?:export )?(?:async )?function\*? ?([\w$]+)/)) || (m = l.match(/^(?:export )?class ([\w$]+)/))) declared.add(m[1]);
  else if ((m = l.match(/^import \{(.*)\} from (['"])(\.\/snippets\/[^'"]+)\2;?$/))) {
    for (const spec of m[1].split(",").map((x) => x.trim()).filter(Boolean)) snippets.set(spec.split(/\s+as\s+/).pop(), { line: i, from: m[3], spec });
  } else if (l.startsWith("import ")) return;
  else if ((m = l.match(/^(?:export )?(?:let|const|var) (.*?)(?:=|;|$)/))) for (const n of m[1].split(",")) declared.add(n.trim());
});
const text = bodies.join("\n");
const words = new Set(text.match(/[A-Za-z_$][\w$]*/g));
// app.js's own state, re-exported; a snippet's function, imported by the glue from the snippet
// itself (so that a snippet only the chunks use is no longer loaded with a page view).
const needed = [...declared].filter((n) => words.has(n) && !snippets.has(n)).sort();
const fromSnippets = [...snippets.keys()].filter((n) => words.has(n)).sort();
// An import binding cannot be assigned to; the moved glue only reads app.js's state.
for (const n of [...needed, ...fromSnippets]) if (new RegExp(`(^|[^\\w$.])${escape(n)}\\s*(=(?![=>])|\\+\\+|--|[-+*/|&]=)`).test(text)) fail(`the glue assigns ${n}`);
// What app.js no longer uses of a snippet leaves its imports (a snippet left with none, too).
const rest = kept.filter((_, i) => ![...snippets.values()].some((x) => x.line === i)).join("\n");
const groupBy = (xs, key) => { const m = new Map(); for (const x of xs) m.set(key(x), [...(m.get(key(x)) || []), x]); return m; };
for (const [line, specs] of groupBy([...snippets].map(([n, x]) => ({ n, ...x })), (x) => x.line)) {
  const keep = specs.filter((x) => new RegExp(`(^|[^\\w$.])${escape(x.n)}(?![\\w$])`).test(rest));
  kept[line] = keep.length ? `import { ${keep.map((x) => x.spec).join(", ")} } from '${specs[0].from}';` : "";
}
kept.push(`export { ${needed.map((n, i) => `${n} as $${i}`).join(", ")} };`);

const wrap = (name, k) => {
  const s = used.get(name);
  // The glue function takes what the shim passed on: as many arguments as the import has.
  const head = bodies[k].match(/^\s*\/\*[^*]*\*\/ function\((.*?)\) \{(?: return handleError\(function \((.*?)\) \{)?/);
  const arity = head && (head[2] ?? head[1]).split(",").filter((a) => a.trim()).length;
  if (arity !== s.args.length) fail(`${name}: its glue takes ${arity} arguments, its shim passes ${s.args.length}`);
  const ps = s.params.map((_, i) => `p${i}`);
  const args = s.args.map((a) => (a.ref ? `t.get(p${a.p})` : `p${a.p}`)).join(", ");
  const call = `g[${s.index}](${args})`;
  return `        (${ps.join(", ")}) => ${s.result === "externref" ? `put(${call})` : call},`;
};
const glueJs = `// The glue of the imports only the chunks call (scripts/chunk-imports.mjs).
import { initSync, ${needed.map((n, i) => `$${i} as ${n}`).join(", ")} } from "./app.js";
${[...groupBy(fromSnippets, (n) => snippets.get(n).from)].map(([from, ns]) => `import { ${ns.map((n) => snippets.get(n).spec).join(", ")} } from "${from}";`).join("\n")}
// wasm-bindgen's glue functions, in the order of the chunks' imports ("0", "1", …).
const g = [
${bodies.join("\n")}
];
export default function imports() {
    const w = initSync();
    const t = w.__wbindgen_externrefs;
    const put = (v) => { const i = w.__externref_table_alloc(); t.set(i, v); return i; };
    return [
${moved.map(wrap).join("\n")}
    ];
}
`;

// ---- the chunk loader: each chunk instantiated with the glue, which loads once, beside it ----
let loader = readFileSync(join(dir, "__wasm_split.js"), "utf8");
let loaders = 0;
loader = loader.replace(/return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);/g, () => {
  loaders++;
  return `const glue = gvkGlue();
    return async (imports) => (WebAssembly.instantiateStreaming(src, { ...imports, gvk: (await glue).default() }));`;
});
if (loaders !== chunks.length) fail(`__wasm_split.js: ${loaders} chunk loaders found for ${chunks.length} chunks (has wasm-split-cli changed?)`);
loader = loader.replace(/^let sharedImports/m, () => `// The chunks' glue (scripts/chunk-imports.mjs), loaded once; after a failure, tried again under a
// new URL (an engine may keep a failed module load).
let gvkGlueLoad, gvkGlueTries = 0;
function gvkGlue() {
    if (gvkGlueLoad === undefined) {
        const load = import("./split_glue.js" + (gvkGlueTries ? "?" + gvkGlueTries : ""));
        load.catch(() => { if (gvkGlueLoad === load) { gvkGlueLoad = undefined; gvkGlueTries++; } });
        gvkGlueLoad = load;
    }
    return gvkGlueLoad;
}
let sharedImports`);
if (!loader.includes("function gvkGlue()")) fail("__wasm_split.js: no `let sharedImports` (has wasm-split-cli changed?)");

// ---- the wasm, rewritten: the chunks call their imports, the main module loses the shims ----
const written = [];
for (const { file, w, at } of calls) {
  // In place, line by line (a call may sit among the arguments of another): the header becomes a
  // call, the slot's constant goes.
  const lines = [...w];
  const added = new Map();
  for (const c of at) {
    const shim = slots.get(c.slot);
    if (!shim) continue;
    const short = used.get(imports.get(shims.get(shim).imp).name).index;
    added.set(short, sigOf(shim));
    lines[c.line] = `${c.indent}(call $gvk$${short}`;
    lines[c.close - 1] = null;
  }
  const out = lines.filter((l) => l !== null);
  const last = out.findLastIndex((l) => l.startsWith(" (import "));
  out.splice(last + 1, 0, ...[...added].map(([name, sig]) => ` (import "gvk" "${name}" (func $gvk$${name}${sig}))`));
  written.push([join(work, file), join(dir, file)]);
  assemble(out, join(dir, file), join(work, file));
}
const gone = new Set(slots.values());
for (const e of elems) main[e.line] = `${e.prefix}${e.names.map((n) => (gone.has(n) ? "$gvk$moved" : n)).join(" ")})`;
main.splice(main.lastIndexOf(")"), 0, " (func $gvk$moved (unreachable))");
assemble(main, join(dir, "app_bg.wasm"), join(work, "app_bg.wasm"));
written.push([join(work, "app_bg.wasm"), join(dir, "app_bg.wasm")]);
// Read back: no moved import may be left in the main module (its glue is no longer in app.js).
const left = dis(join(work, "app_bg.wasm")).filter((l) => l.startsWith(" (import ")).map((l) => l.match(/"([^"]+)" \(/)?.[1]);
const stuck = moved.filter((n) => left.includes(n));
if (stuck.length) fail(`the main module still imports ${stuck.join(", ")}`);

// ---- all checked: write ----
for (const [from, to] of written) writeFileSync(to, readFileSync(from));
writeFileSync(join(dir, "app.js"), kept.join("\n"));
writeFileSync(join(dir, "split_glue.js"), glueJs);
writeFileSync(join(dir, "__wasm_split.js"), loader);
rmSync(work, { recursive: true, force: true });
console.log(`chunk-imports: ${moved.length} imports moved to split_glue.js (${imports.size} before)`);
