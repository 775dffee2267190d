// scripts/chunk-imports.mjs on its own: it moves the glue of the imports only the chunk calls, and it
// refuses (exit 1, nothing written) a split build whose shape it does not know. The input is the
// split build of examples/minimal stopped before that step (GVK_SPLIT_STOP=before-chunk-imports), then
// altered the way a changed wasm-bindgen or wasm-split-cli would alter it.
//   node --test scripts/tests/   (run by scripts/test.sh after the e2e layer, which built the host)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, cpSync, readFileSync, writeFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "gvk-chunk-imports-test-"));
const base = join(tmp, "base");
let n = 0;

before(() => {
  const r = spawnSync("bash", ["scripts/split-build.sh", "examples/minimal", base], {
    cwd: root, encoding: "utf8", env: { ...process.env, GVK_SPLIT_STOP: "before-chunk-imports" },
  });
  assert.equal(r.status, 0, `split-build.sh (steps 1-4) failed:\n${r.stderr}`);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the build before the step, with `alter(dir)` applied. */
function copy(alter = () => {}) {
  const dir = join(tmp, `case-${n++}`);
  cpSync(base, dir, { recursive: true });
  alter(dir);
  return dir;
}
// wasm-dis comes from the npm binaryen package (scripts/setup.sh), as in split-build.sh.
const PATH = `${join(root, "node_modules", ".bin")}:${process.env.PATH}`;
const run = (dir) => spawnSync("node", [join(root, "scripts", "chunk-imports.mjs"), dir], { encoding: "utf8", env: { ...process.env, PATH } });
/** Every file of `dir` with its content's hash. */
const files = (dir) => Object.fromEntries(readdirSync(dir, { recursive: true }).sort()
  .filter((f) => statSync(join(dir, f)).isFile()).map((f) => [f, createHash("sha1").update(readFileSync(join(dir, f))).digest("hex")]));
const edit = (dir, file, change) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), "utf8")));
/** Runs the step on an altered copy: it must refuse with `why` and leave every file as it was. */
function refuses(alter, why) {
  const dir = copy(alter);
  const was = files(dir);
  const r = run(dir);
  assert.equal(r.status, 1, `exit status (stdout: ${r.stdout}, stderr: ${r.stderr})`);
  assert.match(r.stderr, why);
  assert.deepEqual(files(dir), was, "nothing written");
}

test("an unaltered build: the glue moves to split_glue.js, and the main module keeps none of the chunk's imports", () => {
  const dir = copy();
  const js = readFileSync(join(dir, "app.js"), "utf8");
  // The functions a module imports from `module` (any module when none is named).
  const imports = (file, module) => spawnSync("wasm-dis", [join(dir, file)], { encoding: "utf8", env: { ...process.env, PATH }, maxBuffer: 1 << 28 })
    .stdout.split("\n").filter((l) => l.trimStart().startsWith(module ? `(import "${module}"` : "(import ") && l.includes("(func ")).length;
  const mainBefore = imports("app_bg.wasm");
  const r = run(dir);
  assert.equal(r.status, 0, r.stderr);
  const moved = imports("split_gvk_kit.wasm", "gvk");
  assert.ok(moved > 0, "the chunk imports the moved functions itself");
  assert.equal(imports("app_bg.wasm"), mainBefore - moved, "the main module no longer imports them");
  assert.match(r.stdout, /moved/);
  const glue = readFileSync(join(dir, "split_glue.js"), "utf8");
  assert.ok(readFileSync(join(dir, "app.js"), "utf8").length < js.length, "app.js is smaller");
  assert.match(readFileSync(join(dir, "__wasm_split.js"), "utf8"), /function gvkGlue\(\)/, "the loader fetches the glue");
  assert.ok(glue.length > 1000, "split_glue.js holds the glue");
});

test("a chunk loader of another shape (wasm-split-cli changed): refused, nothing written", () => {
  refuses((d) => edit(d, "__wasm_split.js", (s) => s.replaceAll("sharedImports", "imports2")), /has wasm-split-cli changed/);
});

test("glue that takes another number of arguments than the shim passes: refused, nothing written", () => {
  refuses((d) => edit(d, "app.js", (s) => s.replace(/(__wbg_\w+: function\()(arg0)/g, "$1extra, $2")), /its glue takes \d+ arguments, its shim passes \d+/);
});

test("glue that writes to one of app.js's bindings: refused, nothing written", () => {
  refuses((d) => edit(d, "app.js", (s) => s.replace(/(__wbg_\w+: function\(arg0[^)]*\) \{)/g, "$1 wasm = wasm;")), /the glue assigns wasm/);
});
