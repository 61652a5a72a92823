import { createHash } from "node:crypto";
import { DEFAULT_POLICY_YAML } from "@/domain/policy/default-policies.ts";
import { parsePolicyYaml } from "@/domain/policy/parse-policy-yaml.ts";
import type { PolicySet } from "@/domain/policy/policy-schemas.ts";
import { AppError } from "@/server/http/problem.ts";
import type { TPolicySourceLabel } from "./gate.schemas.ts";
import { findPolicyRow, findPolicyRowVersion, type TPolicyRowSource } from "./gate-policies.repository.ts";

export interface TActivePolicies {
  policies: PolicySet;
  yaml: string;
  source: TPolicySourceLabel;
  updatedAt: Date | null;
  sha256: string;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function toSourceLabel(source: TPolicyRowSource): TPolicySourceLabel {
  return source === "catalog" ? "file" : source;
}

const DEFAULTS: TActivePolicies = {
  ...parseOrThrow(DEFAULT_POLICY_YAML, "the default policy"),
  source: "default",
  updatedAt: null,
};

// Parsed sets per organization, reused while the stored row's updatedAt is unchanged:
// every deploy request needs the set, and parsing YAML + zod per request is wasted work.
// On globalThis because Next's route bundles and the workers load this module separately.
const CACHE_KEY = Symbol.for("plumbline.gate.policy-cache");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: Map<string, TActivePolicies> };

function cache(): Map<string, TActivePolicies> {
  const g = globalThis as GlobalWithCache;
  g[CACHE_KEY] ??= new Map();
  return g[CACHE_KEY];
}

/**
 * The policy set the gate applies for an organization: the stored one, or the default
 * set from DESIGN while none was saved. A stored document that no longer validates (the
 * format moved on) is a loud 503, never a silent fall back to the defaults.
 *
 * `known.version`: the stored set's `updatedAt` (null: none stored) when the caller
 * already read it in the same statement as something else (the gate's service lookup).
 */
export async function getActivePolicies(organizationId: string, known?: { version: Date | null }): Promise<TActivePolicies> {
  const version = known ? known.version : await findPolicyRowVersion(organizationId);
  if (version === null) return DEFAULTS;
  const cached = cache().get(organizationId);
  if (cached?.updatedAt?.getTime() === version.getTime()) return cached;
  const row = await findPolicyRow(organizationId);
  if (row === null) return DEFAULTS;
  const active: TActivePolicies = {
    ...parseOrThrow(row.yaml, "the stored deploy policy"),
    source: toSourceLabel(row.source),
    updatedAt: row.updatedAt,
  };
  cache().set(organizationId, active);
  return active;
}

/**
 * The set this process last parsed for the organization (the defaults when it has none
 * cached): a guess to read ahead with (the gate reads the neighbourhood at its depth in
 * the same statement as the set's version), never a set to decide with.
 */
export function lastKnownPolicies(organizationId: string): PolicySet {
  return (cache().get(organizationId) ?? DEFAULTS).policies;
}

function parseOrThrow(yaml: string, what: string): { policies: PolicySet; yaml: string; sha256: string } {
  const parsed = parsePolicyYaml(yaml);
  if (!parsed.ok) {
    const problems = parsed.errors.map((error) => `${error.rule} ${error.field}: ${error.message}`).join("; ");
    throw new AppError(503, "Deploy policy is invalid", `${what} no longer validates (${problems}). Fix it on /policies.`, {}, "policy-invalid");
  }
  return { policies: parsed.policies, yaml, sha256: sha256(yaml) };
}
