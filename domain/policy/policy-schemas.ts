import { z } from "zod";
import { isValidTimeZone } from "./is-valid-time-zone.ts";
import { parseLocalDateTime } from "./parse-local-date-time.ts";
import { parseLocalTime } from "./parse-local-time.ts";

/**
 * Zod schemas for a policy document. Objects are strict: a misspelt field
 * (`minTraficShare`) would otherwise be ignored and the rule would quietly run on its
 * default, which is the kind of silent allow the gate exists to prevent.
 *
 * Rules are parsed one by one (parse-policy-data.ts) with the schema picked by `type`,
 * so an error names the rule and says which types exist instead of zod's union noise.
 */

// Plumbline slugs (domain/catalog/to-slug.ts): lowercase kebab, at most 63 characters.
const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const RULE_TYPES = ["dependents_out_of_slo", "own_budget_exhausted", "freeze_window", "break_glass", "open_incident"] as const;
export type TRuleType = (typeof RULE_TYPES)[number];

export const STALE_TELEMETRY_ACTIONS = ["require_approval", "deny", "allow"] as const;
export type TStaleTelemetryAction = (typeof STALE_TELEMETRY_ACTIONS)[number];

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

const WEEKDAY_ALIASES: Record<string, TWeekday> = {
  sunday: "sun",
  monday: "mon",
  tuesday: "tue",
  wednesday: "wed",
  thursday: "thu",
  friday: "fri",
  saturday: "sat",
};

const ZSlug = (what: string) =>
  z.string().regex(SLUG, { error: (issue) => `must be a ${what} slug: lowercase letters, digits and "-" (got ${JSON.stringify(issue.input)})` });

const ZTeamList = z.array(ZSlug("team"));

const ZEnvironments = z
  .array(z.string().trim().min(1, { error: "must not be empty" }))
  .min(1, { error: "must name at least one environment; leave the field out to apply the rule everywhere" })
  // CI systems disagree on capitalisation ("Production" vs "production"); one spelling avoids a silent skip.
  .transform((environments) => [...new Set(environments.map((environment) => environment.toLowerCase()))]);

const ZRuleBase = {
  name: ZSlug("rule name"),
  description: z.string().optional(),
  /** Lets an admin switch a rule off on /policies without losing its settings. */
  enabled: z.boolean().default(true),
  /** Omitted = every environment. */
  environments: ZEnvironments.optional(),
};

const ZStaleOverride = z.enum(STALE_TELEMETRY_ACTIONS).optional();

/**
 * What a rule's objection needs: `approval` (today's behaviour: its action asks or denies)
 * or `notification` (the seed's "maybe it's just notification": the teams that would have
 * decided are told, and the deploy is not held, whatever the rule's action).
 */
export const REQUIRE_KINDS = ["approval", "notification"] as const;
export type TRequireKind = (typeof REQUIRE_KINDS)[number];
const ZRequire = z.enum(REQUIRE_KINDS, { error: `must be ${REQUIRE_KINDS.join(" or ")}` }).default("approval");

export const ZDependentsOutOfSloRule = z.strictObject({
  ...ZRuleBase,
  type: z.literal("dependents_out_of_slo"),
  depth: z
    .number()
    .int({ error: "must be a whole number of hops" })
    .min(1, { error: "must be at least 1 (1 = direct dependents)" })
    // Past a few hops almost every service depends on almost every other one.
    .max(5, { error: "must be at most 5" })
    .default(1),
  minTrafficShare: z
    .number()
    .min(0, { error: "must be a fraction between 0 and 1, e.g. 0.05 for 5 %" })
    .max(1, { error: "must be a fraction between 0 and 1, e.g. 0.05 for 5 %" })
    .default(0.05),
  minRequestRate: z.number().min(0, { error: "must be a request rate in requests per second, 0 or more" }).default(0.1),
  action: z.enum(["require_approval", "deny"]).default("require_approval"),
  staleTelemetry: ZStaleOverride,
  require: ZRequire,
});

