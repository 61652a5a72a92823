"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { archiveStaleService, ZArchiveServiceInput } from "@/server/catalog/archive-stale-service.ts";
import { keepStaleService, ZKeepServiceInput } from "@/server/catalog/keep-stale-service.ts";
import { withAction } from "@/server/http/with-action.ts";

const ZSlug = z.object({ slug: z.string().trim().min(1, { error: "slug: which service" }).max(200) });

/** Keeps a stale service with a reason (the service page's Keep button). Owners and admins; the use case checks. */
export const keepServiceAction = withAction({ input: ZSlug.extend(ZKeepServiceInput.shape) }, async ({ organization, actor, input }) => {
  const kept = await keepStaleService(organization.id, input.slug, input.reason, actor, new Date());
  revalidatePath(`/services/${input.slug}`);
  return kept;
});

/** Archives a stale service with a reason (the service page's Archive button). Owners and admins; the use case checks. */
export const archiveServiceAction = withAction({ input: ZSlug.extend(ZArchiveServiceInput.shape) }, async ({ organization, actor, input }) => {
  const archived = await archiveStaleService(organization.id, input.slug, input.reason, actor, new Date());
  revalidatePath(`/services/${input.slug}`);
  revalidatePath("/services");
  return archived;
});
