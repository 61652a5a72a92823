import { z } from "zod";
import {
  DEPLOY_EVENT_TYPES,
  DEPLOY_REQUEST_STATUSES,
  type TApprovalStatus,
  type TDeployRequestStatus,
} from "@/domain/gate/deploy-status.ts";
import type { PolicyError } from "@/domain/policy/policy-types.ts";

/** The deploy gate's inputs (zod) and the plain DTOs the API, the pages and the CLI read. */

const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const ZOptionalText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .max(max, { error: `${what} must be at most ${max} characters` })
    .nullish()
    // Empty strings from templated CI variables mean "not given", like a missing field.
    .transform((value) => (value ? value : undefined));

export const ZDeployRequestInput = z.strictObject({
  service: z.string({ error: "service is required: the service's slug, e.g. payments" }).trim().toLowerCase().regex(SLUG, {
    error: "service must be a service slug: lowercase letters, digits and '-', e.g. payments",
  }),
  environment: z
    .string({ error: "environment is required, e.g. production" })
    .trim()
    .min(1, { error: "environment must not be empty" })
    .max(63, { error: "environment must be at most 63 characters" })
    // Policies match environments case-insensitively and store them lower-cased; so do we.
    .toLowerCase(),
  version: z
    .string({ error: "version is required, e.g. 1.42.0 or an image tag" })
    .trim()
    .min(1, { error: "version must not be empty" })
    .max(128, { error: "version must be at most 128 characters" }),
  commit: ZOptionalText(64, "commit")
    .refine((value) => value === undefined || /^[0-9a-fA-F]{4,64}$/.test(value), {
      error: "commit must be a git commit SHA (4 to 64 hex digits)",
    })
    .optional(),
  requestedBy: ZOptionalText(200, "requestedBy").optional(),
  ciUrl: ZOptionalText(2000, "ciUrl")
    .refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), {
      error: "ciUrl must be an http(s) URL (the pipeline or job page)",
    })
    .optional(),
  breakGlassReason: ZOptionalText(2000, "breakGlassReason").optional(),
});
export type TDeployRequestInput = z.output<typeof ZDeployRequestInput>;

/** Idempotency-Key header: what Stripe and the IETF draft accept, printable ASCII. */
export const ZIdempotencyKey = z
  .string()
  .min(1, { error: "Idempotency-Key must not be empty" })
  .max(255, { error: "Idempotency-Key must be at most 255 characters" })
  .regex(/^[\x21-\x7e]+$/, { error: "Idempotency-Key must be printable ASCII without spaces (a UUID is ideal)" });

export const MAX_WAIT_SECONDS = 60;

export const ZDeployRequestWaitQuery = z.object({
  wait: z.coerce
    .number({ error: "wait must be a number of seconds" })
    .int({ error: "wait must be a whole number of seconds" })
    .min(0, { error: "wait must be 0 or more seconds" })
    .max(MAX_WAIT_SECONDS, { error: `wait must be at most ${MAX_WAIT_SECONDS} seconds; poll again to wait longer` })
    .default(0),
});

export const ZDeployRequestListQuery = z.object({
  service: z.string().trim().toLowerCase().regex(SLUG, { error: "service must be a service slug" }).optional(),
  /** Fuzzy: part of a service's name or slug, typos forgiven (the /deploys search box). */
  q: z.string().trim().max(100, { error: "q must be at most 100 characters" }).optional(),
  team: z.string().trim().toLowerCase().regex(SLUG, { error: "team must be a team slug" }).optional(),
  status: z.enum(DEPLOY_REQUEST_STATUSES, { error: `status must be one of ${DEPLOY_REQUEST_STATUSES.join(", ")}` }).optional(),
  limit: z.coerce.number().int().min(1).max(200, { error: "limit must be at most 200" }).default(50),
  /** for=me: pending requests with an approval the signed-in person may decide ("Waiting for you"). */
  for: z.enum(["me"], { error: "for must be me (requests waiting for the signed-in person)" }).optional(),
});
export type TDeployRequestListQuery = z.output<typeof ZDeployRequestListQuery>;

export const ZDeployEventInput = z.strictObject({
  type: z.enum(DEPLOY_EVENT_TYPES, { error: `type must be one of ${DEPLOY_EVENT_TYPES.join(", ")}` }),
  message: ZOptionalText(2000, "message").optional(),
  url: ZOptionalText(2000, "url")
    .refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), {
      error: "url must be an http(s) URL",
    })
    .optional(),
});
export type TDeployEventInput = z.output<typeof ZDeployEventInput>;

export const ZCancelInput = z.strictObject({ reason: ZOptionalText(2000, "reason").optional() });

export const ZApprovalDecisionInput = z.strictObject({
  decision: z.enum(["approve", "reject"], { error: "decision must be approve or reject" }),
  comment: ZOptionalText(2000, "comment").optional(),
});
export type TApprovalDecisionInput = z.output<typeof ZApprovalDecisionInput>;

