import type { Metadata } from "next";
import Link from "next/link";
import { BlockKitView } from "@/app/components/block-kit-view.tsx";
import { EmptyState } from "@/app/components/empty-state.tsx";
import { listOutbox } from "@/server/notifications/list-outbox.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Notifications" };

const KIND_LABEL: Record<string, string> = {
  approval_request: "Approval request",
  approval_update: "Approval message update",
  deploy_outcome: "Deploy outcome",
  deploy_announcement: "Break-glass announcement",
  approval_email: "Approval request by e-mail",
  invitation: "Invitation",
  new_caller: "New caller",
  digest: "Daily digest",
};

/** The outbox: every message Plumbline sends (or, without Slack, would send), as Slack shows it, with its delivery status. */
export default async function NotificationsPage() {
  const organization = await getRequestOrganization();
  const entries = await listOutbox(organization.id, { limit: 50 });
  const slack = isSlackConfigured();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Notifications</h1>
          <p className="subtitle">
            {slack
              ? "Messages to Slack, newest first: what each says now and how its delivery went."
              : "Slack is not connected, so messages land here instead: newest first, rendered as Slack would show them. Approvals happen on the deploy page."}{" "}
            <Link href="/account/notifications">How Plumbline reaches you…</Link>
          </p>
        </div>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="No notifications yet">Approval requests appear here when the deploy gate asks a team to approve.</EmptyState>
      ) : (
        <ol className="link-list" aria-label="Outbox">
          {entries.map((entry) => (
            <li key={entry.id} className="card" data-testid="outbox-entry">
              <div className="card-body section">
                <p className="muted">
                  <strong>{KIND_LABEL[entry.kind] ?? entry.kind}</strong> · to <span className="mono">{entry.target}</span>
                  {entry.channel === "inapp" ? "" : ` via ${entry.channel}`} ·{" "}
                  <span className="badge">{entry.channel === "inapp" ? "in app" : entry.status}</span>
                  {entry.attempts > 0 ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? "" : "s"}` : ""} · <time dateTime={entry.createdAt}>{entry.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
                  {entry.deployRequestId ? (
                    <>
                      {" "}
                      · <Link href={`/deploys/${entry.deployRequestId}`}>deploy request</Link>
                    </>
                  ) : null}
                </p>
                {entry.lastError ? <p className="callout callout-error">Last error: {entry.lastError}</p> : null}
                {entry.message ? <BlockKitView message={entry.message} decideHref={slack || !entry.deployRequestId ? null : `/deploys/${entry.deployRequestId}`} /> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
