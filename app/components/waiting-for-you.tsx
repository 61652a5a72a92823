import Link from "next/link";
import type { TWaitingForPerson } from "@/server/gate/get-waiting-for-person.ts";
import type { TDecideAction } from "./deploy-approval-form.tsx";
import { formatUntil } from "./deploy-format.ts";
import { QuickDecisionForm } from "./quick-decision-form.tsx";
import styles from "./waiting-for-you.module.css";

/**
 * "Waiting for you": the pending deploy requests the signed-in person may decide, each
 * with Approve / Reject per team they decide for and a link to the facts on the deploy
 * page. Shown at the top of the home and team pages; nothing when nothing waits.
 */
export function WaitingForYou({ waiting, action, moreHref = "/deploys?for=me" }: { waiting: TWaitingForPerson; action: TDecideAction; moreHref?: string }) {
  if (waiting.items.length === 0) return null;
  return (
    <section className={`card section ${styles.section}`} aria-labelledby="waiting-heading" data-testid="waiting-for-you">
      <div className="card-body">
        <div className="section-header">
          <h2 id="waiting-heading">
            Waiting for you <span className="count">{waiting.count}</span>
          </h2>
          <Link href={moreHref}>All deploys waiting for you</Link>
        </div>
      </div>
      <ul className={styles.list}>
        {waiting.items.map(({ request, teams }) => (
          <li key={request.id} className={styles.item} data-deploy-request={request.id}>
            <div className={styles.what}>
              <Link className="primary" href={`/deploys/${request.id}`}>
                {request.service.slug} <span className="deploy-version">{request.version}</span> → {request.environment}
              </Link>
              <span className={styles.summary}>
                Requested by {request.requestedBy ?? "CI"} · for {teams.map((team) => team.name).join(", ")} · expires {formatUntil(request.expiresAt)}
              </span>
              <span className={styles.summary}>{request.summary}</span>
            </div>
            {teams.map((team) => (
              <QuickDecisionForm key={team.slug} deployRequestId={request.id} team={team.slug} teamName={team.name} action={action} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