export const ZOwnBudgetExhaustedRule = z.strictObject({
  ...ZRuleBase,
  type: z.literal("own_budget_exhausted"),
  /** deny = the SRE error-budget policy's freeze until the budget recovers. */
  action: z.enum(["require_approval", "deny"]).default("require_approval"),
  staleTelemetry: ZStaleOverride,
  require: ZRequire,
});

const ZLocalDateTime = z.string().transform((text, context) => {
  const parsed = parseLocalDateTime(text);
  if (parsed === null) {
    context.addIssue({ code: "custom", message: `must be a local date and time like "2026-12-20T00:00" or a date like "2026-12-20" (got ${JSON.stringify(text)})` });
    return z.NEVER;
  }
  return parsed;
});

const ZLocalTime = (allowEndOfDay: boolean) =>
  z.string().transform((text, context) => {
    const minutes = parseLocalTime(text);
    if (minutes === null || (minutes === 24 * 60 && !allowEndOfDay)) {
      const range = allowEndOfDay ? `"00:00" to "24:00"` : `"00:00" to "23:59"`;
      context.addIssue({ code: "custom", message: `must be a time of day from ${range}, quoted, e.g. "16:00" (got ${JSON.stringify(text)})` });
      return z.NEVER;
    }
    return text;
  });

const ZWeekday = z.string().transform((text, context) => {
  const lower = text.trim().toLowerCase();
  const day = (WEEKDAYS as readonly string[]).includes(lower) ? (lower as TWeekday) : WEEKDAY_ALIASES[lower];
  if (day === undefined) {
    context.addIssue({ code: "custom", message: `must be a day of the week: ${WEEKDAYS.join(", ")} (got ${JSON.stringify(text)})` });
    return z.NEVER;
  }
  return day;
});

export const ZAbsoluteFreezeWindow = z
  .strictObject({
    start: ZLocalDateTime,
    end: ZLocalDateTime,
    label: z.string().optional(),
  })
  // Normalised "YYYY-MM-DDTHH:mm" strings order like the times they name.
  .refine((window) => window.start < window.end, { error: "must be after start", path: ["end"] });

export const ZRecurringFreezeWindow = z
  .strictObject({
    days: z.array(ZWeekday).min(1, { error: "must name at least one day, e.g. [fri]" }),
    from: ZLocalTime(false),
    to: ZLocalTime(true),
    label: z.string().optional(),
  })
  .refine((window) => window.from !== window.to, {
    error: 'must differ from "from"; use from "00:00" to "24:00" for whole days',
    path: ["to"],
  });

export const ZFreezeWindowRule = z
  .strictObject({
    ...ZRuleBase,
    type: z.literal("freeze_window"),
    timezone: z.string().refine(isValidTimeZone, {
      error: (issue) => `must be an IANA time zone such as "Europe/Berlin" or "UTC" (got ${JSON.stringify(issue.input)})`,
    }),
    windows: z.array(ZAbsoluteFreezeWindow).default([]),
    recurring: z.array(ZRecurringFreezeWindow).default([]),
    action: z.enum(["deny", "require_approval"]).default("deny"),
    /** Who approves when action is require_approval (who is told with require: notification); default: the deployed service's owner team. */
    approvalTeams: ZTeamList.optional(),
    require: ZRequire,
  })
  .refine((rule) => rule.windows.length + rule.recurring.length > 0, {
    error: "a freeze needs at least one entry in windows or recurring",
    path: ["windows"],
  })
  .refine((rule) => rule.approvalTeams === undefined || rule.action === "require_approval" || rule.require === "notification", {
    error: "only applies when action is require_approval (or require is notification)",
    path: ["approvalTeams"],
  });

export const ZBreakGlassRule = z.strictObject({
  ...ZRuleBase,
  type: z.literal("break_glass"),
  announceTeams: ZTeamList.default([]),
  minReasonLength: z.number().int({ error: "must be a whole number of characters" }).min(1, { error: "must be at least 1" }).max(1000).default(1),
});

/** Incident kinds an open_incident rule can watch (a near miss is never "going on"). */
export const GATED_INCIDENT_KINDS = ["SEV1", "SEV2", "SEV3"] as const;

