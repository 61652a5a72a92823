import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

// Next's `experimental.preloadEntriesOnStart` (default true) loads each route's entry file at
// start: it compiles the route's chunks and instantiates Next's own template module. Our modules
// are not instantiated by it: Next 16 instantiates a page's layouts and page (the loader tree's
// `() => require(…)` functions) on its first render and a route handler's module on its first
// request (`ensureUserland`), and `proxy.ts` (middleware.js) on the first request of any kind.
// Instantiating them is every top-level statement of our modules and of the libraries they
// import (better-auth, zod schemas, the default policies' YAML), 90-180 ms of main-thread CPU
// in one turn on the first `/`, the first deploy request and the first request at all
// (bench/first-visit.bench.ts, server/diagnostics/README.md "First visits"). This does it before
// the server listens, through the same `require` cache Next uses, so the first visit finds the
// modules as every later visit does. It writes nothing and renders nothing.

/** A loader tree node: [segment, parallel routes, { layout: [load, path], page: …, … }]. */
type TLoaderTree = [string, Record<string, TLoaderTree>, Record<string, unknown>];

interface TEntryModule {
  patchFetch?: () => void;
  /** The page's loaders for its client components' server-side rendering (what React's SSR calls as `__next_chunk_load__` and `__next_require__`). */
  __next_app__?: { loadChunk: (chunk: string) => unknown; require: (id: string | number) => unknown };
  routeModule?: { userland?: { loaderTree?: TLoaderTree }; ensureUserland?: () => Promise<void> };
}

export interface TPreloadResult {
  routes: number;
  modules: number;
  /** Routes whose modules could not be loaded: their first request loads (or fails) as it would have. */
  failed: { route: string; message: string }[];
}

const isLoader = (value: unknown): value is [() => unknown, ...unknown[]] => Array.isArray(value) && typeof value[0] === "function";

/** Calls every module loader of a page's tree (layouts, pages, templates, error, loading and not-found files). */
async function loadTree(tree: TLoaderTree): Promise<number> {
  let loaded = 0;
  for (const value of Object.values(tree[2] ?? {})) {
    if (!isLoader(value)) continue;
    await value[0]();
    loaded += 1;
  }
  for (const child of Object.values(tree[1] ?? {})) loaded += await loadTree(child);
  return loaded;
}

/** The SSR side of a manifest entry: the module and the chunks that hold it. */
type TSsrModules = Record<string, Record<string, { id: string | number; chunks: string[] }>>;

/**
 * Loads and instantiates the server-side copies of a page's client components (`"use client"`
 * files), which React's SSR otherwise loads in the middle of the page's first render. The
 * manifest is a script that assigns to `globalThis`: evaluated in a context of its own, as Next
 * evaluates it, so nothing leaks onto this process's global object.
 */
async function loadClientComponents(entry: TEntryModule, manifestFile: string, route: string): Promise<number> {
  const app = entry.__next_app__;
  if (!app || !fs.existsSync(manifestFile)) return 0;
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { ssrModuleMapping?: TSsrModules }> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(manifestFile, "utf8"), sandbox, { filename: manifestFile });
  const mapping = sandbox.__RSC_MANIFEST?.[route]?.ssrModuleMapping ?? {};
  const loaded = new Set<string | number>();
  for (const exports of Object.values(mapping)) {
    for (const ssr of Object.values(exports)) {
      if (loaded.has(ssr.id)) continue;
      for (const chunk of ssr.chunks) await app.loadChunk(chunk);
      await app.require(ssr.id);
      loaded.add(ssr.id);
    }
  }
  return loaded.size;
}

/** Lets the loop turn between routes: nothing waits on it before "ready", but a turn per route keeps each one short. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Instantiates the modules of every app route (pages and route handlers) and of the proxy in
 * `distDir` (`.next`). A route that fails to load is reported, not thrown: Next reports it on
 * that route's first request, as before.
 */
export async function preloadRouteModules(distDir: string): Promise<TPreloadResult> {
  const serverDir = path.join(distDir, "server");
  const require = createRequire(path.join(serverDir, "noop.js"));
  const result: TPreloadResult = { routes: 0, modules: 0, failed: [] };
  const manifestFile = path.join(serverDir, "app-paths-manifest.json");
  // No app router in the build (or not a build Next 16 wrote): nothing to load ahead.
  if (!fs.existsSync(manifestFile)) return result;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, string>;
  for (const [route, file] of Object.entries(manifest)) {
    try {
      const entry = require(path.join(serverDir, file)) as TEntryModule;
      // As Next's own preload does, before anything of ours runs: fetch is patched once.
      entry.patchFetch?.();
      const routeModule = entry.routeModule;
      // A route handler's `userland` is a getter that throws until `ensureUserland` has loaded it.
      if (typeof routeModule?.ensureUserland === "function") {
        await routeModule.ensureUserland();
        result.modules += 1;
      } else if (routeModule?.userland?.loaderTree) {
        result.modules += await loadTree(routeModule.userland.loaderTree);
        result.modules += await loadClientComponents(entry, path.join(serverDir, file.replace(/\.js$/, "_client-reference-manifest.js")), route);
      }
      result.routes += 1;
    } catch (error) {
      result.failed.push({ route, message: error instanceof Error ? error.message : String(error) });
    }
    await nextTurn();
  }
  if (hasNodeProxy(serverDir, require)) {
    try {
      require(path.join(serverDir, "middleware.js"));
      result.modules += 1;
    } catch (error) {
      result.failed.push({ route: "proxy", message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** Whether the build has a Node.js proxy (middleware), which Next requires from `middleware.js` on the first request. */
function hasNodeProxy(serverDir: string, require: NodeJS.Require): boolean {
  const file = path.join(serverDir, "functions-config-manifest.json");
  if (!fs.existsSync(file)) return false;
  const config = require(file) as { functions?: Record<string, unknown> };
  return Boolean(config.functions?.["/_middleware"]) && fs.existsSync(path.join(serverDir, "middleware.js"));
}
