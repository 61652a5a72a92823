import { createSourceMapCache } from "./lazy-source-maps.ts";
import { mapStackTrace } from "./map-stack-trace.ts";

/**
 * One process's source maps, read on demand (docs/adr/015). Eight maps cover an error's
 * frames through our bundle and Next's chunks; the largest of ours is ~0.7 MB of JSON.
 */
const sourceMaps = createSourceMapCache({ maxMaps: 8 });

/** A stack with our bundles' frames at their TypeScript files and lines (the logger's `err`). */
export function sourceMappedStack(stack: string): string {
  return mapStackTrace(stack, sourceMaps);
}

/**
 * Next (16.x) prints an error given to `console.error`/`util.inspect` source-mapped, asking
 * Node's source-map cache first (filled only under `--enable-source-maps`) and then the
 * bundler's lookup it reads from this global symbol at that moment (next/dist/server/patch-error-inspect.js).
 * Production runs without the flag, so this lookup is how Next's printed errors stay mapped.
 */
const NEXT_SOURCE_MAP_LOOKUP = Symbol.for("next.dev.bundlerFindSourceMap");

export function installNextSourceMapLookup(): void {
  (globalThis as Record<symbol, unknown>)[NEXT_SOURCE_MAP_LOOKUP] = (sourceUrl: string) => sourceMaps.find(sourceUrl)?.payload;
}

/**
 * `error.stack` source-mapped as `--enable-source-maps` would give it, for the start's processes
 * Next does not run in (the workers role): Next replaces `Error.prepareStackTrace` with its
 * own, unmapped one when its server loads, and maps when printing instead (above). Where Node
 * maps already (tsx, which maps its in-memory output; the flag), this leaves Node's in place.
 */
export function installSourceMappedStackTraces(): void {
  if (process.sourceMapsEnabled) return;
  Error.prepareStackTrace = (error: unknown, callSites: NodeJS.CallSite[]) => {
    let header: string;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = "Error";
    }
    return sourceMappedStack(header + callSites.map((callSite) => `\n    at ${callSite.toString()}`).join(""));
  };
}
