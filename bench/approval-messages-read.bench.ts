// What the index on Notification."deployRequestId" buys and costs. Every status change of a
// deploy request (a decision in Slack or on the web, expiry, cancel, re-evaluation) reads the
// approval messages sent for it (findApprovalMessagesSent) to update or follow them up; the
// outbox keeps every message it ever sent, so without the index that read walks all of the
// organization's notifications. The cost: one more index entry per notification written,
// which the gate writes when it asks for approval.
//
// One organization with BENCH_REQUESTS (default 20,000) deploy requests of 3 approval
// messages each; the read (median and p99 of 200 requests) and the write (3 rows for one
// request, one statement, as the gate writes them; median of 300), first with the index and
// then, in the same process, after dropping it, and
// after creating it again.
//
//   npx tsx bench/approval-messages-read.bench.ts                      (PGlite, in memory)
//   BENCH_DB=postgres TEST_DATABASE_URL=... npx tsx bench/approval-messages-read.bench.ts
import os from "node:os";
import { performance } from "node:perf_hooks";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { findApprovalMessagesSent } from "@/server/notifications/notifications.repository.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";

const KIND = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const MESSAGES_PER_REQUEST = 3;
const READS = 200;
const WRITES = 300;

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;

function approvalMessages(organizationId: string, deployRequestId: string, n: number) {
  return Array.from({ length: MESSAGES_PER_REQUEST }, (_, i) => ({
    organizationId,
    deployRequestId,
    channel: i === 2 ? "email" : "slack",
    target: i === 2 ? `owner-${n}@example.com` : `C0${i}TEAM`,
    kind: i === 2 ? "approval_email" : "approval_request",
    payload: { approvalId: `${deployRequestId}-${i}`, personId: `person-${n}` },
    status: "sent" as const,
    dedupeKey: `approval:${deployRequestId}:${i}`,
  }));
}

async function main(): Promise<void> {
  const db = await openTestDatabase(KIND);
  const prisma = getPrisma();
  const rows: TBenchRow[] = [];
  try {
    const organization = await upsertOrganization("bench-approvals", "Bench approvals");
    const service = await prisma.service.create({ data: { organizationId: organization.id, slug: "payments", name: "Payments" }, select: { id: true } });
    const started = performance.now();
    const ids: string[] = [];
    for (let from = 0; from < REQUESTS; from += 2_000) {
      const batch = Array.from({ length: Math.min(2_000, REQUESTS - from) }, (_, i) => ({
        organizationId: organization.id,
        serviceId: service.id,
        environment: "production",
        version: `1.0.${from + i}`,
      }));
      const created = await prisma.deployRequest.createManyAndReturn({ data: batch, select: { id: true } });
      const messages = created.flatMap((request, i) => approvalMessages(organization.id, request.id, from + i));
      await prisma.notification.createMany({ data: messages });
      ids.push(...created.map((request) => request.id));
    }
    await prisma.$executeRawUnsafe(`ANALYZE "Notification"`);
    console.log(`Seeded ${REQUESTS} requests and ${REQUESTS * MESSAGES_PER_REQUEST} notifications on ${KIND} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // The writes add messages to requests of their own (each phase its own), never to one the reads check.
    const readIds = ids.slice(0, ids.length - 3 * WRITES);
    const writeIds = ids.slice(ids.length - 3 * WRITES);
    let written = 0;
    const measure = async (label: string) => {
      for (let i = 0; i < 20; i++) await findApprovalMessagesSent(organization.id, readIds[i] ?? ""); // warm: plans, caches
      const reads: number[] = [];
      for (let i = 0; i < READS; i++) {
        const id = readIds[(i * 7919) % readIds.length] ?? "";
        const t = performance.now();
        const sent = await findApprovalMessagesSent(organization.id, id);
        reads.push(performance.now() - t);
        if (sent.slack.length !== 2 || sent.email.length !== 1) throw new Error(`request ${id}: expected 2 Slack messages and 1 e-mail, read ${JSON.stringify(sent)}`);
      }
      const writes: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const request = writeIds[written] ?? "";
        const messages = approvalMessages(organization.id, request, written).map((m) => ({ ...m, dedupeKey: `${m.dedupeKey}:again` }));
        written += 1;
        const t = performance.now();
        await prisma.notification.createMany({ data: messages });
        writes.push(performance.now() - t);
      }
      const load = os.loadavg()[0]?.toFixed(1);
      rows.push(benchRow({ what: `read one request's approval messages, ${label} (median of ${READS})`, database: KIND, value: Number(quantile(reads, 0.5).toFixed(2)), unit: "ms", note: `p99 ${quantile(reads, 0.99).toFixed(2)} ms; load ${load}` }));
      rows.push(benchRow({ what: `write one request's ${MESSAGES_PER_REQUEST} approval messages, ${label} (median of ${WRITES})`, database: KIND, value: Number(quantile(writes, 0.5).toFixed(2)), unit: "ms", note: `p99 ${quantile(writes, 0.99).toFixed(2)} ms; load ${load}` }));
    };
    await measure("with the deployRequestId index");
    await prisma.$executeRawUnsafe(`DROP INDEX "Notification_deployRequestId_idx"`);
    await prisma.$executeRawUnsafe(`ANALYZE "Notification"`);
    await measure("without it");
    // Again with it, so a drift over the run (the table grows, the machine's load) shows beside the difference.
    await prisma.$executeRawUnsafe(`CREATE INDEX "Notification_deployRequestId_idx" ON "Notification"("deployRequestId")`);
    await prisma.$executeRawUnsafe(`ANALYZE "Notification"`);
    await measure("with the index again");
  } finally {
    await db.close();
  }
  printSummaryTable(`Approval messages of one deploy request, ${REQUESTS.toLocaleString("en-US")} requests × ${MESSAGES_PER_REQUEST} messages (${KIND})`, rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
