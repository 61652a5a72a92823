import type { Metadata } from "next";
import { RelativeTime } from "@/app/components/relative-time.tsx";
import { formatDurationMs } from "@/domain/time/duration.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { isOrganizationAdmin } from "@/server/identity/is-organization-admin.ts";
import { getSystemStatus, type TSourceStatusDto } from "@/server/system/get-system-status.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "System · Settings" };

const STATE_WORDS = { running: "running", silent: "silent (no heartbeat)", stopped: "stopped" } as const;

/** Admins: every worker process, what each source did last, and who watches each of the organization's clusters. */
export default async function SystemPage() {
  const { organization, actor } = await getRequestContext();
  const header = (
    <div className="page-header">
      <div>
        <h1>System</h1>
        <p className="subtitle">
          Plumbline&apos;s worker processes: their last cycle, lag and failures per source, and which process watches each of {organization.name}&apos;s clusters (one at
          a time; another takes over within 30 s when it dies).
        </p>
      </div>
    </div>
  );
  if (!isOrganizationAdmin(actor)) {
    return (
      <>
        {header}
        <p className="callout page-callout" role="status">
          Only organization admins can see the system status.
        </p>
      </>
    );
  }
  const now = new Date();
  const status = await getSystemStatus(organization.id, actor, now);
  return (
    <>
      {header}
      <section className="section" aria-labelledby="system-clusters-heading">
        <h2 id="system-clusters-heading">
          Cluster watchers <span className="count">{status.clusters.length}</span>
        </h2>
        {status.clusters.length === 0 ? (
          <p className="muted">No cluster is being watched for this organization.</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="Cluster watchers" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th>Cluster</th>
                  <th>Watched by</th>
                  <th>Since</th>
                </tr>
              </thead>
              <tbody>
                {status.clusters.map((lease) => (
                  <tr key={lease.cluster} data-cluster={lease.cluster}>
                    <td className="primary">{lease.cluster}</td>
                    <td>
                      {`${lease.holder.hostname} · pid ${lease.holder.pid}`}
                      {lease.expired ? <span className="badge"> lease expired: moving to another worker</span> : null}
                    </td>
                    <td>
                      <RelativeTime iso={lease.since} now={now.getTime()} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="system-workers-heading">
        <h2 id="system-workers-heading">
          Worker processes <span className="count">{status.workers.length}</span>
        </h2>
        {status.workers.length === 0 ? <p className="muted">No worker process has reported in the last hour. Start one with <code>npm start -- --role=workers</code>.</p> : null}
        {status.workers.map((worker) => (
          <div key={worker.id} className="card section" data-worker={worker.id}>
            <h3>
              {`${worker.hostname} · pid ${worker.pid}`} <span className="badge">{STATE_WORDS[worker.state]}</span>
            </h3>
            <p className="muted">
              started <RelativeTime iso={worker.startedAt} now={now.getTime()} />, last heartbeat <RelativeTime iso={worker.lastSeenAt} now={now.getTime()} />
            </p>
            <SourceTable sources={worker.sources} now={now.getTime()} worker={`${worker.hostname} · pid ${worker.pid}`} />
          </div>
        ))}
      </section>
    </>
  );
}

function SourceTable({ sources, now, worker }: { sources: TSourceStatusDto[]; now: number; worker: string }) {
  if (sources.length === 0) return <p className="muted">No cycle yet.</p>;
  return (
    <div className="table-wrap" role="region" aria-label={`Sources of ${worker}`} tabIndex={0}>
      <table className="data">
        <thead>
          <tr>
            <th>Source</th>
            <th>Last cycle</th>
            <th>Took</th>
            <th>Lag</th>
            <th>Cycles</th>
            <th>Failures</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.source} data-source={source.source}>
              <td className="primary">
                <code>{source.source}</code>
                {source.everyMs === null ? null : <span className="muted">{` every ${formatDurationMs(source.everyMs)}`}</span>}
              </td>
              <td>{source.lastCycleAt === null ? "never" : <RelativeTime iso={source.lastCycleAt} now={now} />}</td>
              <td>{source.lastDurationMs === null ? "–" : `${source.lastDurationMs} ms`}</td>
              <td>{source.lagMs === 0 ? "none" : formatDurationMs(source.lagMs)}</td>
              <td>{source.cycles}</td>
              <td>{source.failures}</td>
              <td>
                {source.lastError === null ? (
                  "–"
                ) : (
                  <>
                    <span title={source.lastError}>{source.lastError}</span>
                    {source.lastErrorAt === null ? null : (
                      <span className="muted">
                        {" "}
                        (<RelativeTime iso={source.lastErrorAt} now={now} />)
                      </span>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
