import { getConfig } from "@/server/config/get-config.ts";
import { expireDeployRequests } from "@/server/gate/expire-deploy-requests.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * Approval timeouts: every PLUMBLINE_APPROVAL_EXPIRY_INTERVAL (15 s), pending deploy
 * requests past their expiry become `expired` (DESIGN: default 60 min, set by the policy's
 * approvalTimeoutMinutes). One process runs each tick (runPeriodic's singleton slot); reads
 * also expire overdue requests on the spot, so the tick only bounds how late history and
 * long-polls hear it.
 */
export const approvalsWorker: TWorkerDefinition = {
  name: "approvals",
  isEnabled: () => true,
  start: (ctx) =>
    runPeriodic(ctx, {
      name: "approvals-expiry",
      everyMs: getConfig().gate.expiryIntervalMs,
      async run({ log }) {
        const expired = await expireDeployRequests(new Date());
        if (expired > 0) log.info({ expired }, "expired deploy requests nobody decided in time");
      },
    }),
};
