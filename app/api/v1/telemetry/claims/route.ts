import { z } from "zod";
import { claimTelemetryEndpoint, ZTelemetryClaimInput } from "@/server/telemetry/claim-telemetry-endpoint.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Claims an unmatched coverage endpoint for a service (created, unowned, when missing): `{namespace, workload, service}`. Admins and API tokens. */
export const POST = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  const input = await readJsonBody(request, ZTelemetryClaimInput);
  return json(await claimTelemetryEndpoint(organizationId, input, actor), { status: 201 });
});
