import type { ServiceMapping, ServiceMappingField } from "./map-workload-to-service.ts";

/**
 * How Kubernetes observations land on a catalog service without ever overwriting what a
 * person declared (DESIGN, "Mapping Kubernetes to the catalog"): a declared field keeps
 * its value and only records the observed one when they disagree; a field nobody
 * declared takes the observed value, with Kubernetes named as its source.
 */

/** The source name observations are recorded under, in provenance and on warnings. */
export const KUBERNETES_SOURCE = "kubernetes";

export interface FactProvenanceEntry {
  source: string;
  origin?: string;
  observedValue?: string | number | null;
  observedSource?: string;
  /** Which workload reported the observed value, so only that workload clears it again. */
  observedOrigin?: string;
}

export interface ServiceFactWarning {
  field: string;
  message: string;
  source: string;
}

/** The facts of a service the Kubernetes mapping can speak about. */
export interface ServiceFacts {
  ownerTeamSlug: string | null;
  tier: number | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  provenance: Record<string, FactProvenanceEntry>;
  warnings: ServiceFactWarning[];
}

type FactField = Exclude<ServiceMappingField, "serviceSlug">;

/** Mapping field → service column in ServiceFacts and key in the provenance map (the catalog importer's keys). */
const FACT_FIELDS: { field: FactField; provenanceKey: string }[] = [
  { field: "ownerTeamSlug", provenanceKey: "owner" },
  { field: "tier", provenanceKey: "tier" },
  { field: "repoUrl", provenanceKey: "repoUrl" },
  { field: "runbookUrl", provenanceKey: "runbookUrl" },
  { field: "slackChannel", provenanceKey: "slackChannel" },
];

/** `cluster/namespace/Kind/name`: names the workload behind an observed fact or a warning. */
export function workloadReference(workload: { cluster: string; namespace: string; kind: string; name: string }): string {
  return `${workload.cluster}/${workload.namespace}/${workload.kind}/${workload.name}`;
}

/** The warning source of one workload; starts with "kubernetes" so other writers leave it alone. */
export function kubernetesWarningSource(reference: string): string {
  return `${KUBERNETES_SOURCE}: ${reference}`;
}

export function isKubernetesWarning(warning: ServiceFactWarning): boolean {
  return warning.source.startsWith(KUBERNETES_SOURCE);
}

export const EMPTY_SERVICE_FACTS: ServiceFacts = {
  ownerTeamSlug: null,
  tier: null,
  repoUrl: null,
  runbookUrl: null,
  slackChannel: null,
  provenance: {},
  warnings: [],
};

/**
 * The service's facts after one workload's observation. `fallbackSource` is the service
 * row's own source, used for a value that carries no provenance entry (set before
 * provenance was recorded): such a value counts as declared, never overwritten.
 */
export function applyObservedServiceFacts(
  facts: ServiceFacts,
  mapping: Pick<ServiceMapping, FactField | "warnings">,
  reference: string,
  fallbackSource: string,
): ServiceFacts {
  const next: ServiceFacts = { ...facts, provenance: { ...facts.provenance } };
  for (const { field, provenanceKey } of FACT_FIELDS) {
    const observed = mapping[field];
    const current = facts[field];
    const entry = facts.provenance[provenanceKey];
    const isDeclared = entry === undefined ? current !== null : entry.source !== KUBERNETES_SOURCE;
    if (isDeclared) {
      const declared: FactProvenanceEntry = entry ?? { source: fallbackSource };
      if (observed !== null && observed !== current) {
        next.provenance[provenanceKey] = { ...declared, observedValue: observed, observedSource: KUBERNETES_SOURCE, observedOrigin: reference };
      } else if (entry !== undefined && entry.observedSource === KUBERNETES_SOURCE && (entry.observedOrigin ?? reference) === reference) {
        // This workload agrees now (or no longer says anything): its disagreement is history.
        next.provenance[provenanceKey] = withoutObserved(entry);
      }
      continue;
    }
    if (observed !== null) {
      setField(next, field, observed);
      next.provenance[provenanceKey] = { source: KUBERNETES_SOURCE, origin: reference };
    } else if (entry?.source === KUBERNETES_SOURCE && entry.origin === reference) {
      // The annotation that set it was removed: the fact is no longer observed anywhere we know of.
      setField(next, field, null);
      delete next.provenance[provenanceKey];
    }
  }
  const source = kubernetesWarningSource(reference);
  next.warnings = [
    ...facts.warnings.filter((warning) => warning.source !== source),
    ...mapping.warnings.map((warning) => ({ field: warning.field, message: warning.message, source })),
  ];
  return next;
}

/** The service's facts once a workload no longer belongs to it: its warnings go, its facts stay as last observed. */
export function withoutWorkloadWarnings(facts: ServiceFacts, reference: string): ServiceFacts {
  const source = kubernetesWarningSource(reference);
  if (!facts.warnings.some((warning) => warning.source === source)) return facts;
  return { ...facts, warnings: facts.warnings.filter((warning) => warning.source !== source) };
}

export function sameServiceFacts(a: ServiceFacts, b: ServiceFacts): boolean {
  return (
    a.ownerTeamSlug === b.ownerTeamSlug &&
    a.tier === b.tier &&
    a.repoUrl === b.repoUrl &&
    a.runbookUrl === b.runbookUrl &&
    a.slackChannel === b.slackChannel &&
    stableJson(a.provenance) === stableJson(b.provenance) &&
    stableJson(a.warnings) === stableJson(b.warnings)
  );
}

function setField(facts: ServiceFacts, field: FactField, value: string | number | null): void {
  if (field === "tier") facts.tier = typeof value === "number" ? value : null;
  else facts[field] = typeof value === "string" ? value : null;
}

function withoutObserved(entry: FactProvenanceEntry): FactProvenanceEntry {
  const { observedValue: _value, observedSource: _source, observedOrigin: _origin, ...rest } = entry;
  return rest;
}

/** JSON with sorted keys: provenance read back from a jsonb column comes with its keys reordered. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
