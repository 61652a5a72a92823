/**
 * Where an approval was given or refused, in words, the same on the deploy page, in the
 * service history and in Slack: the web form, Slack's buttons, an e-mail's signed link, the REST API, or the gate
 * itself (`gate`: a pending request re-evaluated and its causes cleared; `system`: decided
 * without a person, e.g. break-glass or a policy).
 */
export type TDecisionChannel = "web" | "slack" | "api" | "system" | "gate" | "email";

const PHRASES: Record<TDecisionChannel, string> = {
  web: "on the web",
  slack: "in Slack",
  api: "through the API",
  system: "by Plumbline",
  gate: "by the gate",
  email: "from an e-mail link",
};

export function isDecisionChannel(value: unknown): value is TDecisionChannel {
  return typeof value === "string" && Object.hasOwn(PHRASES, value);
}

/** "on the web", "in Slack", "through the API", "by the gate"; null for no or an unknown channel. */
export function decisionChannelPhrase(channel: unknown): string | null {
  return isDecisionChannel(channel) ? PHRASES[channel] : null;
}
