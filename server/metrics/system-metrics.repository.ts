import { getPrisma } from "@/server/db/client.ts";

// The only file that touches Prisma for Plumbline's own metrics. Unlike every other
// repository it reads across organizations on purpose: /metrics is the operator's view of
// the whole installation, and it returns counts only, never a tenant's rows or names.

/** Deploy requests of every organization still waiting for an approval. */
export async function countApprovalsWaiting(): Promise<number> {
  return getPrisma().deployRequest.count({ where: { status: "pending" } });
}
