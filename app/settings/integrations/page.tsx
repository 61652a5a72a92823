import type { Metadata } from "next";
import Link from "next/link";
import { GithubAppForm } from "@/app/components/github-app-form.tsx";
import { IntegrationForm } from "@/app/components/integration-form.tsx";
import { formatMappingLines } from "@/domain/github/mapping-lines.ts";
import { getGithubAppSummary } from "@/server/github/manage-github-app.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { getLearningsChannelSetting } from "@/server/integrations/learnings-channel.ts";
import { listIntegrations } from "@/server/integrations/manage-integrations.ts";
import { findSlackTeamIdOfOrganization } from "@/server/integrations/integrations-slack-workspace.repository.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { ssoCallbackPath } from "@/server/identity/sso-provider-id.ts";
import { deleteGithubAppAction, deleteIntegrationAction, linkSlackWorkspaceAction, saveGithubAppAction, saveIntegrationAction, setLearningsChannelAction } from "./actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Integrations · Settings" };

export default async function IntegrationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { organization, actor } = await getRequestContext();
  const { error } = await searchParams;
  const [integrations, slackTeamId, githubApp, learningsChannel] = await Promise.all([
    listIntegrations(organization.id),
    findSlackTeamIdOfOrganization(organization.id),
    getGithubAppSummary(organization.id),
    getLearningsChannelSetting(organization.id),
  ]);
  const isAdmin = canManageIntegrations(actor);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Integrations</h1>
          <p className="subtitle">
            {organization.name}&apos;s own clusters, Prometheus, single sign-on and GitHub App. Secrets are stored encrypted and never shown again. The deployment&apos;s
            environment (KUBECONFIG, PROMETHEUS_URL, SLACK_TEAM_ID) configures the default organization.
          </p>
        </div>
      </div>
      {typeof error === "string" ? (
        <p className="callout callout-error page-callout" role="alert">
          {error}
        </p>
      ) : null}
      <section className="section" aria-labelledby="integrations-heading">
        <h2 id="integrations-heading">
          Configured <span className="count">{integrations.length}</span>
        </h2>
        {integrations.length === 0 ? (
          <p className="muted" data-testid="no-integrations">
            None configured here yet. What runs now comes from this deployment&apos;s environment (<code>KUBECONFIG</code>, <code>PROMETHEUS_URL</code>,{" "}
            <code>PLUMBLINE_DEMO</code>): see <Link href="/settings">Clusters</Link> for the clusters being watched. Add {organization.name}&apos;s own below.
          </p>
        ) : (
          <div className="table-wrap" role="region" aria-label="Configured integrations" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Name</th>
                  <th>Settings</th>
                  <th>Secret</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {integrations.map((integration) => (
                  <tr key={integration.id} data-integration={`${integration.kind}/${integration.name}`}>
                    <td>{integration.kind}</td>
                    <td className="primary">{integration.name}</td>
                    <td>
                      <code>{JSON.stringify(integration.config)}</code>
                      {integration.kind === "oidc" ? (
                        // The IdP must allow this redirect URI; it names the integration (not the organization's slug).
                        <div className="muted">
                          Redirect URI: <code data-testid="oidc-redirect-uri">{ssoCallbackPath(integration.id)}</code> on this deployment&apos;s address
                        </div>
                      ) : null}
                    </td>
                    <td>{integration.hasSecret ? "stored (encrypted)" : "none"}</td>
                    <td>
                      {isAdmin ? (
                        <form action={deleteIntegrationAction}>
                          <input type="hidden" name="id" value={integration.id} />
                          <button type="submit" className="button">
                            Delete
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card section" aria-labelledby="slack-workspace-heading">
        <h2 id="slack-workspace-heading" className="card-title">
          Slack workspace
        </h2>
        {slackTeamId ? (
          <p>
            Linked to <code data-testid="slack-team-id">{slackTeamId}</code>: approvals and <code>/plumbline</code> from that workspace act for{" "}
            {organization.name}, and only for it.
          </p>
        ) : isAdmin ? (
          <form action={linkSlackWorkspaceAction} className="toolbar" aria-label="Link a Slack workspace">
            <div className="field field-grow">
              <label htmlFor="slack-team-id">Workspace id</label>
              <input id="slack-team-id" name="slackTeamId" className="input" placeholder="T0123ABCD" required autoComplete="off" />
            </div>
            <button type="submit" className="button button-primary">
              Link
            </button>
          </form>
        ) : (
          <p className="muted">No Slack workspace is linked.</p>
        )}
        <h3 id="learnings-channel-heading">Learnings channel</h3>
        <p data-testid="learnings-channel">
          {!learningsChannel.slackConfigured ? (
            <>This deployment has no Slack bot token, so published learnings are only on <Link href="/learnings">Learnings</Link>.</>
          ) : learningsChannel.effective ? (
            <>
              Each learning is posted to <code>{learningsChannel.effective}</code> when it is first published
              {learningsChannel.own ? "" : " (this deployment's default; choose your own below)"}.
            </>
          ) : (
            <>No channel is chosen: published learnings are only on <Link href="/learnings">Learnings</Link>.</>
          )}
        </p>
        {isAdmin ? (
          <form action={setLearningsChannelAction} className="toolbar" aria-labelledby="learnings-channel-heading">
            {/* Keyed by the saved channel: after saving, the input shows what was stored (a bare name with its #), not what was typed. */}
            <div className="field field-grow">
              <label htmlFor="learnings-channel">Channel name or id (empty: {learningsChannel.deploymentDefault ? `the default, ${learningsChannel.deploymentDefault}` : "none"})</label>
              <input key={learningsChannel.own ?? ""} id="learnings-channel" name="channel" className="input" defaultValue={learningsChannel.own ?? ""} placeholder="#learnings" autoComplete="off" />
            </div>
            <button type="submit" className="button">
              Save
            </button>
          </form>
        ) : null}
      </section>
      {isAdmin ? (
        <>
          <IntegrationForm kind="kubernetes" action={saveIntegrationAction} />
          <IntegrationForm kind="prometheus" action={saveIntegrationAction} />
          <IntegrationForm kind="oidc" action={saveIntegrationAction} />
          <GithubAppForm
            action={saveGithubAppAction}
            webhookUrl={`${publicBaseUrl(null)}/api/github/webhooks`}
            values={{
              appId: githubApp?.appId ?? "",
              apiUrl: githubApp?.apiUrl ?? "https://api.github.com",
              mappings: formatMappingLines(githubApp?.mappings ?? []),
              configured: githubApp !== null,
            }}
          />
          {githubApp ? (
            <form action={deleteGithubAppAction} className="toolbar" aria-label="Remove the GitHub App">
              <button type="submit" className="button">
                Remove GitHub App {githubApp.appId}
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <p className="callout page-callout">Only organization admins can configure integrations.</p>
      )}
    </>
  );
}
