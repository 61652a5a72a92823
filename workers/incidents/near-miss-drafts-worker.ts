import { draftNearMissesEverywhere } from "@/server/incidents/draft-near-misses.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * Near-miss drafts (issue 20): every 15 s, break-glass deploys, approvals given while a
 * dependent was breached and deploys followed by a worse SLO become drafts for their
 * owners (server/incidents/draft-near-misses.ts). One process runs each tick; drafts are
 * idempotent per trigger, so a retried or overlapping tick adds nothing.
 */
export const nearMissDraftsWorker: TWorkerDefinition = {
  name: "near-miss-drafts",
  isEnabled: () => true,
  start: (ctx) =>
    runPeriodic(ctx, {
      name: "near-miss-drafts",
      everyMs: 15_000,
      async run({ log }) {
        const drafted = await draftNearMissesEverywhere(new Date(), log);
        if (drafted > 0) log.info({ drafted }, "drafted near misses for their owners");
      },
    }),
};
