import { describeActor, type TActor } from "@/server/identity/actor.ts";
import type { TReportChannel } from "./incidents.repository.ts";

/** Who reported (or edited) an incident, and through which door: the web, the API, Slack, Alertmanager, Plumbline itself. */
export interface TReporter {
  via: TReportChannel;
  /** For people: a member's name and email, an API token's name, "Alertmanager", a Slack user. */
  name: string | null;
  /** The catalog person, when known. */
  personId: string | null;
  /** The history entries' source when not the channel's (the demo's seeded reports: "demo"). */
  eventSource?: "demo";
}

export function reporterFromActor(actor: TActor, via: TReportChannel): TReporter {
  return { via, name: describeActor(actor), personId: actor.kind === "user" ? actor.personId : null };
}

/** The history entries' source for a reporter (change events know ui, api, demo…). */
export function eventSourceOf(reporter: TReporter): "ui" | "api" | "demo" {
  if (reporter.eventSource) return reporter.eventSource;
  return reporter.via === "web" || reporter.via === "slack" ? "ui" : "api";
}

export const CHANNEL_LABELS: Record<TReportChannel, string> = {
  web: "the web",
  api: "the API",
  slack: "Slack",
  alertmanager: "Alertmanager",
  system: "Plumbline",
};