/**
 * Issue 20: while a serious incident is open (or mitigated, not yet resolved) on the service
 * or on a service that calls it, changing it needs the incident owner's approval, or
 * (action deny) freezes until the incident is resolved.
 */
export const ZOpenIncidentRule = z.strictObject({
  ...ZRuleBase,
  type: z.literal("open_incident"),
  kinds: z
    .array(z.enum(GATED_INCIDENT_KINDS, { error: (issue) => `must be one of ${GATED_INCIDENT_KINDS.join(", ")} (got ${JSON.stringify(issue.input)})` }))
    .min(1, { error: "must name at least one kind, e.g. [SEV1, SEV2]" })
    .default(["SEV1", "SEV2"]),
  depth: z
    .number()
    .int({ error: "must be a whole number of hops" })
    .min(0, { error: "must be 0 (the service only) or more (1 = its direct dependents too)" })
    .max(5, { error: "must be at most 5" })
    .default(1),
  action: z.enum(["require_approval", "deny"]).default("require_approval"),
  require: ZRequire,
});

export const ZPolicyHeader = z.strictObject({
  version: z.literal(1, { error: "must be 1 (the only policy format so far)" }).optional(),
  approvalTimeoutMinutes: z
    .number()
    .int({ error: "must be a whole number of minutes" })
    .min(1, { error: "must be at least 1 minute" })
    .max(7 * 24 * 60, { error: "must be at most 10080 (one week)" })
    .default(60),
  /** "allow" has to be written out: by default stale telemetry never lets a deploy through unseen. */
  staleTelemetry: z.enum(STALE_TELEMETRY_ACTIONS).default("require_approval"),
  /** Asked when the team that should approve is unknown (a dependent with no owner and a service with no owner). */
  fallbackApprovalTeam: ZSlug("team").nullable().default(null),
  /**
   * While a request is pending the gate re-evaluates it when its inputs change. true: an
   * approval whose every cause has cleared (the dependent recovered, the freeze ended) is
   * approved by the gate, with the facts; false (the default, as before): it stays for a
   * person, who sees that the cause cleared.
   */
  approveWhenCleared: z.boolean({ error: "must be true or false" }).default(false),
  rules: z.array(z.unknown(), { error: (issue) => (issue.input === undefined ? "is required (use [] for no rules)" : "must be a list of rules") }),
});

export const RULE_SCHEMAS = {
  dependents_out_of_slo: ZDependentsOutOfSloRule,
  own_budget_exhausted: ZOwnBudgetExhaustedRule,
  freeze_window: ZFreezeWindowRule,
  break_glass: ZBreakGlassRule,
  open_incident: ZOpenIncidentRule,
} as const satisfies Record<TRuleType, z.ZodType>;

export type TDependentsOutOfSloRule = z.output<typeof ZDependentsOutOfSloRule>;
export type TOwnBudgetExhaustedRule = z.output<typeof ZOwnBudgetExhaustedRule>;
export type TFreezeWindowRule = z.output<typeof ZFreezeWindowRule>;
export type TBreakGlassRule = z.output<typeof ZBreakGlassRule>;
export type TOpenIncidentRule = z.output<typeof ZOpenIncidentRule>;
export type TAbsoluteFreezeWindow = z.output<typeof ZAbsoluteFreezeWindow>;
export type TRecurringFreezeWindow = z.output<typeof ZRecurringFreezeWindow>;
export type TPolicyRule = TDependentsOutOfSloRule | TOwnBudgetExhaustedRule | TFreezeWindowRule | TBreakGlassRule | TOpenIncidentRule;

/** A validated policy document: defaults filled in, environments lower-cased, days normalised. */
export interface PolicySet {
  approvalTimeoutMinutes: number;
  staleTelemetry: TStaleTelemetryAction;
  fallbackApprovalTeam: string | null;
  /** Re-evaluation approves an approval whose every cause cleared (see ZPolicyHeader). */
  approveWhenCleared: boolean;
  rules: TPolicyRule[];
}
