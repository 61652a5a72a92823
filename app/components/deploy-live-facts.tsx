import type { ReactNode } from "react";
import type { TSloStatus } from "@/server/catalog/catalog.schemas.ts";
import type { TDeployFactSnapshotDto, TDeployLiveCauseDto } from "@/server/gate/gate.schemas.ts";
import { formatBudget, formatBurnRate, formatShare } from "./deploy-format.ts";
import { formatRequestRate } from "./format.ts";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import styles from "./deploy-live-facts.module.css";

type TField = TDeployLiveCauseDto["changed"][number];

const ROWS: { field: TField; label: string; show: (facts: TDeployFactSnapshotDto) => ReactNode }[] = [
  {
    field: "status",
    label: "SLO status",
    show: (facts) => (
      <>
        <SloStatusBadge status={(facts.status as TSloStatus | null) ?? null} />
        {facts.isOutOfSlo ? " out of SLO" : ""}
        {facts.stale ? " (stale)" : ""}
      </>
    ),
  },
  { field: "budget", label: "Budget left", show: (facts) => formatBudget(facts.budgetRemaining) },
  { field: "burn", label: "Burn rate (1 h)", show: (facts) => formatBurnRate(facts.burnRate1h) },
  {
    field: "traffic",
    label: "Traffic share",
    show: (facts) => (facts.trafficShare === null && facts.requestRate === null ? "not measured" : `${formatShare(facts.trafficShare)} (${formatRequestRate(facts.requestRate)})`),
  },
];

/**
 * One cause of an approval, decided on live facts: what the gate saw when CI asked and
 * what holds now, side by side, each differing fact marked, with a verdict such as
 * "recovered since the request".
 */
export function CauseLiveFacts({ cause }: { cause: TDeployLiveCauseDto }) {
  const verdictClass = cause.verdict === "unchanged" ? "" : styles[cause.verdict];
  const note = (
    <span className={`${styles.note} ${verdictClass ?? ""}`} data-testid="cause-verdict">
      {cause.note}
    </span>
  );
  if (cause.requested === null) return <p className={styles.hint}>{note}</p>;
  const rows = ROWS.filter((row) => row.field !== "traffic" || cause.requested?.trafficShare !== null || cause.now?.trafficShare !== null || cause.requested?.requestRate !== null);
  return (
    <>
      <p className={styles.hint}>Now vs. when CI asked {note}</p>
      <table className={styles.facts} aria-label={`Facts for ${cause.serviceSlug}: at the request and now`}>
        <thead>
          <tr>
            <th scope="col">{cause.serviceSlug}</th>
            <th scope="col">At the request</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const differs = cause.changed.includes(row.field);
            return (
              <tr key={row.field} className={differs ? styles.differs : undefined} data-differs={differs || undefined}>
                <th scope="row">{row.label}</th>
                <td>{cause.requested ? row.show(cause.requested) : "—"}</td>
                <td>
                  {cause.now ? row.show(cause.now) : "no longer measured"}
                  {differs ? <span className={styles.mark}>changed</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** Under the causes: what the gate would do now that they cleared (the policy's approveWhenCleared). */
export function ClearedHint({ causes, approveWhenCleared }: { causes: TDeployLiveCauseDto[]; approveWhenCleared: boolean | null }) {
  if (causes.length === 0 || !causes.every((cause) => cause.cleared)) return null;
  return (
    <p className={styles.hint} role="note">
      Every cause of this approval has cleared.{" "}
      {approveWhenCleared
        ? "The policy approves cleared requests by itself (approveWhenCleared): the gate approves it at its next evaluation."
        : "The policy leaves the decision to you (approveWhenCleared is off)."}
    </p>
  );
}
