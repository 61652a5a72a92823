import { fileURLToPath } from "node:url";
import type { TSourceMapCache } from "./lazy-source-maps.ts";

/**
 * A V8 stack frame's location: `    at name (/abs/file.js:12:34)` or `    at /abs/file.js:12:34`.
 * The path may hold parentheses (Next's route groups) and brackets (Turbopack's chunk names).
 */
const FRAME = /^(?<head>\s+at (?:.+? \()?)(?<file>(?:file:\/\/)?\/.+?):(?<line>\d+):(?<column>\d+)(?<tail>\)?)$/;

/**
 * The stack with every frame that points into a generated file with a source map moved to
 * the original file, line and column. Frames without a map (Node's internals, npm packages)
 * and lines that are not frames (the message, a cause) are kept as they are.
 */
export function mapStackTrace(stack: string, cache: TSourceMapCache): string {
  if (!stack.includes("\n")) return stack;
  return stack
    .split("\n")
    .map((line) => mapFrame(line, cache))
    .join("\n");
}

function mapFrame(line: string, cache: TSourceMapCache): string {
  const frame = FRAME.exec(line)?.groups;
  if (frame === undefined) return line;
  const loaded = cache.find(frame.file ?? "");
  if (loaded === undefined) return line;
  const entry = loaded.map.findEntry(Number(frame.line) - 1, Number(frame.column) - 1);
  if (!("originalSource" in entry) || !entry.originalSource) return line;
  const source = entry.originalSource.startsWith("file://") ? fileURLToPath(entry.originalSource) : entry.originalSource;
  return `${frame.head}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${frame.tail}`;
}
