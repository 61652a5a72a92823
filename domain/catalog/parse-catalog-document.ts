import { describeYamlValue } from "./catalog-error-map.ts";
import type { CatalogFinding, CatalogSource, ParsedCatalogDocument } from "./catalog-types.ts";
import { parseApiDocument } from "./parse-api-document.ts";
import { parseComponentDocument } from "./parse-component-document.ts";
import { parseDomainDocument } from "./parse-domain-document.ts";
import { parseResourceDocument } from "./parse-resource-document.ts";
import { stringifyEntityRef } from "./parse-entity-ref.ts";
import { parseGroupDocument } from "./parse-group-document.ts";
import { parseSystemDocument } from "./parse-system-document.ts";
import { parseUserDocument } from "./parse-user-document.ts";

const API_VERSIONS = ["backstage.io/v1alpha1", "backstage.io/v1beta1"];
const OTHER_BACKSTAGE_KINDS = new Set(["Template"]);

// A Map, not an object literal: `kind: toString` must not find Object.prototype.toString.
const PARSERS = new Map<string, (document: unknown, source: CatalogSource) => ParsedCatalogDocument>([
  ["Component", parseComponentDocument],
  ["System", parseSystemDocument],
  ["Group", parseGroupDocument],
  ["User", parseUserDocument],
  ["API", parseApiDocument],
  ["Resource", parseResourceDocument],
  ["Domain", parseDomainDocument],
]);

/** One YAML document, already turned into plain data, checked and turned into an entity. */
export function parseCatalogDocument(
  document: unknown,
  source: CatalogSource,
): ParsedCatalogDocument & { entityRef?: string } {
  // An empty document, e.g. after a trailing "---", declares nothing.
  if (document === null || document === undefined) return { entity: null, findings: [] };
  if (typeof document !== "object" || Array.isArray(document)) {
    return notImported("(document)", `must be a mapping with apiVersion, kind, metadata and spec (got ${describeYamlValue(document)})`);
  }
  const record = document as Record<string, unknown>;
  const kind = record["kind"];
  // Location entities only point Backstage at more files; the caller already chose which files to read.
  if (kind === "Location") return { entity: null, findings: [] };
  // OpenSLO documents may sit beside the Backstage ones; domain/slo/parse-openslo-file.ts reads them.
  const apiVersion = record["apiVersion"];
  if (typeof apiVersion === "string" && apiVersion.toLowerCase().startsWith("openslo/")) return { entity: null, findings: [] };
  const entityRef = readEntityRef(record);
  // Real Backstage catalogs are full of these; they are valid, just not Plumbline's concern,
  // so they must not count as errors (errors stop an import from pruning).
  if (typeof kind === "string" && OTHER_BACKSTAGE_KINDS.has(kind)) {
    return {
      entity: null,
      findings: [{ field: "kind", message: `${kind} is a valid Backstage kind that Plumbline does not import; skipped`, severity: "warning" }],
      ...withRef(entityRef),
    };
  }
  const parse = typeof kind === "string" ? PARSERS.get(kind) : undefined;
  if (parse === undefined) return { ...notImported("kind", unsupportedKindMessage(kind)), ...withRef(entityRef) };
  if (typeof apiVersion !== "string" || !API_VERSIONS.includes(apiVersion)) {
    const message = `must be one of ${API_VERSIONS.join(", ")} (got ${describeYamlValue(apiVersion)})`;
    return { ...notImported("apiVersion", message), ...withRef(entityRef) };
  }
  return { ...parse(record, source), ...withRef(entityRef) };
}

function unsupportedKindMessage(kind: unknown): string {
  const kinds = [...PARSERS.keys()];
  const supported = `must be one of ${kinds.join(", ")} (Location is skipped)`;
  if (typeof kind !== "string") return `${supported}; got ${describeYamlValue(kind)}`;
  const sameLetters = kinds.find((known) => known.toLowerCase() === kind.toLowerCase());
  if (sameLetters !== undefined) return `${supported}; got "${kind}" — kinds are case-sensitive, write "${sameLetters}"`;
  return `${supported}; got "${kind}", which Plumbline does not import`;
}

/** The ref is worth reporting even for a broken document, so authors can find it. */
function readEntityRef(record: Record<string, unknown>): string | undefined {
  const kind = record["kind"];
  const metadata = record["metadata"];
  if (typeof kind !== "string" || typeof metadata !== "object" || metadata === null) return undefined;
  const { name, namespace } = metadata as Record<string, unknown>;
  if (typeof name !== "string" || name === "") return undefined;
  return stringifyEntityRef({ kind, namespace: typeof namespace === "string" && namespace !== "" ? namespace : "default", name });
}

function withRef(entityRef: string | undefined): { entityRef?: string } {
  return entityRef === undefined ? {} : { entityRef };
}

function notImported(field: string, message: string): ParsedCatalogDocument {
  const finding: CatalogFinding = { field, message, severity: "error" };
  return { entity: null, findings: [finding] };
}
