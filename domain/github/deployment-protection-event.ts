import { z } from "zod";

/**
 * The parts of GitHub's `deployment_protection_rule` webhook (action `requested`) that
 * the gate reads, as GitHub documents the payload: the environment, the run's callback
 * URL, the deployment (sha, ref, creator), the repository and the installation. Anything
 * else in the payload is ignored; anything missing here makes the event unusable.
 */
const ZGithubId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const ZDeploymentProtectionRuleEvent = z.looseObject({
  action: z.literal("requested"),
  environment: z.string().min(1).max(255),
  event: z.string().max(100).optional(),
  deployment_callback_url: z.url({ protocol: /^https?$/ }),
  deployment: z
    .looseObject({
      id: ZGithubId.optional(),
      sha: z.string().regex(/^[0-9a-f]{4,64}$/i),
      ref: z.string().max(255).optional(),
      creator: z.looseObject({ login: z.string().max(100) }).nullish(),
    })
    .optional(),
  repository: z.looseObject({ full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/), html_url: z.url().optional() }),
  installation: z.looseObject({ id: ZGithubId }),
  sender: z.looseObject({ login: z.string().max(100) }).nullish(),
});
export type TDeploymentProtectionRuleEvent = z.output<typeof ZDeploymentProtectionRuleEvent>;

export interface TProtectionCallbackTarget {
  owner: string;
  repo: string;
  runId: string;
  /** The URL Plumbline will POST to: rebuilt from the configured API URL, never the payload's host. */
  url: string;
}

/**
 * The run a `deployment_callback_url` names, checked against the App's configured API
 * URL: same origin and path prefix, the documented path
 * `/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`, and the
 * repository of the event. A payload is signed with a secret the tenant chose, so its
 * URL is tenant input: it must not steer Plumbline's installation token anywhere else.
 */
export function readCallbackTarget(callbackUrl: string, apiUrl: string, repositoryFullName: string): TProtectionCallbackTarget | { error: string } {
  let callback: URL;
  let api: URL;
  try {
    callback = new URL(callbackUrl);
    api = new URL(apiUrl);
  } catch {
    return { error: "deployment_callback_url is not a URL" };
  }
  if (callback.origin !== api.origin) return { error: `deployment_callback_url points to ${callback.origin}, not the App's API ${api.origin}` };
  const prefix = api.pathname.replace(/\/+$/, "");
  const match = new RegExp(`^${escapeRegExp(prefix)}/repos/([\\w.-]+)/([\\w.-]+)/actions/runs/(\\d{1,20})/deployment_protection_rule$`).exec(callback.pathname);
  if (!match || callback.search || callback.hash) return { error: "deployment_callback_url is not a workflow run's deployment_protection_rule URL" };
  const [, owner = "", repo = "", runId = ""] = match;
  if (`${owner}/${repo}`.toLowerCase() !== repositoryFullName.toLowerCase()) {
    return { error: `deployment_callback_url names ${owner}/${repo}, but the event is for ${repositoryFullName}` };
  }
  return { owner, repo, runId, url: `${api.origin}${prefix}/repos/${owner}/${repo}/actions/runs/${runId}/deployment_protection_rule` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
