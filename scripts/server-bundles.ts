import path from "node:path";
import { build, type Metafile } from "esbuild";

const ROOT = process.cwd();
export const DIST_DIR = path.join(ROOT, "dist");

/** The embedded database's worker thread, started from next to the bundle that opens the database (server/db/pglite-worker-client.ts). */
const PGLITE_WORKER_FILE = "./pglite-worker.js";
/** The graph export's worker thread (server/graph/graph-export-worker-client.ts): scripts/start.ts records its file for Next's route bundle. */
const GRAPH_EXPORT_WORKER_FILE = "./graph-export-worker.js";

/** Entry point → output file. The Dockerfile and k8s manifests run these names. */
export const SERVER_BUNDLES = [
  // Split: what only some roles run (the workers, and with them @kubernetes/client-node's
  // ~20 MB of module source and code) is a chunk of its own, loaded by the roles that run it,
  // so the web role's heap does not carry it (docs/adr: isolation, "Garbage-collection pauses").
  { entry: "scripts/start.ts", outfile: "dist/start.js", split: true },
  { entry: "cli/plumbline.ts", outfile: "dist/cli.js" },
  { entry: "scripts/healthcheck.ts", outfile: "dist/healthcheck.js" },
  { entry: "server/db/pglite-worker-entry.ts", outfile: `dist/${PGLITE_WORKER_FILE.slice(2)}` },
  { entry: "server/graph/graph-export-worker-entry.ts", outfile: `dist/${GRAPH_EXPORT_WORKER_FILE.slice(2)}` },
] as const;

/**
 * esbuild, one ESM file per entry point, with every npm package left external (resolved
 * from node_modules at run time, as under tsx). Our own code — `@/…` aliases, `.ts`
 * imports, the generated Prisma client — is bundled: tsc cannot emit runnable code from
 * this tsconfig (it keeps `@/…` specifiers as written and forbids emitting with
 * `allowImportingTsExtensions`), and a bundle is one file to copy into the image.
 * `__PLUMBLINE_PREBUILT__` tells scripts/start.ts that it runs compiled: it then never
 * rebuilds the web app (the image has no sources) and expects `.next` from the build.
 */
export async function writeServerBundles(options: { write?: boolean } = {}): Promise<Metafile[]> {
  return Promise.all(
    SERVER_BUNDLES.map((bundle) => {
      // Chunks sit next to the entry file: bundled code finds the PGlite worker relative to its own file.
      const output =
        "split" in bundle && bundle.split
          ? { splitting: true, outdir: path.dirname(path.join(ROOT, bundle.outfile)), entryNames: path.basename(bundle.outfile, ".js"), chunkNames: `${path.basename(bundle.outfile, ".js")}-[name]-[hash]` }
          : { outfile: path.join(ROOT, bundle.outfile) };
      return writeBundle(bundle.entry, output, options.write ?? true);
    }),
  );
}

/**
 * dist/cli.js's bundle written to `outfile` instead, for tests that run the compiled CLI
 * without rewriting dist/ under processes another test runs from it. `outfile` must lie
 * inside the repository: npm packages stay external and resolve from its node_modules.
 */
export async function writeCliBundleTo(outfile: string): Promise<void> {
  await writeBundle("cli/plumbline.ts", { outfile }, true);
}

type TBundleOutput = { outfile: string } | { splitting: boolean; outdir: string; entryNames: string; chunkNames: string };

async function writeBundle(entry: string, output: TBundleOutput, write: boolean): Promise<Metafile> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    ...output,
    write,
    metafile: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    define: {
      __PLUMBLINE_PREBUILT__: "true",
      __PLUMBLINE_PGLITE_WORKER__: JSON.stringify(PGLITE_WORKER_FILE),
      __PLUMBLINE_GRAPH_EXPORT_WORKER__: JSON.stringify(GRAPH_EXPORT_WORKER_FILE),
    },
    sourcemap: "linked",
    // Stack traces need the mappings, not the sources' text, which --enable-source-maps would keep in the heap (scripts/strip-server-sources-content.ts).
    sourcesContent: false,
    legalComments: "none",
    logLevel: "warning",
  });
  return result.metafile;
}
