/**
 * The annotations that map a Kubernetes workload (or its namespace) to a catalog service.
 * The keys are the same ones the Backstage catalog import reads, so a team can use one
 * vocabulary in both places.
 */
export const PLUMBLINE_ANNOTATION = {
  service: "plumbline.dev/service",
  owner: "plumbline.dev/owner",
  slackChannel: "plumbline.dev/slack-channel",
  repo: "plumbline.dev/repo",
  runbook: "plumbline.dev/runbook",
  tier: "plumbline.dev/tier",
} as const;

/** The recommended Kubernetes label naming an application; the default service slug. */
export const APP_NAME_LABEL = "app.kubernetes.io/name";

/** Set by the deployment controller on a Deployment and its ReplicaSets; increments per pod-template change. */
export const DEPLOYMENT_REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
