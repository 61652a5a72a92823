import { z } from "zod";
import type { TDeployEventType } from "@/domain/gate/deploy-status.ts";

/**
 * The parts of GitHub's `deployment_status` webhook (action `created`) that bring a gated
 * deploy's outcome back: the new state, the deployment's environment, the workflow run
 * that deployed (present when Actions created the deployment), repository, installation.
 */
const ZGithubId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const ZDeploymentStatusEvent = z.looseObject({
  action: z.literal("created"),
  deployment_status: z.looseObject({
    state: z.string().max(50),
    description: z.string().max(2000).nullish(),
    log_url: z.url({ protocol: /^https?$/ }).nullish().catch(null),
    target_url: z.url({ protocol: /^https?$/ }).nullish().catch(null),
  }),
  deployment: z.looseObject({ id: ZGithubId.optional(), environment: z.string().min(1).max(255) }),
  workflow_run: z.looseObject({ id: ZGithubId }).nullish(),
  repository: z.looseObject({ full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/) }),
  installation: z.looseObject({ id: ZGithubId }),
});
export type TDeploymentStatusEvent = z.output<typeof ZDeploymentStatusEvent>;

/**
 * GitHub's deployment states as the gate's CI reports: in_progress → started, success →
 * succeeded, failure / error → failed. Queued, pending, waiting and inactive say nothing
 * about the outcome (null).
 */
export function deployEventForStatus(state: string): TDeployEventType | null {
  switch (state) {
    case "in_progress":
      return "started";
    case "success":
      return "succeeded";
    case "failure":
    case "error":
      return "failed";
    default:
      return null;
  }
}
