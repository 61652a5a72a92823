import fs from "node:fs";
import path from "node:path";
import { createRouteMatcher, type TRouteMatcher } from "./route-patterns.ts";

// Next writes the app's routes (pages and route handlers) here at build time; `next dev`
// writes into its own folder and adds routes as they are first compiled.
const MANIFESTS = [path.join(".next", "app-path-routes-manifest.json"), path.join(".next", "dev", "app-path-routes-manifest.json")];
const RELOAD_AFTER_MS = 5_000;

/**
 * The route pattern serving a path, from the build's own route list: the same list Next
 * routes with, so a label can never name a route that does not exist. An unmatched path
 * is re-checked against a fresh manifest at most every few seconds (`next dev` grows it).
 */
export function createAppRouteResolver(root: string = process.cwd()): (pathname: string) => string | null {
  let matcher: TRouteMatcher = createRouteMatcher([]);
  let loadedAt = -Infinity;
  const load = () => {
    loadedAt = Date.now();
    const patterns = MANIFESTS.flatMap((file) => readPatterns(path.join(root, file)));
    matcher = createRouteMatcher(patterns);
  };
  return (pathname) => {
    const found = matcher.match(pathname);
    if (found !== null || Date.now() - loadedAt < RELOAD_AFTER_MS) return found;
    load();
    return matcher.match(pathname);
  };
}

function readPatterns(file: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return Object.values(manifest).filter((value): value is string => typeof value === "string" && !value.startsWith("/_"));
  } catch {
    return [];
  }
}
