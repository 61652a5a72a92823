import { z } from "zod";
import { json, withApi } from "@/server/http/with-api.ts";
import { listClusters } from "@/server/workloads/list-clusters.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Kubernetes clusters discovery watches, with sync state, last successful sync and last error. */
export const GET = withApi(z.object({}), async ({ organizationId }) => json({ clusters: await listClusters(organizationId) }));
