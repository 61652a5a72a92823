import fs from "node:fs";
import path from "node:path";

/**
 * The server's source maps without the sources' text (`sourcesContent`). Production runs node
 * with --enable-source-maps (Dockerfile, Deployments), which parses and keeps the map of every
 * module it loads: at 10,000 services the one-process server kept 59.5 MB of maps, 42 MB of it
 * the sources' text (server/diagnostics/README.md, "What the live heap is"). Stack traces need
 * only `mappings`, `sources` and `names`, which stay. Browser maps (.next/static) are left alone.
 */
export function withoutSourcesContent(map: unknown): unknown {
  if (typeof map !== "object" || map === null) return map;
  const { sourcesContent: _dropped, ...rest } = map as Record<string, unknown>;
  // An index map (Turbopack's) holds its maps in sections.
  if (Array.isArray(rest.sections)) {
    rest.sections = rest.sections.map((section: unknown) =>
      typeof section === "object" && section !== null && "map" in section ? { ...section, map: withoutSourcesContent(section.map) } : section,
    );
  }
  return rest;
}

/** Rewrites every .map file under `dir` without `sourcesContent`; returns how many it rewrote and the bytes saved. */
export function stripSourcesContentUnder(dir: string): { files: number; savedBytes: number } {
  let files = 0;
  let savedBytes = 0;
  if (!fs.existsSync(dir)) return { files, savedBytes };
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".map")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes('"sourcesContent"')) continue;
    const stripped = JSON.stringify(withoutSourcesContent(JSON.parse(text)));
    fs.writeFileSync(file, stripped);
    files += 1;
    savedBytes += Buffer.byteLength(text) - Buffer.byteLength(stripped);
  }
  return { files, savedBytes };
}
