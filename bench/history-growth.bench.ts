// Do the pages' reads slow down as the deploy history grows? The PGlite soak answered fewer
// pages a minute as it went (7.8 a second in its first minute, 4.2 in its ninth) while every
// decision it made stayed in the database. On the gate bench's organization (10,000 services,
// bench/seed-gate-graph.ts), the reads behind the pages the soak visits are timed with 0
// decisions, then again after each step of decisions made by the gate itself (about half of
// them pending: the default policy holds a deploy while a dependent is out of SLO).
// Each read: the median of 5 calls, and its statements through Prisma. The workers' sweeps that
// run every 15 s whatever the traffic (near-miss drafts, expiry) are timed the same way.
//
//   BENCH_DB=pglite npx tsx bench/history-growth.bench.ts
//   TEST_DATABASE_URL=postgres://… BENCH_DB=postgres npx tsx bench/history-growth.bench.ts
// BENCH_HISTORY_STEPS (default "2500,5000,10000"): the decision counts to time the reads at.
import { getCatalogOverview } from "@/server/catalog/get-catalog-overview.ts";
import { getService } from "@/server/catalog/get-service.ts";
import { getTeam } from "@/server/catalog/get-team.ts";
import { listTeams } from "@/server/catalog/list-teams.ts";
import { getFeed, setFollowing } from "@/server/follow/follow.ts";
import { expireDeployRequests } from "@/server/gate/expire-deploy-requests.ts";
import { getDeployRequestDetail } from "@/server/gate/get-deploy-request-detail.ts";
import { draftNearMisses } from "@/server/incidents/draft-near-misses.ts";
import { getPrisma } from "@/server/db/client.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { ZDeployRequestListQuery } from "@/server/gate/gate.schemas.ts";
import { countWaitingForPerson, getWaitingForPerson } from "@/server/gate/get-waiting-for-person.ts";
import { listDeployRequests } from "@/server/gate/list-deploy-requests.ts";
import { getServiceIncidents } from "@/server/incidents/get-service-incidents.ts";
import { listOutbox } from "@/server/notifications/list-outbox.ts";
import { getSloOverview } from "@/server/slo/get-slo-overview.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { benchRow, printSummaryTable, type TBenchRow } from "./bench-summary.ts";
import { SERVICES } from "./seed-gate-graph.ts";
import { openCountedGateOrganization } from "./counted-gate-organization.ts";

const KIND = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
const STEPS = (process.env.BENCH_HISTORY_STEPS ?? "2500,5000,10000").split(",").map(Number);
const CALLS = 5;

async function main(): Promise<void> {
  const { organizationId, statements, close } = await openCountedGateOrganization(KIND);
  const organization = { id: organizationId };
  const rows: TBenchRow[] = [];
  try {
    // The soak's signed-in member: an admin on no team (so nothing waits for them).
    const member = await createSignedInMember(organization.id, { role: "admin" });
    const org = organization.id;
    // Following a team puts its 100 services' deploy events in the member's feed.
    await setFollowing(org, member.userId, { kind: "team", slug: "team-1", follow: true });
    const actor = { kind: "token" as const, tokenId: "bench", tokenName: "bench" };
    // One request before the history: its page is read at every step.
    const first = await createDeployRequest(org, { service: "svc-1", environment: "production", version: "0.0.1", requestedBy: "bench" }, { idempotencyKey: null, actor, baseUrl: "http://bench" });
    const reads: [string, () => Promise<unknown>][] = [
      ["layout: the waiting badge (countWaitingForPerson)", () => countWaitingForPerson(org, member.personId)],
      ["home: getCatalogOverview", () => getCatalogOverview(org)],
      ["home: getSloOverview", () => getSloOverview(org)],
      ["home: getWaitingForPerson", () => getWaitingForPerson(org, member.personId)],
      ["/services/svc-1: getService", () => getService(org, "svc-1")],
      ["/services/svc-1: getServiceIncidents", () => getServiceIncidents(org, "svc-1", new Date())],
      ["/deploys and GET /api/v1/deploy-requests: listDeployRequests", () => listDeployRequests(org, ZDeployRequestListQuery.parse({}), new Date(), member.personId)],
      ["/notifications: listOutbox", () => listOutbox(org, { limit: 50 })],
      ["/deploys/{id}: getDeployRequestDetail", () => getDeployRequestDetail(org, first.request.id, "http://bench")],
      ["/teams: listTeams", () => listTeams(org)],
      ["/teams/team-1: getTeam", () => getTeam(org, "team-1")],
      ["/teams/team-1: getWaitingForPerson", () => getWaitingForPerson(org, member.personId, { teamSlug: "team-1", limit: 20 })],
      ["/feed, following team-1: getFeed", () => getFeed(org, member.userId, { take: 100 })],
      // The workers' sweeps that run every 15 s whatever the traffic.
      ["worker, every 15 s: draftNearMisses", () => draftNearMisses(org, new Date())],
      ["worker, every 15 s: expireDeployRequests", () => expireDeployRequests(new Date())],
    ];
    const timeReads = async () => {
      const result = new Map<string, { ms: number; statements: number }>();
      for (const [what, read] of reads) {
        const times: number[] = [];
        statements.reset();
        for (let call = 0; call < CALLS; call += 1) {
          const started = performance.now();
          await read();
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        result.set(what, { ms: times[Math.floor(CALLS / 2)] ?? Number.NaN, statements: statements.snapshot().statements / CALLS });
      }
      return result;
    };
    let made = 0;
    const baseline = await timeReads();
    console.log(`${KIND}: reads timed with 0 decisions`);
    for (const step of STEPS) {
      const started = performance.now();
      while (made < step) {
        const batch = Math.min(50, step - made);
        await Promise.all(
          Array.from({ length: batch }, () => {
            made += 1;
            return createDeployRequest(
              org,
              { service: `svc-${((made * 7919) % SERVICES) + 1}`, environment: "production", version: `1.0.${made}`, requestedBy: "bench" },
              { idempotencyKey: null, actor, baseUrl: "http://bench" },
            );
          }),
        );
      }
      const pending = await getPrisma().deployRequest.count({ where: { organizationId: org, status: "pending" } });
      console.log(`${made} decisions (${pending} pending) in ${((performance.now() - started) / 1000).toFixed(1)} s more`);
      const timed = await timeReads();
      for (const [what] of reads) {
        const before = baseline.get(what);
        const now = timed.get(what);
        if (!before || !now) continue;
        rows.push(
          benchRow({
            what: `${what}, after ${made.toLocaleString("en-US")} decisions`,
            database: KIND,
            value: now.ms,
            unit: "ms",
            note: `${(now.ms / before.ms).toFixed(1)}× its ${before.ms.toFixed(1)} ms with none; ${now.statements} statements (${before.statements} with none); ${pending} pending`,
          }),
        );
      }
    }
  } finally {
    await close();
  }
  printSummaryTable(`pages' reads as the deploy history grows, in process, ${SERVICES.toLocaleString("en-US")} services`, rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
