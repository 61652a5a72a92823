import type { TWorkerDefinition } from "./worker-definition.ts";
import { sloWorker } from "@/workers/slo/slo-worker.ts";
import { meshWorker } from "@/workers/mesh/mesh-worker.ts";
import { kubernetesDiscoveryWorker } from "@/workers/kubernetes/kubernetes-discovery-worker.ts";
import { approvalsWorker } from "@/workers/approvals/approvals-worker.ts";
import { notificationsWorker } from "@/workers/notifications/notifications-worker.ts";
import { slackSocketModeWorker } from "@/workers/slack/slack-socket-mode-worker.ts";
import { githubCallbacksWorker } from "@/workers/github/github-callbacks-worker.ts";
import { emailWorker } from "@/workers/email/email-worker.ts";
import { nearMissDraftsWorker } from "@/workers/incidents/near-miss-drafts-worker.ts";
import { embeddedMaintenanceWorker } from "@/workers/embedded-database/embedded-maintenance-worker.ts";

/** Every worker Plumbline runs, in start order. Add one line per worker. */
export const WORKERS: TWorkerDefinition[] = [
  sloWorker, // SLO evaluation every minute, snapshot downsampling (workers/slo)
  meshWorker, // mesh telemetry every 15 s from Prometheus or the demo simulator (workers/mesh)
  kubernetesDiscoveryWorker, // watches clusters (or the demo cluster) into workloads, services and history (workers/kubernetes)
  approvalsWorker, // deploy-request approval expiry every 15 s (workers/approvals)
  notificationsWorker, // the Slack outbox: one pg-boss job per message, when Slack is configured (workers/notifications)
  githubCallbacksWorker, // answers GitHub deployment protection rules: one pg-boss job per callback (workers/github)
  nearMissDraftsWorker, // near-miss drafts from break-glass deploys, approvals while breached, SLOs worse after deploys, every 15 s (workers/incidents)
  slackSocketModeWorker, // Slack clicks and commands over Socket Mode when SLACK_APP_TOKEN is set (workers/slack)
  emailWorker, // the e-mail outbox: approvals, invitations, new callers, digests; one pg-boss job per message (workers/email)
  embeddedMaintenanceWorker, // embedded database only: VACUUM/ANALYZE past autovacuum's thresholds every 5 min (workers/embedded-database)
];
