"use server";

import { revalidatePath } from "next/cache";
import { canClaimTelemetryEndpoints } from "@/server/identity/can-claim-telemetry-endpoints.ts";
import { withAction } from "@/server/http/with-action.ts";
import { claimTelemetryEndpoint, ZTelemetryClaimInput } from "@/server/telemetry/claim-telemetry-endpoint.ts";

/** Claims an unmatched endpoint of the coverage page for a service (created, unowned, when missing). */
export const claimEndpointAction = withAction(
  {
    can: canClaimTelemetryEndpoints,
    forbidden: "Only organization admins can claim telemetry endpoints.",
    input: ZTelemetryClaimInput,
  },
  async ({ organization, actor, input }) => {
    const claimed = await claimTelemetryEndpoint(organization.id, input, actor);
    revalidatePath("/settings/telemetry");
    return { service: claimed.service, serviceCreated: claimed.serviceCreated };
  },
);
