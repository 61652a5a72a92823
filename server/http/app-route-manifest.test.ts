import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppRouteResolver } from "./app-route-manifest.ts";

let root: string | null = null;

function writeManifest(dir: string, manifest: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "app-path-routes-manifest.json"), JSON.stringify(manifest));
}

afterEach(() => {
  vi.useRealTimers();
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = null;
});

describe("createAppRouteResolver", () => {
  it("resolves paths to the routes of Next's build manifest, leaving out Next's internal ones", () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-routes-"));
    writeManifest(path.join(root, ".next"), {
      "/_not-found/page": "/_not-found",
      "/services/[slug]/page": "/services/[slug]",
      "/api/v1/deploy-requests/[id]/route": "/api/v1/deploy-requests/[id]",
    });
    const resolve = createAppRouteResolver(root);
    expect(resolve("/services/checkout")).toBe("/services/[slug]");
    expect(resolve("/api/v1/deploy-requests/dr_9")).toBe("/api/v1/deploy-requests/[id]");
    expect(resolve("/_not-found")).toBeNull();
  });

  it("picks up routes `next dev` adds, re-reading the manifest at most every few seconds", () => {
    vi.useFakeTimers({ now: new Date("2026-12-04T12:00:00Z") });
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-routes-"));
    const dev = path.join(root, ".next", "dev");
    writeManifest(dev, { "/page": "/" });
    const resolve = createAppRouteResolver(root);
    expect(resolve("/teams")).toBeNull();
    writeManifest(dev, { "/page": "/", "/teams/page": "/teams" });
    expect(resolve("/teams")).toBeNull();
    vi.advanceTimersByTime(5_001);
    expect(resolve("/teams")).toBe("/teams");
  });

  it("resolves nothing, without failing, when there is no build", () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-routes-"));
    expect(createAppRouteResolver(root)("/services/checkout")).toBeNull();
  });
});
