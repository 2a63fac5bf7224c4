// Bundles src/entry.js into ui-chat.js + ui-chat.css (production React). Usage: node build.mjs [outdir]
// Maven passes target/classes/chat-assets, so the assets land on the classpath of the jar.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, "../../../target/classes/chat-assets"));

const result = await build({
  entryPoints: { "ui-chat": path.join(here, "src/entry.js") },
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  // Drops React's development checks and the component's PropTypes warnings.
  define: { "process.env.NODE_ENV": '"production"' },
  loader: { ".css": "css" },
  outdir,
  metafile: true,
  logLevel: "warning",
});
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  console.log(`chat page asset ${path.resolve(file)}: ${info.bytes} bytes`);
}
