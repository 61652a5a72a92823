import { z } from "zod";

/** A service's history as the pages and the API read it: plain data, no Prisma types. */

export const EVENTS_PAGE_MAX = 200;

export const ZServiceEventsQuery = z.object({
  before: z.iso
    .datetime({ offset: true, message: "before must be an ISO 8601 time such as 2026-01-31T12:00:00.000Z (the nextBefore of the previous page)" })
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, `limit must be between 1 and ${EVENTS_PAGE_MAX}`)
    .max(EVENTS_PAGE_MAX, `limit must be between 1 and ${EVENTS_PAGE_MAX}`)
    .default(50),
});
export type TServiceEventsQuery = z.infer<typeof ZServiceEventsQuery>;

export interface TChangeEvent {
  id: string;
  /** workload_created, image_changed, scaled, rollout_complete, rollout_failed, workload_deleted, slo_status_changed, deploy_… */
  type: string;
  title: string;
  /** Where it was recorded from: kubernetes, mesh, catalog, api, ui… */
  source: string;
  actor: string | null;
  occurredAt: string;
  /** Type-specific facts (for Kubernetes: cluster, namespace, kind, name, images…). */
  details: Record<string, unknown>;
}

export interface TServiceEventsPage {
  events: TChangeEvent[];
  /** Pass as `before` for the next (older) page; null when this page reaches the first event. */
  nextBefore: string | null;
}
