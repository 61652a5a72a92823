import fs from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

// Next's server chunks bundle libraries (React's renderer, Next's runtime) with our modules:
// their source maps (.js.map beside each chunk) say which source a profile frame came from.
const maps = new Map<string, SourceMap | null>();

/** The source map beside the chunk at `url` (a file: URL), read once; null when there is none. */
export function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = fileURLToPath(url);
      if (fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}
