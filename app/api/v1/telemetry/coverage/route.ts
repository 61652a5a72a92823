import { z } from "zod";
import { json, withApi } from "@/server/http/with-api.ts";
import { getTelemetryCoverage } from "@/server/telemetry/get-telemetry-coverage.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Per telemetry source: endpoints attributed to a service (and by which rule) and those not (and why). */
export const GET = withApi(z.object({}), async ({ organizationId }) => json(await getTelemetryCoverage(organizationId)));
