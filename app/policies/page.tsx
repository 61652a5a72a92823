import type { Metadata } from "next";
import { PolicyEditor } from "@/app/components/policy-editor.tsx";
import { formatDateTime } from "@/app/components/format.ts";
import { DEFAULT_POLICY_YAML } from "@/domain/policy/default-policies.ts";
import { canManagePolicies } from "@/server/identity/can-manage-policies.ts";
import { getPolicyDocument, getPolicyHistory } from "@/server/gate/get-policy-document.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const { organization, actor } = await getRequestContext();
  const [policy, history] = await Promise.all([getPolicyDocument(organization.id), getPolicyHistory(organization.id)]);
  const canEdit = canManagePolicies(actor);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Deploy policies</h1>
          <p className="subtitle">
            The rules the deploy gate applies to every request, in order. Any deny rejects a deploy; any require_approval makes it wait for the owners asked.
          </p>
        </div>
      </div>
      {policy.managedByFile ? (
        <div className="callout callout-warning page-callout" role="status">
          <h2>Managed by a file</h2>
          <code>PLUMBLINE_POLICIES={policy.managedByFile}</code> is loaded on every start: edits saved here last until the next restart. Change the file to
          keep them.
        </div>
      ) : null}
      {!canEdit ? (
        <div className="callout page-callout" role="status">
          Only organization admins can change the deploy policies.
        </div>
      ) : null}
      <PolicyEditor initial={policy} defaultYaml={DEFAULT_POLICY_YAML} canEdit={canEdit} />

      <div className="grid grid-2 section">
        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading" className="card-title">
            Rules in force
          </h2>
          <p className="empty-inline policy-settings">
            Approvals expire after <strong>{policy.approvalTimeoutMinutes} min</strong>; stale telemetry: <strong>{policy.staleTelemetry}</strong>.
          </p>
          <div className="table-wrap" role="region" aria-label="Rules in force" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Environments</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {policy.rules.map((rule) => (
                  <tr key={rule.name} className={rule.enabled ? undefined : "policy-rule-disabled"}>
                    <td>
                      <code>{rule.name}</code>
                      <span className="secondary-line">
                        {rule.type}
                        {rule.enabled ? "" : " · disabled"}
                      </span>
                    </td>
                    <td>{rule.environments ? rule.environments.join(", ") : <span className="muted">all</span>}</td>
                    <td>{rule.action ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading" className="card-title">
            History
          </h2>
          {history.length > 0 ? (
            <ol className="deploy-timeline">
              {history.map((entry) => (
                <li key={`${entry.at}-${entry.title}`}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  <span>{entry.title}</span>
                  <span className="muted">
                    from {entry.source}
                    {entry.actor ? ` · ${entry.actor}` : ""}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="empty-inline">Never changed: the built-in defaults are in force.</p>
          )}
        </section>
      </div>
    </>
  );
}
