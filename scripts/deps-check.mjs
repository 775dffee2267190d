// Dependencies point one way (the redesign issue, change 3): reads every `crate::…` path under src/
// (tests and comments left out), maps it to the top-level module it names, and checks each arrow
// against the layers below, bottom up. An arrow to a module of a higher layer fails, unless it is one
// of the KNOWN arrows still to be turned; a KNOWN arrow that is gone fails too, so the list can only
// shrink. Prints the module graph.
//   node scripts/deps-check.mjs        (run by scripts/test.sh)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
// Bottom up: a module may use its own layer's and lower layers' modules. A node is a top-level
// module, or one of SUBMODULES, which sits in a lower layer than its parent.
const LAYERS = [
  ["text", "log"],
  ["event"],
  ["dom", "layout", "theme", "masking", "state", "invoke::origin", "invoke::message", "invoke::rules"],
  ["messages", "source"],
  ["context"],
  ["components", "invoke", "split"],
];
// The arrows that point up today, each with the file that holds it (aesthetics-review-2.md §4 found
// three; none is left).
const KNOWN = new Map([]);
// Submodules that are nodes of their own: their file, and the path other modules name them by.
const SUBMODULES = {
  "invoke/origin.rs": "invoke::origin",
  "invoke/message.rs": "invoke::message",
  "invoke/rules.rs": "invoke::rules",
};
// What the crate root re-exports, by the module that defines it.
// `crate::Name` for a name lib.rs re-exports: its module, read from lib.rs's `pub use` lines (and,
// for the glob `pub use components::*`, the components used that way).
const ROOT = { VisitorUi: "components", Masked: "components" };
const lib = readFileSync(join(root, "src", "lib.rs"), "utf8");
for (const [, module, names] of lib.matchAll(/^pub use (\w+)::\{([^}]*)\};/gm)) {
  for (const name of names.split(",").map((n) => n.trim()).filter(Boolean)) ROOT[name.split(" as ").pop().trim()] = module;
}
for (const [, module, name] of lib.matchAll(/^pub use (\w+)::(\w+);/gm)) ROOT[name] = module;

const layer = new Map(LAYERS.flatMap((mods, i) => mods.map((m) => [m, i])));
const files = readdirSync(join(root, "src"), { recursive: true }).map((f) => f.replaceAll("\\", "/")).filter((f) => f.endsWith(".rs"));
const top = (f) => SUBMODULES[f] || (f.includes("/") ? f.split("/")[0] : f.replace(/\.rs$/, ""));
const subs = new Set(Object.values(SUBMODULES));
const arrows = new Map();
const problems = [];
for (const f of files) {
  const from = top(f);
  if (from === "lib" || from === "main") continue;
  if (!layer.has(from)) { problems.push(`src/${f}: module \`${from}\` has no layer in scripts/deps-check.mjs`); continue; }
  const code = readFileSync(join(root, "src", f), "utf8")
    .replace(/#\[cfg\(test\)\]\s*mod tests[\s\S]*$/m, "")
    .split("\n").filter((l) => !/^\s*\/\//.test(l)).join("\n");
  const names = [...code.matchAll(/crate::(\w+)(?:::(\w+))?/g)].map((m) => (subs.has(`${m[1]}::${m[2]}`) ? `${m[1]}::${m[2]}` : m[1]));
  for (const m of code.matchAll(/crate::\{([^}]*)\}/g)) names.push(...m[1].split(",").map((p) => p.trim().split("::")[0]).filter(Boolean));
  for (const name of names) {
    const to = ROOT[name] || name;
    if (to === from || to === "self") continue;
    if (!layer.has(to)) { problems.push(`src/${f}: \`crate::${name}\` is not a module with a layer (add it to ROOT or LAYERS)`); continue; }
    const key = `${from} -> ${to}`;
    if (!arrows.has(key)) arrows.set(key, new Set());
    arrows.get(key).add(f);
  }
}
console.log("[deps] module graph (bottom up):", LAYERS.map((l) => l.join(" ")).join(" | "));
for (const [key, where] of [...arrows].sort()) {
  const [from, to] = key.split(" -> ");
  const up = layer.get(to) > layer.get(from);
  console.log(`  ${key.padEnd(26)} ${up ? (KNOWN.has(key) ? "UP (known)" : "UP") : "  "}  ${[...where].join(" ")}`);
  if (up && !KNOWN.has(key)) problems.push(`${key} points up (${[...where].join(", ")}): use a lower module, or move the code`);
}
for (const key of KNOWN.keys()) if (!arrows.has(key)) problems.push(`${key} is gone: take it out of KNOWN in scripts/deps-check.mjs`);
if (problems.length) {
  for (const p of problems) console.error(`[deps] FAILED: ${p}`);
  process.exit(1);
}
console.log(`[deps] ok: ${arrows.size} arrows, ${KNOWN.size} known to point up (to be turned)`);
