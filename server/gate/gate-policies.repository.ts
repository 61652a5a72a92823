import { getPrisma } from "@/server/db/client.ts";
import type { TJsonDocument } from "./stored-decision.ts";

/**
 * How a policy SET maps onto `Policy` rows: ONE row per organization, named
 * "(policy-set)", holding the whole YAML document as written (comments and order kept,
 * so the editor shows exactly what the author saved) and its parsed form in
 * `definition`. Rules are not split into rows: a document is validated and replaced as
 * a whole (a set with one rule dropped would gate less than its author meant), and one
 * row cannot be half-updated. History is one `policy_changed` ChangeEvent per save (no
 * service; details keep the full YAML and its hash), so "who changed the gate, when, to
 * what" is answerable without versioned rows.
 */
export const POLICY_SET_ROW_NAME = "(policy-set)";

export type TPolicyRowSource = "catalog" | "ui" | "api";

export interface TPolicyRow {
  yaml: string;
  source: TPolicyRowSource;
  updatedAt: Date;
}

export async function findPolicyRow(organizationId: string): Promise<TPolicyRow | null> {
  const row = await getPrisma().policy.findUnique({
    where: { organizationId_name: { organizationId, name: POLICY_SET_ROW_NAME } },
    select: { yaml: true, source: true, updatedAt: true },
  });
  if (!row) return null;
  return { yaml: row.yaml, source: row.source === "catalog" || row.source === "api" ? row.source : "ui", updatedAt: row.updatedAt };
}

/** Only the timestamp: lets the gate reuse its parsed copy while nothing changed. */
export async function findPolicyRowVersion(organizationId: string): Promise<Date | null> {
  const row = await getPrisma().policy.findUnique({
    where: { organizationId_name: { organizationId, name: POLICY_SET_ROW_NAME } },
    select: { updatedAt: true },
  });
  return row?.updatedAt ?? null;
}

/**
 * Replaces the organization's policy set and records the change, in one transaction.
 * Returns false (and writes nothing) when the stored text is already exactly `yaml`.
 */
export async function writePolicyRow(
  organizationId: string,
  input: {
    yaml: string;
    definition: TJsonDocument;
    source: TPolicyRowSource;
    actor: string | null;
    history: { title: string; details: TJsonDocument };
  },
): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const where = { organizationId_name: { organizationId, name: POLICY_SET_ROW_NAME } };
    const current = await tx.policy.findUnique({ where, select: { yaml: true } });
    if (current?.yaml === input.yaml) return false;
    const data = { yaml: input.yaml, definition: input.definition, source: input.source, enabled: true, position: 0 };
    await tx.policy.upsert({ where, create: { organizationId, name: POLICY_SET_ROW_NAME, ...data }, update: data });
    await tx.changeEvent.create({
      data: {
        organizationId,
        type: "policy_changed",
        title: input.history.title,
        details: input.history.details,
        actor: input.actor,
        source: input.source,
      },
    });
    return true;
  });
}

export async function findPolicyHistory(
  organizationId: string,
  limit: number,
): Promise<{ occurredAt: Date; source: string; actor: string | null; title: string }[]> {
  return getPrisma().changeEvent.findMany({
    where: { organizationId, type: "policy_changed" },
    select: { occurredAt: true, source: true, actor: true, title: true },
    orderBy: { occurredAt: "desc" },
    take: limit,
  });
}
