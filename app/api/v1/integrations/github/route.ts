import { z } from "zod";
import { ZGithubAppInput } from "@/server/github/github-app.schemas.ts";
import { getGithubAppSummary, removeGithubApp, saveGithubApp } from "@/server/github/manage-github-app.ts";
import { notFound } from "@/server/http/problem.ts";
import { readJsonBody } from "@/server/http/with-api-body.ts";
import { json, withApi } from "@/server/http/with-api.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The organization's GitHub App (deployment protection rule): id, API URL, mappings; never the key or the secret. */
export const GET = withApi(z.object({}), async ({ organizationId }) => {
  const app = await getGithubAppSummary(organizationId);
  if (!app) throw notFound("GitHub App", "This organization has no GitHub App configured. PUT one here or on /settings/integrations.");
  return json(app);
});

/**
 * Creates or replaces the App (admins only): {appId, apiUrl?, privateKey?, webhookSecret?,
 * mappings?}; the key and the secret are required the first time and kept when left out.
 * Invalid input is a 400 problem naming each field.
 */
export const PUT = withApi(z.object({}), async ({ organizationId, actor, request }) => {
  const input = await readJsonBody(request, ZGithubAppInput);
  await saveGithubApp(organizationId, actor, input);
  return json(await getGithubAppSummary(organizationId));
});

export const DELETE = withApi(z.object({}), async ({ organizationId, actor }) => {
  await removeGithubApp(organizationId, actor);
  return new Response(null, { status: 204 });
});
