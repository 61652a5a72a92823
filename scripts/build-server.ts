// npm run build (after `next build`): compiles the entry points that run outside Next —
// the server (web, workers or both: scripts/start.ts) and the CLI (cli/plumbline.ts) — to
// plain JavaScript in dist/, so production runs `node dist/start.js` with no TypeScript
// loader. See "Production build" in the README.
import { SERVER_BUNDLES, writeServerBundles } from "./server-bundles.ts";
import { stripSourcesContentUnder } from "./strip-server-sources-content.ts";
import { writeWebBuildStamp } from "./web-build-stamp.ts";

const started = Date.now();
await writeServerBundles();
// Right after `next build` (npm run build): `npm start` and the tests then reuse that build.
if (process.argv.includes("--after-next-build")) {
  const stripped = stripSourcesContentUnder(".next/server");
  console.log(`▸ Server source maps without the sources' text: ${stripped.files} files, ${(stripped.savedBytes / 1048576).toFixed(1)} MB less`);
  writeWebBuildStamp();
}
console.log(`▸ Compiled ${SERVER_BUNDLES.map((b) => b.outfile).join(", ")} in ${Date.now() - started} ms`);
