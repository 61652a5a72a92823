import type { Metadata } from "next";
import Link from "next/link";
import { BlockKitView } from "@/app/components/block-kit-view.tsx";
import { formatDateTime } from "@/app/components/format.ts";
import { RelativeTime } from "@/app/components/relative-time.tsx";
import { EmptyState } from "@/app/components/empty-state.tsx";
import { decodeOutboxCursor, listOutbox, outboxCursorAfter } from "@/server/notifications/list-outbox.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { QuickDecisionForm } from "@/app/components/quick-decision-form.tsx";
import { findDecidableTeams } from "@/server/gate/get-waiting-for-person.ts";
import { decideApprovalAction } from "@/app/deploys/[id]/actions.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Notifications" };

/**
 * Entries per page. Each renders its whole Slack message: 50 made a 315 KB page whose render
 * held the event loop 60-70 ms of main-thread CPU at a time (memory soak, 10,000 services).
 */
const PAGE_SIZE = 20;

const KIND_LABEL: Record<string, string> = {
  approval_request: "Approval request",
  approval_update: "Approval message update",
  deploy_outcome: "Deploy outcome",
  deploy_announcement: "Break-glass announcement",
  deploy_notification: "Notify-only notice",
  approval_email: "Approval request by e-mail",
  approval_email_outcome: "Outcome of an e-mailed approval request",
  invitation: "Invitation",
  new_caller: "New caller",
  digest: "Daily digest",
};

/** The outbox: every message Plumbline sends (or, without Slack, would send), as Slack shows it, with its delivery status. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { organization, actor } = await getRequestContext();
  // The kind filter lives in the URL (a link per kind): shareable, and Back undoes it.
  const { kind: rawKind, before: rawBefore } = await searchParams;
  const kind = typeof rawKind === "string" && Object.hasOwn(KIND_LABEL, rawKind) ? rawKind : undefined;
  // A page after the first: the entries older than the previous page's last one (also in the URL, so Back returns to it).
  const before = typeof rawBefore === "string" && decodeOutboxCursor(rawBefore) ? rawBefore : undefined;
  const [page, decidable] = await Promise.all([
    // One more than shown: whether there is an older page.
    listOutbox(organization.id, { limit: PAGE_SIZE + 1, ...(kind ? { kind } : {}), ...(before ? { before } : {}) }),
    findDecidableTeams(organization.id, actor.personId),
  ]);
  const entries = page.slice(0, PAGE_SIZE);
  const lastShown = entries.at(-1);
  const older = page.length > PAGE_SIZE && lastShown ? outboxCursorAfter(lastShown) : null;
  const pageHref = (cursor: string | null) => {
    const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(cursor ? { before: cursor } : {}) }).toString();
    return query ? `/notifications?${query}` : "/notifications";
  };
  const mayDecide = new Set(decidable.map((team) => team.slug));
  const slack = isSlackConfigured();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Notifications</h1>
          <p className="subtitle">
            {slack
              ? "Messages to Slack, newest first: what each says now and how its delivery went."
              : "Slack is not connected, so messages land here instead: newest first, rendered as Slack would show them. Decide here or on the deploy page."}{" "}
            <Link href="/account/notifications">How Plumbline reaches you…</Link>
          </p>
        </div>
      </div>
      <nav className="filter-links" aria-label="Filter notifications by kind">
        <Link href="/notifications" aria-current={kind === undefined ? "page" : undefined}>
          All
        </Link>
        {Object.entries(KIND_LABEL).map(([value, label]) => (
          <Link key={value} href={`/notifications?kind=${value}`} aria-current={kind === value ? "page" : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {entries.length === 0 && kind ? (
        <EmptyState title={`No ${KIND_LABEL[kind]?.toLowerCase() ?? kind} messages`}>
          <Link href="/notifications">Show every notification</Link>
        </EmptyState>
      ) : entries.length === 0 ? (
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
                  {entry.attempts > 0 ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? "" : "s"}` : ""} ·{" "}
                  <RelativeTime iso={entry.createdAt} />
                  <span className="visually-hidden"> ({formatDateTime(entry.createdAt)})</span>
                  {entry.deployRequestId ? (
                    <>
                      {" "}
                      · <Link href={`/deploys/${entry.deployRequestId}`}>deploy request</Link>
                    </>
                  ) : null}
                </p>
                {entry.lastError ? <p className="callout callout-error">Last error: {entry.lastError}</p> : null}
                {entry.message ? (
                  <BlockKitView
                    message={entry.message}
                    decideHref={entry.deployRequestId ? `/deploys/${entry.deployRequestId}` : null}
                    decide={
                      entry.openApproval && entry.deployRequestId && mayDecide.has(entry.openApproval.teamSlug) ? (
                        <QuickDecisionForm deployRequestId={entry.deployRequestId} team={entry.openApproval.teamSlug} teamName={entry.openApproval.teamName} action={decideApprovalAction} />
                      ) : null
                    }
                  />
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      {before || older ? (
        <nav className="pagination" aria-label="Pages of notifications">
          {before ? (
            <Link className="button" href={pageHref(null)}>
              Newest
            </Link>
          ) : null}
          {older ? (
            <Link className="button" href={pageHref(older)}>
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
