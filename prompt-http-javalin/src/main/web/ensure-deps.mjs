// Runs `npm ci` unless node_modules already matches package-lock.json, so repeated Maven builds stay fast.
// npm writes node_modules/.package-lock.json after every install: when it is newer than the lockfile and
// package.json, the installed tree is the locked one.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const mtime = (file) => statSync(path.join(here, file)).mtimeMs;
const installed = path.join(here, "node_modules/.package-lock.json");

if (existsSync(installed) && mtime("node_modules/.package-lock.json") >= Math.max(mtime("package-lock.json"),
    mtime("package.json"))) {
  console.log("chat page: node_modules is up to date with package-lock.json; skipping npm ci");
} else {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const run = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`chat page: npm ci failed (exit ${run.status ?? run.error})`);
    process.exit(1);
  }
}
