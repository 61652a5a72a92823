import fs from "node:fs";
import path from "node:path";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Source maps read when a stack trace needs one, not when a module loads.
 *
 * `node --enable-source-maps` parses and keeps the map of every module it loads: ~25 MB of
 * the web process's heap at 10,000 services (server/diagnostics/README.md), marked by every
 * full GC, for the rare error that gets printed. This cache reads a generated file's map on
 * the first frame that points into it and keeps the `maxMaps` used last (docs/adr/015).
 */
export type TLoadedSourceMap = {
  /** With `sources` resolved to absolute `file://` URLs, as Node's own cache gives them. */
  payload: SourceMapPayload;
  map: SourceMap;
};

export type TSourceMapCache = {
  /** The map of a generated file (an absolute path or a `file://` URL), or undefined when it has none or it cannot be read. */
  find: (fileOrUrl: string) => TLoadedSourceMap | undefined;
  /** How many maps are held now (tests, diagnostics). */
  size: () => number;
};

/** The comment a bundler appends to a generated file; only its last lines are read. */
const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;
const TAIL_BYTES = 4096;
/** Files seen without a map (Node's internals, npm packages, sources run by tsx), forgotten in a block when this many. */
const MAX_FILES_WITHOUT_MAP = 2048;

export function createSourceMapCache(options: { maxMaps: number }): TSourceMapCache {
  const maps = new Map<string, TLoadedSourceMap>();
  const withoutMap = new Set<string>();
  return {
    size: () => maps.size,
    find(fileOrUrl) {
      const file = toFilePath(fileOrUrl);
      if (file === null || withoutMap.has(file)) return undefined;
      const cached = maps.get(file);
      if (cached !== undefined) {
        // Most recently used last: a Map iterates in insertion order.
        maps.delete(file);
        maps.set(file, cached);
        return cached;
      }
      const loaded = loadSourceMap(file);
      if (loaded === null) {
        if (withoutMap.size >= MAX_FILES_WITHOUT_MAP) withoutMap.clear();
        withoutMap.add(file);
        return undefined;
      }
      maps.set(file, loaded);
      if (maps.size > options.maxMaps) maps.delete(maps.keys().next().value as string);
      return loaded;
    },
  };
}

/** Generated JavaScript only: a "frame" can also come from an error's message, which may echo input. */
const GENERATED_FILE = /\.[cm]?js$/;

function toFilePath(fileOrUrl: string): string | null {
  try {
    const file = fileOrUrl.startsWith("file://") ? fileURLToPath(fileOrUrl) : fileOrUrl;
    return path.isAbsolute(file) && GENERATED_FILE.test(file) ? file : null;
  } catch {
    return null;
  }
}

/** Never throws: it runs while an error is being printed. */
function loadSourceMap(file: string): TLoadedSourceMap | null {
  try {
    const reference = readSourceMappingUrl(file);
    if (reference === null) return null;
    const mapUrl = new URL(reference, pathToFileURL(file));
    const text = mapUrl.protocol === "data:" ? readDataUrl(mapUrl.href) : mapUrl.protocol === "file:" ? fs.readFileSync(fileURLToPath(mapUrl), "utf8") : null;
    if (text === null) return null;
    // @types/node's SourceMapPayload has no `sections`; Node's SourceMap reads index maps too (Turbopack writes them).
    const payload = withAbsoluteSources(JSON.parse(text) as TRawSourceMap, mapUrl.protocol === "data:" ? pathToFileURL(file).href : mapUrl.href) as unknown as SourceMapPayload;
    return { payload, map: new SourceMap(payload) };
  } catch {
    return null;
  }
}

function readSourceMappingUrl(file: string): string | null {
  // A regular file only: opening a FIFO or a device named in a message would block the event loop.
  if (!fs.statSync(file).isFile()) return null;
  const fd = fs.openSync(file, "r");
  try {
    const { size } = fs.fstatSync(fd);
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    fs.readSync(fd, tail, 0, length, size - length);
    return SOURCE_MAPPING_URL.exec(tail.toString("utf8"))?.[1] ?? null;
  } finally {
    fs.closeSync(fd);
  }
}

function readDataUrl(url: string): string | null {
  const comma = url.indexOf(",");
  if (comma < 0) return null;
  const body = url.slice(comma + 1);
  return url.slice(0, comma).endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

type TRawSourceMap = { sources?: (string | null)[]; sourceRoot?: string; sections?: { offset: unknown; map: TRawSourceMap }[]; [key: string]: unknown };

/** Resolves `sources` (after `sourceRoot`) against the map's own URL, in plain and index maps, so a frame names a file a reader can open. */
function withAbsoluteSources(map: TRawSourceMap, mapUrl: string): TRawSourceMap {
  if (Array.isArray(map.sections)) return { ...map, sections: map.sections.map((section) => ({ ...section, map: withAbsoluteSources(section.map, mapUrl) })) };
  const root = map.sourceRoot ? new URL(map.sourceRoot.endsWith("/") ? map.sourceRoot : `${map.sourceRoot}/`, mapUrl).href : mapUrl;
  const sources = (map.sources ?? []).map((source) => (source === null ? source : new URL(source, root).href));
  const { sourceRoot: _resolved, ...rest } = map;
  return { ...rest, sources };
}
