import { stringify } from "yaml";
import { buildCatalogSnapshot } from "./build-catalog-snapshot.ts";
import type { CatalogKnownSlugs, CatalogProblem, CatalogSnapshot } from "./catalog-types.ts";
import { parseCatalogFile } from "./parse-catalog-file.ts";

/** Builders for catalog documents in tests: Backstage-valid defaults, overridable per case. */

const API_VERSION = "backstage.io/v1alpha1";
type Fields = Record<string, unknown>;

export function component(name: string, spec: Fields = {}, metadata: Fields = {}): Fields {
  return { apiVersion: API_VERSION, kind: "Component", metadata: { name, ...metadata }, spec: { type: "service", lifecycle: "production", owner: "payments", ...spec } };
}

export function group(name: string, spec: Fields = {}, metadata: Fields = {}): Fields {
  return { apiVersion: API_VERSION, kind: "Group", metadata: { name, ...metadata }, spec: { type: "team", children: [], ...spec } };
}

export function user(name: string, spec: Fields = {}, metadata: Fields = {}): Fields {
  return { apiVersion: API_VERSION, kind: "User", metadata: { name, ...metadata }, spec: { profile: { email: `${name}@acme.example` }, ...spec } };
}

export function system(name: string, spec: Fields = {}, metadata: Fields = {}): Fields {
  return { apiVersion: API_VERSION, kind: "System", metadata: { name, ...metadata }, spec: { owner: "payments", ...spec } };
}

export function api(name: string, spec: Fields = {}, metadata: Fields = {}): Fields {
  return { apiVersion: API_VERSION, kind: "API", metadata: { name, ...metadata }, spec: { type: "openapi", lifecycle: "production", owner: "payments", definition: "openapi: 3.0.0", ...spec } };
}

/** One YAML text holding the documents, `---` separated, as authors write them. */
export function yamlFile(...documents: Fields[]): string {
  return documents.map((document) => stringify(document)).join("---\n");
}

/** Parses each file and builds the snapshot, returning every problem in one list. */
export function importFiles(
  files: Record<string, string>,
  known?: CatalogKnownSlugs,
): { snapshot: CatalogSnapshot; problems: CatalogProblem[] } {
  const parsed = Object.entries(files).map(([file, text]) => parseCatalogFile(file, text));
  const built = buildCatalogSnapshot(
    parsed.flatMap((result) => result.entities),
    known,
  );
  return { snapshot: built.snapshot, problems: [...parsed.flatMap((result) => result.problems), ...built.problems] };
}

/** The team most tests need to exist so components have an owner. */
export const PAYMENTS_TEAM = group("payments");
