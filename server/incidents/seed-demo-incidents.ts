import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TPostmortemSections, TPostmortemTemplate } from "@/domain/incidents/postmortem-templates.ts";
import { addTimelineEntry } from "./add-timeline-entry.ts";
import type { TReporter } from "./incident-reporter.ts";
import { findIncidentIdByDedupeKey, findServicesBySlugs } from "./incidents.repository.ts";
import { recordPostmortemRead } from "./incidents-postmortem.repository.ts";
import { addActionItem, setActionItemDoneState } from "./manage-action-items.ts";
import { reportIncident } from "./report-incident.ts";
import { savePostmortem } from "./save-postmortem.ts";
import { updateIncident } from "./update-incident.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface TDemoIncident {
  key: string;
  kind: TIncidentKind;
  title: string;
  services: string[];
  agoMs: number;
  reporter: string;
  /** Resolved this long after it started (SEVs); near misses are filed resolved. Absent: still open. */
  resolvedAfterMs?: number;
  timeline?: { afterMs: number; text: string; sourceUrl?: string }[];
  postmortem?: { template: TPostmortemTemplate; learning: string; sections?: TPostmortemSections; afterMs: number; reads: number };
  actionItems?: { title: string; service: string; ownerName: string; dueInDays: number; done?: boolean }[];
}

/** The example catalog's past: a few reports and learnings, so /incidents and /learnings are alive on first start. */
const DEMO_INCIDENTS: TDemoIncident[] = [
  {
    key: "payments-config-push",
    kind: "SEV2",
    title: "Checkout returned 502s for 14 minutes after a config push to payments",
    services: ["checkout", "payments"],
    agoMs: 9 * DAY,
    reporter: "Priya Raman (demo)",
    resolvedAfterMs: 40 * 60_000,
    timeline: [
      { afterMs: 3 * 60_000, text: "Checkout error rate page fired", sourceUrl: "https://grafana.acme.example/d/checkout" },
      { afterMs: 11 * 60_000, text: "payments config change rolled back" },
      { afterMs: 17 * 60_000, text: "Error rate back to normal" },
    ],
    postmortem: {
      template: "full",
      learning: "A config change needs the same canary as a code change.",
      sections: {
        whatHappened: "A connection-pool setting pushed straight to all payments replicas halved its capacity; checkout timed out waiting for payments.",
        wentWell: "The checkout page alert fired within three minutes and the rollback was one command.",
        wentWrong: "Config pushes skip the deploy gate, so nobody saw checkout's error budget was already low.",
        gotLucky: "It happened on a Tuesday morning, not during the Friday sale.",
      },
      afterMs: 2 * DAY,
      reads: 14,
    },
    actionItems: [
      { title: "Route payments config pushes through the deploy gate", service: "payments", ownerName: "Priya Raman", dueInDays: 5 },
      { title: "Alert on payments connection-pool saturation", service: "payments", ownerName: "Sam Okafor", dueInDays: -3, done: true },
    ],
  },
  {
    key: "ledger-migration-lock",
    kind: "near_miss",
    title: "A ledger migration almost locked the orders table at peak",
    services: ["ledger"],
    agoMs: 4 * DAY,
    reporter: "Sam Okafor (demo)",
    postmortem: { template: "one_sentence", learning: "Migrations need a lock timeout.", afterMs: 3 * HOUR, reads: 9 },
    actionItems: [{ title: "Set lock_timeout in the migration runner", service: "ledger", ownerName: "Sam Okafor", dueInDays: 2 }],
  },
  {
    key: "search-indexer-stall",
    kind: "SEV3",
    title: "Search results were stale for 40 minutes: the indexer stalled",
    services: ["search", "search-indexer"],
    agoMs: 2 * DAY,
    reporter: "Lena Fischer (demo)",
    resolvedAfterMs: 50 * 60_000,
    postmortem: {
      template: "short",
      learning: "The indexer needs a freshness alert, not only an error alert.",
      sections: { whatHappened: "The indexer's consumer stopped without an error; search kept serving the old index.", wentWrong: "Nothing alerted on freshness; a customer noticed first." },
      afterMs: 6 * HOUR,
      reads: 5,
    },
    actionItems: [{ title: "Alert when the search index is older than 10 minutes", service: "search-indexer", ownerName: "Lena Fischer", dueInDays: 7 }],
  },
  {
    key: "feature-flag-rollout",
    kind: "near_miss",
    title: "A feature flag was turned on for everyone instead of 5%",
    services: ["feature-flags", "web-frontend"],
    agoMs: 1 * DAY,
    reporter: "Jordan Lee (demo)",
  },
  {
    key: "recommendations-slow",
    kind: "SEV3",
    title: "Recommendations are slow on the home page",
    services: ["recommendations"],
    agoMs: 2 * HOUR,
    reporter: "Jordan Lee (demo)",
  },
];

/**
 * Seeds the demo's past incidents once (each has a dedupe key `demo:<key>`, so a second
 * start adds nothing), through the same operations people use. Services missing from the
 * catalog are skipped with the report.
 */
export async function seedDemoIncidents(organizationId: string, log: (line: string) => void, now: Date = new Date()): Promise<void> {
  let seeded = 0;
  for (const demo of DEMO_INCIDENTS) {
    const dedupeKey = `demo:${demo.key}`;
    if ((await findIncidentIdByDedupeKey(organizationId, dedupeKey)) !== null) continue;
    const services = (await findServicesBySlugs(organizationId, demo.services)).map((service) => service.slug);
    if (services.length === 0) continue;
    const reporter: TReporter = { via: "web", name: demo.reporter, personId: null, eventSource: "demo" };
    const startedAt = new Date(now.getTime() - demo.agoMs);
    const { incident } = await reportIncident(organizationId, { title: demo.title, kind: demo.kind, services: demo.services.filter((slug) => services.includes(slug)), startedAt: startedAt.toISOString() }, reporter, {
      now: startedAt,
      dedupeKey,
    });
    for (const entry of demo.timeline ?? []) {
      await addTimelineEntry(organizationId, incident.id, { text: entry.text, sourceUrl: entry.sourceUrl, at: new Date(startedAt.getTime() + entry.afterMs).toISOString() }, reporter, now);
    }
    if (demo.resolvedAfterMs !== undefined) await updateIncident(organizationId, incident.id, { status: "resolved" }, reporter, new Date(startedAt.getTime() + demo.resolvedAfterMs));
    if (demo.postmortem) {
      const publishedAt = new Date(startedAt.getTime() + demo.postmortem.afterMs);
      await savePostmortem(organizationId, incident.id, { template: demo.postmortem.template, learning: demo.postmortem.learning, sections: demo.postmortem.sections ?? {} }, reporter, publishedAt);
      for (let reader = 0; reader < demo.postmortem.reads; reader++) {
        // Readers spread over the days since publication, each once.
        const at = new Date(Math.min(now.getTime(), publishedAt.getTime() + ((reader * 7) % 48) * HOUR));
        await recordPostmortemRead(organizationId, incident.id, `demo:reader-${reader}`, at);
      }
    }
    for (const item of demo.actionItems ?? []) {
      if (!services.includes(item.service)) continue;
      const due = new Date(now.getTime() + item.dueInDays * DAY).toISOString().slice(0, 10);
      const created = await addActionItem(organizationId, incident.id, { title: item.title, service: item.service, ownerName: item.ownerName, dueOn: due }, now);
      if (item.done) await setActionItemDoneState(organizationId, incident.id, created.id, true, now);
    }
    seeded += 1;
  }
  if (seeded > 0) log(`incidents: ${seeded} past incidents and near misses with their learnings (demo)`);
}