export const ZPolicyDocumentInput = z.strictObject({
  yaml: z.string({ error: "yaml is required: the whole policy document as text" }).max(200_000, { error: "yaml must be at most 200,000 characters" }),
});

// ---------- DTOs ----------

export interface TDeployReasonDto {
  rule: string;
  type: string;
  effect: "allow" | "require_approval" | "deny" | "notify";
  message: string;
}

export interface TDeployApprovalDto {
  team: string;
  teamName: string;
  status: TApprovalStatus;
  /** The person who decided (name), when someone did. */
  decidedBy?: string;
  decidedByEmail?: string;
  decidedAt?: string;
  channel?: "slack" | "web" | "api" | "system" | "gate" | "email";
  comment?: string;
  /** Why this team was asked: one sentence per cause. */
  because: { rule: string; serviceSlug: string; message: string }[];
}

/** What the API answers for one deploy request (POST, GET, events, cancel, approvals). */
export interface TDeployRequestDto {
  id: string;
  status: TDeployRequestStatus;
  service: string;
  environment: string;
  version: string;
  commit: string | null;
  requestedBy: string | null;
  ciUrl: string | null;
  breakGlass: boolean;
  breakGlassReason: string | null;
  summary: string;
  reasons: TDeployReasonDto[];
  approvals: TDeployApprovalDto[];
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
  links: { self: string; ui: string };
}

export interface TDeployRequestSummary {
  id: string;
  status: TDeployRequestStatus;
  service: { slug: string; name: string };
  ownerTeam: { slug: string; name: string } | null;
  environment: string;
  version: string;
  commit: string | null;
  requestedBy: string | null;
  breakGlass: boolean;
  summary: string;
  approvals: { team: string; teamName: string; status: TApprovalStatus; decidedBy?: string }[];
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
}

export interface TDecider {
  id: string;
  name: string;
  email: string;
  role: "owner" | "member";
}

export interface TDeployTimelineEntry {
  key: string;
  type: string;
  title: string;
  actor: string | null;
  occurredAt: string;
  /** The services whose history holds this entry. */
  services: string[];
}

export interface TDeployCheckDto {
  rule: string;
  type: string;
  result: "skipped" | "passed" | "objected";
  message: string;
}

export interface TDeployDependentDto {
  slug: string;
  ownerTeam: string | null;
  depth: number;
  trafficShare: number | null;
  requestRate: number | null;
  via: string[];
  slo: { status: string; isOutOfSlo: boolean; budgetRemaining: number | null; burnRate1h: number | null; sloName: string | null; stale: boolean } | null;
}

/** One cause's facts then and now (see domain/gate/compare-cause-facts.ts). */
export interface TDeployFactSnapshotDto {
  status: string | null;
  isOutOfSlo: boolean;
  stale: boolean;
  budgetRemaining: number | null;
  burnRate1h: number | null;
  trafficShare: number | null;
  requestRate: number | null;
}

/** Per cause of a pending approval: the fact at request time and now, marked when they differ. */
export interface TDeployLiveCauseDto {
  team: string;
  rule: string;
  serviceSlug: string;
  requested: TDeployFactSnapshotDto | null;
  now: TDeployFactSnapshotDto | null;
  changed: ("status" | "budget" | "burn" | "traffic")[];
  cleared: boolean;
  verdict: "recovered" | "worse" | "changed" | "unchanged";
  note: string;
}

/** The deploy page: the API's DTO plus what a person needs to decide and to audit. */
export interface TDeployRequestDetail extends TDeployRequestDto {
  serviceName: string;
  ownerTeam: { slug: string; name: string } | null;
  checks: TDeployCheckDto[];
  dependents: TDeployDependentDto[];
  involvedServices: { slug: string; name: string }[];
  approvalDeciders: Record<string, TDecider[]>;
  timeline: TDeployTimelineEntry[];
  policy: { source: string; updatedAt: string | null } | null;
  isDemo: boolean;
  /** Live facts per cause (pending requests: read now; settled ones: the gate's last re-evaluation, if any). */
  liveCauses: TDeployLiveCauseDto[];
  /** When the live facts were read, and whether the policy would approve cleared causes by itself. */
  live: { asOf: string; source: "now" | "re-evaluation"; approveWhenCleared: boolean | null; wouldDecide: "approved" | "pending" | "rejected" } | null;
}

export type TPolicySourceLabel = "default" | "file" | "ui" | "api";

export interface TPolicyDocumentDto {
  yaml: string;
  source: TPolicySourceLabel;
  updatedAt: string | null;
  /** PLUMBLINE_POLICIES, when a file manages the policies (reloaded on every start). */
  managedByFile: string | null;
  rules: { name: string; type: string; enabled: boolean; environments: string[] | null; action: string | null }[];
  approvalTimeoutMinutes: number;
  staleTelemetry: string;
}

export interface TPolicyHistoryEntry {
  at: string;
  source: string;
  actor: string | null;
  title: string;
}

export type TPolicySaveResult = { ok: true; policy: TPolicyDocumentDto; changed: boolean } | { ok: false; errors: PolicyError[] };
