import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { preloadRouteModules } from "./preload-route-modules.ts";

// A build directory shaped like Next 16's (.next/server): entry files that export a route
// module, as the turbopack templates do, and record what the preload calls on them.
const CALLS = "__preloadRouteModulesTestCalls";
type TGlobal = typeof globalThis & { [CALLS]?: string[]; __RSC_MANIFEST?: unknown };

const PAGE_ENTRY = `
const calls = (globalThis.${CALLS} ??= []);
const load = (name) => [async () => { calls.push(name); return {}; }, "/app/" + name];
module.exports = {
  patchFetch: () => calls.push("patchFetch"),
  __next_app__: {
    loadChunk: async (chunk) => { calls.push("chunk " + chunk); },
    require: (id) => { calls.push("require " + id); return Promise.resolve({}); },
  },
  routeModule: {
    userland: {
      loaderTree: ["", { children: ["services", { children: ["__PAGE__", {}, { page: load("services/page.tsx") }] }, { layout: load("services/layout.tsx"), error: load("services/error.tsx") }] },
        { layout: load("layout.tsx"), "not-found": load("not-found.tsx"), metadata: { icon: [] } }],
    },
  },
};`;

const PAGE_MANIFEST = `
globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};
globalThis.__RSC_MANIFEST["/services/page"] = { ssrModuleMapping: {
  "11": { "*": { id: 101, chunks: ["server/chunks/ssr/a.js", "server/chunks/ssr/b.js"] }, "Table": { id: 101, chunks: ["server/chunks/ssr/a.js"] } },
  "12": { "*": { id: 102, chunks: [] } },
} };`;

const ROUTE_ENTRY = `
const calls = (globalThis.${CALLS} ??= []);
module.exports = {
  routeModule: {
    get userland() { throw new Error("Invariant: The lazy module is still loading."); },
    ensureUserland: async () => { calls.push("ensureUserland /api/v1/services"); },
  },
};`;

describe("preloadRouteModules", () => {
  let distDir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(distDir, file)), { recursive: true });
    fs.writeFileSync(path.join(distDir, file), text);
  };
  const calls = () => (globalThis as TGlobal)[CALLS] ?? [];

  beforeEach(() => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-preload-"));
    (globalThis as TGlobal)[CALLS] = [];
    write(
      "server/app-paths-manifest.json",
      JSON.stringify({ "/services/page": "app/services/page.js", "/api/v1/services/route": "app/api/v1/services/route.js", "/broken/page": "app/broken/page.js" }),
    );
    write("server/app/services/page.js", PAGE_ENTRY);
    write("server/app/services/page_client-reference-manifest.js", PAGE_MANIFEST);
    write("server/app/api/v1/services/route.js", ROUTE_ENTRY);
    write("server/app/broken/page.js", `throw new Error("chunk missing");`);
    write("server/functions-config-manifest.json", JSON.stringify({ version: 1, functions: { "/_middleware": { runtime: "nodejs" } } }));
    write("server/middleware.js", `(globalThis.${CALLS} ??= []).push("proxy");`);
  });
  afterEach(() => {
    fs.rmSync(distDir, { recursive: true, force: true });
    delete (globalThis as TGlobal)[CALLS];
  });

  it("instantiates every file of a page's tree, its client components' SSR modules, route handlers and the proxy", async () => {
    const result = await preloadRouteModules(distDir);

    expect(calls()).toEqual([
      "patchFetch",
      "layout.tsx",
      "not-found.tsx",
      "services/layout.tsx",
      "services/error.tsx",
      "services/page.tsx",
      "chunk server/chunks/ssr/a.js",
      "chunk server/chunks/ssr/b.js",
      "require 101",
      "require 102",
      "ensureUserland /api/v1/services",
      "proxy",
    ]);
    // 5 tree files + 2 client components, 1 route handler, the proxy.
    expect(result).toMatchObject({ routes: 2, modules: 9 });
  });

  it("reports a route that does not load instead of failing the start", async () => {
    const result = await preloadRouteModules(distDir);

    expect(result.failed).toEqual([{ route: "/broken/page", message: "chunk missing" }]);
  });

  it("evaluates the client reference manifest apart from this process's globals, as Next does", async () => {
    await preloadRouteModules(distDir);

    expect((globalThis as TGlobal).__RSC_MANIFEST).toBeUndefined();
  });

  it("loads nothing from a build without the app router's manifest", async () => {
    fs.rmSync(path.join(distDir, "server", "app-paths-manifest.json"));
    write("server/functions-config-manifest.json", JSON.stringify({ version: 1, functions: {} }));

    expect(await preloadRouteModules(distDir)).toEqual({ routes: 0, modules: 0, failed: [] });
    expect(calls()).toEqual([]);
  });

  it("leaves the proxy to its first request when the build has none for Node.js", async () => {
    write("server/functions-config-manifest.json", JSON.stringify({ version: 1, functions: {} }));

    await preloadRouteModules(distDir);

    expect(calls()).not.toContain("proxy");
  });
});
