import { readIncidentKind, type TIncidentKind } from "./incident-kinds.ts";

/** What `/plumbline incident …` or `/plumbline near-miss …` asked for: the modal's pre-filled fields. */
export interface TReportCommand {
  kind: TIncidentKind;
  /** The first word after the subcommand (and optional severity): a service slug, checked on submit. */
  service: string | null;
  /** The rest: what happened. May be empty; the modal asks for it. */
  title: string;
}

/**
 * Reads the report subcommands of `/plumbline`:
 *
 *   /plumbline incident <service> <what happened>        → SEV3 (the modal lets the reporter change it)
 *   /plumbline incident sev1 <service> <what happened>   → SEV1 (sev1..3, p1..3, "SEV-2")
 *   /plumbline near-miss <service> <what happened>       → near miss ("near miss", "nearmiss" too)
 *
 * null: not a report subcommand (`/plumbline <service>` is the status card).
 */
export function parseReportCommand(text: string): TReportCommand | null {
  const words = text.trim().split(/\s+/).filter((word) => word.length > 0);
  const [first = "", second = ""] = words;
  let kind: TIncidentKind;
  let rest: string[];
  if (/^near[-_]?miss$/i.test(first)) {
    kind = "near_miss";
    rest = words.slice(1);
  } else if (first.toLowerCase() === "near" && second.toLowerCase() === "miss") {
    kind = "near_miss";
    rest = words.slice(2);
  } else if (first.toLowerCase() === "incident") {
    // Only sev/p words are severities: a bare "2" could be a service's slug.
    const severity = /^(sev|p)/i.test(second) ? readIncidentKind(second) : null;
    kind = severity !== null && severity !== "near_miss" ? severity : "SEV3";
    rest = words.slice(severity !== null && severity !== "near_miss" ? 2 : 1);
  } else {
    return null;
  }
  const [service = null, ...what] = rest;
  return { kind, service: service === null ? null : service.toLowerCase().replace(/^#/, ""), title: what.join(" ") };
}
