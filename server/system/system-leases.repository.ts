import { getPrisma } from "@/server/db/client.ts";
import type { TWorkerProcess } from "./worker-process.ts";

export interface TLeaseClaim {
  key: string;
  /** The organization whose work it is; null for system-wide work. */
  organizationId: string | null;
  /** What is held, for people (a cluster's name). */
  subject: string;
}

export interface TLeaseRow {
  key: string;
  organizationId: string | null;
  subject: string;
  holderId: string;
  holderHost: string;
  holderPid: number;
  acquiredAt: Date;
  renewedAt: Date;
  expiresAt: Date;
}

/**
 * Takes the lease, or renews it when `holder` has it already: one statement, so two
 * processes claiming at once cannot both win (the loser's ON CONFLICT re-checks the row
 * the winner wrote). Succeeds only if the lease is free, expired or ours. Every time is the
 * database's clock, so processes with skewed clocks agree on expiry. Returns whether
 * `holder` holds it now.
 */
export async function claimLease(claim: TLeaseClaim, holder: TWorkerProcess, ttlMs: number): Promise<boolean> {
  const rows = await getPrisma().$queryRaw<{ holderId: string }[]>`
    INSERT INTO "WorkLease" ("key", "organizationId", "subject", "holderId", "holderHost", "holderPid", "acquiredAt", "renewedAt", "expiresAt")
    VALUES (${claim.key}, ${claim.organizationId}, ${claim.subject}, ${holder.id}, ${holder.hostname}, ${holder.pid}::int,
            now(), now(), now() + ${ttlMs}::int * interval '1 millisecond')
    ON CONFLICT ("key") DO UPDATE SET
      "organizationId" = EXCLUDED."organizationId",
      "subject" = EXCLUDED."subject",
      "holderId" = EXCLUDED."holderId",
      "holderHost" = EXCLUDED."holderHost",
      "holderPid" = EXCLUDED."holderPid",
      "acquiredAt" = CASE WHEN "WorkLease"."holderId" = EXCLUDED."holderId" THEN "WorkLease"."acquiredAt" ELSE now() END,
      "renewedAt" = now(),
      "expiresAt" = EXCLUDED."expiresAt"
    WHERE "WorkLease"."holderId" = EXCLUDED."holderId" OR "WorkLease"."expiresAt" < now()
    RETURNING "holderId"`;
  return rows.length === 1 && rows[0]?.holderId === holder.id;
}

/** Gives the lease up at once (a clean stop), so another process need not wait for its expiry. */
export async function releaseLease(key: string, holder: TWorkerProcess): Promise<void> {
  await getPrisma().workLease.deleteMany({ where: { key, holderId: holder.id } });
}

/** The leases of one organization's work (its clusters), for /settings/system. */
export async function findOrganizationLeases(organizationId: string): Promise<TLeaseRow[]> {
  return getPrisma().workLease.findMany({ where: { organizationId }, orderBy: { subject: "asc" } });
}

/** Every current lease (operators' tools and tests; not for tenant-facing pages). */
export async function findAllLeases(): Promise<TLeaseRow[]> {
  return getPrisma().workLease.findMany({ orderBy: { key: "asc" } });
}
