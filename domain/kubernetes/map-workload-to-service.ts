import { APP_NAME_LABEL, PLUMBLINE_ANNOTATION } from "./plumbline-annotations.ts";
import type { WorkloadObservation } from "./workload-observation.ts";

/** Where a mapped fact came from, shown on the service page next to the value. */
export type ServiceFieldSource = "annotation:workload" | "annotation:namespace" | "label" | "name";

export type ServiceMappingField = "serviceSlug" | "ownerTeamSlug" | "tier" | "repoUrl" | "runbookUrl" | "slackChannel";

export interface ServiceMappingWarning {
  field: ServiceMappingField;
  /** Names the annotation (or label), where it was found and the rejected value. */
  message: string;
}

export interface ServiceMapping {
  serviceSlug: string;
  ownerTeamSlug: string | null;
  tier: 1 | 2 | 3 | null;
  repoUrl: string | null;
  runbookUrl: string | null;
  slackChannel: string | null;
  /** Only fields that have a value have a source. */
  provenance: { serviceSlug: ServiceFieldSource } & Partial<Record<Exclude<ServiceMappingField, "serviceSlug">, ServiceFieldSource>>;
  warnings: ServiceMappingWarning[];
}

type MappingInput = Pick<WorkloadObservation, "kind" | "namespace" | "name" | "labels" | "annotations" | "namespaceAnnotations">;

const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SLACK_CHANNEL_NAME = /^#?[a-z0-9][a-z0-9_-]{0,79}$/;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

interface Found {
  value: string;
  source: "annotation:workload" | "annotation:namespace";
}

/**
 * Maps a workload to the catalog service it belongs to, from `plumbline.dev/*`
 * annotations on the workload, falling back to its namespace's. The first place that
 * holds a non-empty value decides: a malformed value there is a warning and the field is
 * null, not a silent fallback to the namespace, because the workload's annotation was
 * meant to override it. The slug is never null: without a usable annotation it is the
 * `app.kubernetes.io/name` label, else the workload name.
 */
export function mapWorkloadToService(workload: MappingInput): ServiceMapping {
  const warnings: ServiceMappingWarning[] = [];
  const read = <T>(field: ServiceMappingField, key: string, parse: (raw: string) => T | null, expectation: string): { value: T; source: Found["source"] } | null => {
    const found = findAnnotation(workload, key);
    if (found === null) return null;
    const value = parse(found.value);
    if (value !== null) return { value, source: found.source };
    warnings.push({ field, message: `${describeAnnotation(workload, key, found)} is ${JSON.stringify(found.value)}: ${expectation}; ${field} left empty` });
    return null;
  };

  const slug = serviceSlugOf(workload, warnings);
  const owner = read("ownerTeamSlug", PLUMBLINE_ANNOTATION.owner, parseSlug, "expected a team slug (lowercase letters, digits and dashes)");
  const tier = read("tier", PLUMBLINE_ANNOTATION.tier, parseTier, "expected 1, 2 or 3");
  const repo = read("repoUrl", PLUMBLINE_ANNOTATION.repo, parseHttpUrl, "expected an http(s) URL");
  const runbook = read("runbookUrl", PLUMBLINE_ANNOTATION.runbook, parseHttpUrl, "expected an http(s) URL");
  const slack = read("slackChannel", PLUMBLINE_ANNOTATION.slackChannel, parseSlackChannel, "expected a Slack channel name or id");

  const provenance: ServiceMapping["provenance"] = { serviceSlug: slug.source };
  if (owner) provenance.ownerTeamSlug = owner.source;
  if (tier) provenance.tier = tier.source;
  if (repo) provenance.repoUrl = repo.source;
  if (runbook) provenance.runbookUrl = runbook.source;
  if (slack) provenance.slackChannel = slack.source;

  return {
    serviceSlug: slug.value,
    ownerTeamSlug: owner?.value ?? null,
    tier: tier?.value ?? null,
    repoUrl: repo?.value ?? null,
    runbookUrl: runbook?.value ?? null,
    slackChannel: slack?.value ?? null,
    provenance,
    warnings,
  };
}

function serviceSlugOf(workload: MappingInput, warnings: ServiceMappingWarning[]): { value: string; source: ServiceFieldSource } {
  const found = findAnnotation(workload, PLUMBLINE_ANNOTATION.service);
  if (found !== null) {
    if (SLUG.test(found.value)) return { value: found.value, source: found.source };
    warnings.push({
      field: "serviceSlug",
      message: `${describeAnnotation(workload, PLUMBLINE_ANNOTATION.service, found)} is ${JSON.stringify(found.value)}: expected a slug (lowercase letters, digits and dashes, at most 63); using the ${APP_NAME_LABEL} label or the workload name instead`,
    });
  }
  const label = workload.labels[APP_NAME_LABEL]?.trim();
  if (label !== undefined && label !== "") {
    // Label values allow upper case, "." and "_"; a convention, not a declaration, so it is normalized.
    const normalized = normalizeToSlug(label);
    if (SLUG.test(normalized)) return { value: normalized, source: "label" };
    warnings.push({
      field: "serviceSlug",
      message: `label ${APP_NAME_LABEL} on ${workload.kind} ${workload.namespace}/${workload.name} is ${JSON.stringify(label)}, which gives no valid slug; using the workload name instead`,
    });
  }
  // Workload names are DNS subdomains: "." and up to 253 characters, so squeeze them into a DNS label.
  const fromName = normalizeToSlug(workload.name).slice(0, 63).replace(/-+$/, "");
  return { value: fromName === "" ? "unnamed" : fromName, source: "name" };
}

function findAnnotation(workload: MappingInput, key: string): Found | null {
  const own = workload.annotations[key]?.trim();
  if (own !== undefined && own !== "") return { value: own, source: "annotation:workload" };
  const inherited = workload.namespaceAnnotations[key]?.trim();
  if (inherited !== undefined && inherited !== "") return { value: inherited, source: "annotation:namespace" };
  return null;
}

function describeAnnotation(workload: MappingInput, key: string, found: Found): string {
  return found.source === "annotation:workload"
    ? `annotation ${key} on ${workload.kind} ${workload.namespace}/${workload.name}`
    : `annotation ${key} on namespace ${workload.namespace}`;
}

function normalizeToSlug(value: string): string {
  return value.toLowerCase().replace(/[._]/g, "-");
}

function parseSlug(raw: string): string | null {
  return SLUG.test(raw) ? raw : null;
}

function parseTier(raw: string): 1 | 2 | 3 | null {
  if (raw === "1") return 1;
  if (raw === "2") return 2;
  if (raw === "3") return 3;
  return null;
}

function parseHttpUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Other schemes (git@, file:) cannot be opened from a service page.
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? raw : null;
}

function parseSlackChannel(raw: string): string | null {
  return SLACK_CHANNEL_NAME.test(raw) || SLACK_CHANNEL_ID.test(raw) ? raw : null;
}
