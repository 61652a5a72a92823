import fs from "node:fs";
import path from "node:path";
import type { CatalogEntity } from "@/domain/catalog/catalog-types.ts";
import type { TStoredDefinition } from "./catalog-write.repository.ts";
import type { TCatalogSource } from "./read-catalog-sources.ts";

/** Larger definitions are named, not stored: a page renders them as text. */
const MAX_DEFINITION_BYTES = 1_000_000;

/**
 * Reads the local files that APIs name as their definition (`$text: ./openapi.yaml`,
 * relative to the document, as Backstage resolves it). First among the files of the
 * import, then on disk, but only for catalogs read from disk and only below the
 * directory the operator named: uploaded text never reaches the server's files.
 */
export function resolveApiDefinitions(entities: readonly CatalogEntity[], sources: readonly TCatalogSource[]): Map<string, TStoredDefinition> {
  const byFile = new Map(sources.map((source) => [path.posix.normalize(source.file), source]));
  const resolved = new Map<string, TStoredDefinition>();
  for (const entity of entities) {
    if (entity.kind !== "api" || entity.definition?.kind !== "file") continue;
    const wanted = entity.definition.path;
    const sibling = siblingPath(entity.source.file, wanted);
    const inImport = byFile.get(sibling);
    if (inImport !== undefined) {
      resolved.set(entity.slug, { text: inImport.text, source: { kind: "file", location: sibling } });
      continue;
    }
    const source = byFile.get(path.posix.normalize(entity.source.file));
    resolved.set(entity.slug, readFromDisk(source?.disk, wanted, sibling));
  }
  return resolved;
}

/** The files of an import that APIs name as their definition, as normalized import paths. */
export function apiDefinitionFiles(entities: readonly CatalogEntity[]): Set<string> {
  const files = new Set<string>();
  for (const entity of entities) {
    if (entity.kind === "api" && entity.definition?.kind === "file") files.add(siblingPath(entity.source.file, entity.definition.path));
  }
  return files;
}

function siblingPath(file: string, wanted: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), wanted));
}

function readFromDisk(disk: TCatalogSource["disk"], wanted: string, location: string): TStoredDefinition {
  if (disk === undefined) return { text: null, source: { kind: "file", location, note: "not among the uploaded files, so not read" } };
  const absolute = path.resolve(path.dirname(disk.path), wanted);
  if (!absolute.startsWith(disk.root + path.sep)) {
    return { text: null, source: { kind: "file", location, note: "outside the catalog directory, so not read" } };
  }
  try {
    const stat = fs.statSync(absolute);
    if (!stat.isFile()) return { text: null, source: { kind: "file", location, note: "not a file" } };
    if (stat.size > MAX_DEFINITION_BYTES) return { text: null, source: { kind: "file", location, note: `larger than ${MAX_DEFINITION_BYTES} bytes, not stored` } };
    return { text: fs.readFileSync(absolute, "utf8"), source: { kind: "file", location } };
  } catch {
    return { text: null, source: { kind: "file", location, note: "file not found" } };
  }
}
