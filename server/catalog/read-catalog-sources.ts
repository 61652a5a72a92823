import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { globToRegExp, isGlob, isRemoteTarget, readLocationSpec } from "@/domain/catalog/follow-locations.ts";
import { AppError } from "@/server/http/problem.ts";

export interface TCatalogSource {
  file: string;
  text: string;
  /**
   * Set only for files the operator pointed at on disk (CLI, seed on start), never for
   * uploaded text: lets an API's `definition: {$text: ./openapi.yaml}` be read, and only
   * below `root`.
   */
  disk?: { path: string; root: string };
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * Reads one catalog file, or every .yaml/.yml file below a directory, in name order. A
 * file's Backstage `Location` documents are followed on disk (relative targets and globs,
 * each file once, so cycles end); remote targets are not fetched. The import then checks
 * every Location against the files read and reports what was not followed, and why.
 */
export function readCatalogSources(target: string): TCatalogSource[] {
  const resolved = path.resolve(target);
  if (!fs.existsSync(resolved)) {
    throw new AppError(400, "Catalog not found", `No file or directory at ${resolved}.`);
  }
  const files = fs.statSync(resolved).isDirectory() ? listYamlFiles(resolved) : followLocationFiles(resolved);
  if (files.length === 0) {
    throw new AppError(400, "Empty catalog", `${resolved} holds no .yaml or .yml files.`);
  }
  const base = fs.statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  return files.map((file) => ({
    file: path.relative(process.cwd(), file).startsWith("..") ? path.relative(base, file) : path.relative(process.cwd(), file),
    text: fs.readFileSync(file, "utf8"),
    disk: { path: file, root: base },
  }));
}

function listYamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : listYamlFiles(full);
      return YAML_FILE.test(entry.name) ? [full] : [];
    });
}

/** The file and every file its Location documents lead to, breadth first, each once. */
function followLocationFiles(root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const file of locationTargetsOnDisk(next)) {
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(file);
    }
  }
  return [...seen];
}

function locationTargetsOnDisk(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) continue;
    let location: ReturnType<typeof readLocationSpec>;
    try {
      location = readLocationSpec(document.toJS());
    } catch {
      continue;
    }
    for (const target of location?.targets ?? []) {
      if (isRemoteTarget(location?.type ?? null, target)) continue;
      const absolute = path.resolve(path.dirname(file), target);
      if (!isGlob(target)) {
        if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) found.push(absolute);
        continue;
      }
      // The folder before the first glob character bounds the search.
      const staticPart = absolute.split(path.sep).filter((_, index, parts) => !parts.slice(0, index + 1).some(isGlob));
      const searchDir = staticPart.join(path.sep) || path.sep;
      if (!fs.existsSync(searchDir) || !fs.statSync(searchDir).isDirectory()) continue;
      const pattern = globToRegExp(absolute.split(path.sep).join("/"));
      found.push(...listYamlFiles(searchDir).filter((candidate) => pattern.test(candidate.split(path.sep).join("/"))));
    }
  }
  return found;
}
