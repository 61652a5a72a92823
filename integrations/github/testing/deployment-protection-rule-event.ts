import { sign } from "@octokit/webhooks-methods";

/**
 * A `deployment_protection_rule` webhook (action `requested`) shaped as GitHub documents
 * it (Webhook events and payloads; the REST description's
 * webhook-deployment-protection-rule-requested schema): environment, event,
 * deployment_callback_url, deployment, pull_requests, repository, organization,
 * installation, sender.
 */
export function deploymentProtectionRuleEvent(options: { apiUrl: string; repository: string; runId: number; environment: string; installationId: number; sha?: string; deploymentId?: number }) {
  const [owner = "acme", name = "repo"] = options.repository.split("/");
  const sha = options.sha ?? "7638417db6d59f3c431d3e1f261cc637155684cd";
  return {
    action: "requested",
    environment: options.environment,
    event: "push",
    deployment_callback_url: `${options.apiUrl}/repos/${owner}/${name}/actions/runs/${options.runId}/deployment_protection_rule`,
    deployment: {
      url: `${options.apiUrl}/repos/${owner}/${name}/deployments/${options.deploymentId ?? 1}`,
      id: options.deploymentId ?? 1,
      node_id: "DE_kwDOExample",
      task: "deploy",
      original_environment: options.environment,
      environment: options.environment,
      description: null,
      created_at: "2026-12-04T20:00:00Z",
      updated_at: "2026-12-04T20:00:00Z",
      statuses_url: `${options.apiUrl}/repos/${owner}/${name}/deployments/1/statuses`,
      repository_url: `${options.apiUrl}/repos/${owner}/${name}`,
      sha,
      ref: "main",
      payload: {},
      creator: { login: "octocat", id: 1, type: "User" },
    },
    pull_requests: [],
    repository: {
      id: 1296269,
      node_id: "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
      name,
      full_name: `${owner}/${name}`,
      private: false,
      owner: { login: owner, id: 2, type: "Organization" },
      html_url: `https://github.com/${owner}/${name}`,
    },
    organization: { login: owner, id: 2, node_id: "MDEyOk9yZ2FuaXphdGlvbjI=" },
    installation: { id: options.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    sender: { login: "octocat", id: 1, type: "User" },
  };
}

/** The headers GitHub sends with a webhook of App `appId`, signed with `secret` (X-Hub-Signature-256). */
export async function signedGithubHeaders(body: string, options: { secret: string; appId: string; event: string }): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "x-github-event": options.event,
    "x-github-delivery": crypto.randomUUID(),
    "x-github-hook-id": "1",
    "x-github-hook-installation-target-type": "integration",
    "x-github-hook-installation-target-id": options.appId,
    "x-hub-signature-256": await sign(options.secret, body),
  };
}

/**
 * A `deployment_status` webhook (action `created`) as GitHub documents it: deployment_status
 * (state, description, log_url, target_url, environment), deployment, workflow_run (when
 * Actions deployed), repository, organization, installation, sender.
 */
export function deploymentStatusEvent(options: { apiUrl: string; repository: string; runId: number; environment: string; installationId: number; state: string }) {
  const [owner = "acme", name = "repo"] = options.repository.split("/");
  const runUrl = `https://github.com/${owner}/${name}/actions/runs/${options.runId}`;
  return {
    action: "created",
    deployment_status: {
      url: `${options.apiUrl}/repos/${owner}/${name}/deployments/1/statuses/2`,
      id: 2,
      node_id: "DES_kwDOExample",
      state: options.state,
      creator: { login: "github-actions[bot]", id: 41898282, type: "Bot" },
      description: `Deployment ${options.state}`,
      environment: options.environment,
      target_url: runUrl,
      log_url: `${runUrl}/job/1`,
      created_at: "2026-12-04T20:05:00Z",
      updated_at: "2026-12-04T20:05:00Z",
      deployment_url: `${options.apiUrl}/repos/${owner}/${name}/deployments/1`,
      repository_url: `${options.apiUrl}/repos/${owner}/${name}`,
    },
    deployment: {
      url: `${options.apiUrl}/repos/${owner}/${name}/deployments/1`,
      id: 1,
      sha: "7638417db6d59f3c431d3e1f261cc637155684cd",
      ref: "main",
      task: "deploy",
      environment: options.environment,
      original_environment: options.environment,
      creator: { login: "octocat", id: 1, type: "User" },
    },
    workflow_run: { id: options.runId, name: "deploy", head_sha: "7638417db6d59f3c431d3e1f261cc637155684cd", html_url: runUrl, status: "in_progress" },
    repository: { id: 1296269, name, full_name: `${owner}/${name}`, private: false, owner: { login: owner, id: 2, type: "Organization" }, html_url: `https://github.com/${owner}/${name}` },
    organization: { login: owner, id: 2 },
    installation: { id: options.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    sender: { login: "github-actions[bot]", id: 41898282, type: "Bot" },
  };
}
