import { z } from "zod";
import { describeActor, type TActor } from "@/server/identity/actor.ts";
import { canClaimTelemetryEndpoints } from "@/server/identity/can-claim-telemetry-endpoints.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import { logger } from "@/server/logger.ts";
import { hasCoverageEndpoint, writeTelemetryClaim } from "./telemetry-claims.repository.ts";

const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const ZTelemetryClaimInput = z.object({
  namespace: z.string().max(253, { error: "namespace: at most 253 characters" }),
  workload: z.string().trim().min(1, { error: "workload: which endpoint? An endpoint without a workload name cannot be claimed" }).max(253),
  service: z
    .string()
    .trim()
    .regex(SLUG, { error: "service: a slug (lowercase letters, digits and dashes, at most 63), e.g. payments" }),
});

export type TTelemetryClaimInput = z.infer<typeof ZTelemetryClaimInput>;

export interface TTelemetryClaimResult {
  namespace: string;
  workload: string;
  service: { slug: string; name: string };
  /** True when the claim created the service (discovered, unowned). */
  serviceCreated: boolean;
}

/**
 * Claims an endpoint of the telemetry coverage (namespace + workload as the series name
 * it) for a service, creating the service when none has that slug. From the next mesh
 * round on, the resolver attributes the endpoint by rule `claimed`; its current coverage
 * rows are attributed at once.
 */
export async function claimTelemetryEndpoint(organizationId: string, input: TTelemetryClaimInput, actor: TActor): Promise<TTelemetryClaimResult> {
  if (!canClaimTelemetryEndpoints(actor)) throw new AppError(403, "Not allowed", "Only organization admins (and API tokens) can claim telemetry endpoints.");
  if (!(await hasCoverageEndpoint(organizationId, input.namespace, input.workload))) {
    throw notFound("Telemetry endpoint", `No telemetry source named \`${input.namespace}/${input.workload}\` in its last round; see GET /api/v1/telemetry/coverage.`);
  }
  const written = await writeTelemetryClaim(organizationId, { namespace: input.namespace, workload: input.workload, serviceSlug: input.service, claimedBy: describeActor(actor) });
  logger.info({ organizationId, namespace: input.namespace, workload: input.workload, service: written.service.slug, created: written.created }, "telemetry endpoint claimed");
  return { namespace: input.namespace, workload: input.workload, service: { slug: written.service.slug, name: written.service.name }, serviceCreated: written.created };
}
