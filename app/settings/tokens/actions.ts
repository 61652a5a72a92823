"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { canManageApiTokens } from "@/server/identity/can-manage-api-tokens.ts";
import { createApiToken, revokeApiToken } from "@/server/identity/api-tokens.ts";
import { describeActor } from "@/server/identity/actor.ts";
import { notFound } from "@/server/http/problem.ts";
import { withAction } from "@/server/http/with-action.ts";

const ZTokenName = z
  .string()
  .trim()
  .min(1, { error: "Give the token a name that says where it is used, e.g. github-actions-payments." })
  .max(100, { error: "Keep the name under 100 characters." });

export const createTokenAction = withAction(
  {
    can: canManageApiTokens,
    forbidden: "Only organization admins can create API tokens.",
    input: z.object({ name: ZTokenName }),
    read: (form) => ({ name: form.get("name") ?? "" }),
  },
  async ({ organization, actor, input }) => {
    const created = await createApiToken(organization.id, input.name, describeActor(actor));
    revalidatePath("/settings/tokens");
    return { id: created.id, name: input.name, token: created.token };
  },
);

export const revokeTokenAction = withAction(
  {
    can: canManageApiTokens,
    forbidden: "Only organization admins can revoke API tokens.",
    input: z.object({ id: z.string({ error: "Which token? The form lost its id; reload the page." }).min(1, { error: "Which token? The form lost its id; reload the page." }) }),
  },
  async ({ organization, input }) => {
    if (!(await revokeApiToken(organization.id, input.id))) throw notFound("API token", "No such token in this organization.");
    revalidatePath("/settings/tokens");
  },
);
