/** Annotation keys read from catalog entities; the plumbline.dev ones match the Kubernetes mapping in DESIGN.md. */
export const CATALOG_ANNOTATION = {
  service: "plumbline.dev/service",
  tier: "plumbline.dev/tier",
  repo: "plumbline.dev/repo",
  runbook: "plumbline.dev/runbook",
  slackChannel: "plumbline.dev/slack-channel",
  owners: "plumbline.dev/owners",
  /** On a Group: "true" also sends approval requests as DMs to the people who may decide. */
  slackDmApprovers: "plumbline.dev/slack-dm-approvers",
  backstageSourceLocation: "backstage.io/source-location",
  githubProjectSlug: "github.com/project-slug",
  slackChannelCommunity: "slack.com/channel",
  slackUserId: "slack.com/user-id",
} as const;

/** Field path of an annotation in problems, e.g. `metadata.annotations.plumbline.dev/tier`. */
export function annotationField(key: string): string {
  return `metadata.annotations.${key}`;
}
