/**
 * What kind of report an incident is. SEV1–SEV3 went wrong; a near miss almost did.
 * The same words everywhere: pages, API, Slack, e-mail (the Prisma enum IncidentKind).
 */
export const INCIDENT_KINDS = ["SEV1", "SEV2", "SEV3", "near_miss"] as const;
export type TIncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_KIND_LABELS: Record<TIncidentKind, string> = {
  SEV1: "SEV1",
  SEV2: "SEV2",
  SEV3: "SEV3",
  near_miss: "Near miss",
};

/** One line for pickers: what each kind means, so nobody hesitates over which to choose. */
export const INCIDENT_KIND_HINTS: Record<TIncidentKind, string> = {
  SEV1: "customers cannot use a critical path",
  SEV2: "a critical path is degraded, or a secondary one is down",
  SEV3: "a minor degradation, or an internal tool is broken",
  near_miss: "nothing broke, but it almost did",
};

export function isIncidentKind(value: unknown): value is TIncidentKind {
  return typeof value === "string" && (INCIDENT_KINDS as readonly string[]).includes(value);
}

/** SEV1 and SEV2: what the deploy gate's `open_incident` rule looks at. */
export function isSevereKind(kind: TIncidentKind): boolean {
  return kind === "SEV1" || kind === "SEV2";
}

/**
 * Reads the kind an alert or a person wrote loosely: "sev2", "SEV-2", "2", "near miss",
 * "near-miss"; Alertmanager's severity label: "critical" → SEV1, "page"/"error" → SEV2,
 * "warning"/"ticket" → SEV3. Null when nothing matches (the caller picks its default).
 */
export function readIncidentKind(text: string | null | undefined): TIncidentKind | null {
  if (text === null || text === undefined) return null;
  const word = text.trim().toLowerCase().replace(/[\s_-]+/g, "");
  if (word === "nearmiss") return "near_miss";
  const sev = /^(?:sev|p)?([123])$/.exec(word);
  if (sev?.[1]) return `SEV${sev[1]}` as TIncidentKind;
  if (word === "critical") return "SEV1";
  if (word === "page" || word === "error" || word === "high") return "SEV2";
  if (word === "warning" || word === "ticket" || word === "minor" || word === "low" || word === "info") return "SEV3";
  return null;
}
