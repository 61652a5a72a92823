import { z } from "zod";
import { json, withApi } from "@/server/http/with-api.ts";
import { getSloOverview } from "@/server/slo/get-slo-overview.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The home page's lists: SLOs out of SLO now, and those burning their budget fastest. */
export const GET = withApi(z.object({}), async ({ organizationId }) => json(await getSloOverview(organizationId)));
