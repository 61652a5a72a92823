/**
 * Is a service stale — nothing runs it and nobody calls it any more (the orphaned
 * entities that pile up in catalogs)? Stale needs evidence of absence on both sides:
 * no live workload (Kubernetes discovery) and no traffic (the mesh telemetry) for
 * `staleAfterMs`. When the telemetry cannot say (no source has completed a round, or
 * the source stopped answering), the answer is "unknown", never "stale" and never "active".
 */

export type TLastSeenBy = "kubernetes" | "mesh";

export type TServiceStaleness =
  | { state: "active"; lastSeenAt: string | null; lastSeenBy: TLastSeenBy | null }
  | { state: "stale"; lastSeenAt: string | null; lastSeenBy: TLastSeenBy | null; reason: string }
  /** Stale, but an owner said to keep it: shown as kept, with their reason, not as stale. */
  | { state: "kept"; lastSeenAt: string | null; lastSeenBy: TLastSeenBy | null; reason: string; keptAt: string; keptReason: string; keptBy: string | null }
  | { state: "unknown"; reason: string };

export interface TServiceStalenessInput {
  now: Date;
  staleAfterMs: number;
  createdAt: Date;
  liveWorkloads: number;
  /** When a workload of the service was last seen running (a deleted one: when it was deleted); null when none ever was. */
  lastWorkloadSeenAt: Date | null;
  /** When a mesh edge to or from the service last carried traffic; null when none ever did. */
  lastTrafficAt: Date | null;
  /** When the organization's telemetry last completed a round (coverage measured); null when never. */
  telemetryMeasuredAt: Date | null;
  /** A completed round older than this means the source stopped answering: traffic unknown. */
  telemetryMaxAgeMs: number;
  /** An owner's "keep it" (the service's keptAt/keptReason/keptBy), or null. */
  kept?: { at: Date; reason: string; by: string | null } | null;
}

export function assessServiceStaleness(input: TServiceStalenessInput): TServiceStaleness {
  const { now, staleAfterMs } = input;
  if (input.liveWorkloads > 0) return { state: "active", lastSeenAt: now.toISOString(), lastSeenBy: "kubernetes" };
  const recent = (at: Date | null) => at !== null && now.getTime() - at.getTime() < staleAfterMs;
  if (recent(input.lastTrafficAt)) return { state: "active", lastSeenAt: input.lastTrafficAt?.toISOString() ?? null, lastSeenBy: "mesh" };

  if (input.telemetryMeasuredAt === null) {
    return { state: "unknown", reason: "no telemetry source has reported yet, so whether anything calls this service is unknown" };
  }
  if (now.getTime() - input.telemetryMeasuredAt.getTime() > input.telemetryMaxAgeMs) {
    return { state: "unknown", reason: `the telemetry source has not completed a round since ${input.telemetryMeasuredAt.toISOString()}, so recent traffic is unknown` };
  }

  const traffic = input.lastTrafficAt;
  const workload = input.lastWorkloadSeenAt;
  const lastSeenBy: TLastSeenBy | null = traffic === null && workload === null ? null : workload === null || (traffic !== null && traffic >= workload) ? "mesh" : "kubernetes";
  const lastSeen = lastSeenBy === "mesh" ? traffic : lastSeenBy === "kubernetes" ? workload : null;
  if (recent(lastSeen)) return { state: "active", lastSeenAt: lastSeen?.toISOString() ?? null, lastSeenBy };
  // Never seen at all: judged from when the catalog got it, so a new service has time to deploy.
  if (lastSeen === null && recent(input.createdAt)) return { state: "active", lastSeenAt: null, lastSeenBy: null };

  const days = Math.round(staleAfterMs / 86_400_000);
  const reason =
    lastSeen === null
      ? `no running workloads and no traffic since it was added to the catalog (${input.createdAt.toISOString()}), over ${days} days`
      : `no running workloads and no traffic for ${days} days: last seen ${lastSeen.toISOString()} by ${lastSeenBy === "mesh" ? "the mesh telemetry (traffic)" : "Kubernetes discovery (a running workload)"}`;
  const lastSeenAt = lastSeen?.toISOString() ?? null;
  if (input.kept) return { state: "kept", lastSeenAt, lastSeenBy, reason, keptAt: input.kept.at.toISOString(), keptReason: input.kept.reason, keptBy: input.kept.by };
  return { state: "stale", lastSeenAt, lastSeenBy, reason };
}
