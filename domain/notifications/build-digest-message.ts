import { escapeMrkdwn, mrkdwnLink, type TBlock, type TSlackMessage } from "./block-kit.ts";

export interface TDigestEntry {
  title: string;
  occurredAt: Date;
  service: { slug: string; name: string } | null;
  deployRequestId: string | null;
}

/** The daily digest of what happened to the services a member follows, grouped by service, newest first. */
export function buildDigestMessage(input: { baseUrl: string; organizationName: string; day: string; entries: readonly TDigestEntry[]; limitPerService?: number }): TSlackMessage {
  const limit = input.limitPerService ?? 10;
  const byService = new Map<string, { name: string; entries: TDigestEntry[] }>();
  for (const entry of input.entries) {
    const key = entry.service?.slug ?? "";
    const group = byService.get(key) ?? { name: entry.service?.name ?? "Other", entries: [] };
    group.entries.push(entry);
    byService.set(key, group);
  }
  const blocks: TBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Your Plumbline digest for ${input.day}` } },
    { type: "context", elements: [{ type: "mrkdwn", text: `${input.entries.length} change${input.entries.length === 1 ? "" : "s"} to what you follow in ${escapeMrkdwn(input.organizationName)}. ${mrkdwnLink(`${input.baseUrl}/feed`, "Open your feed")}` }] },
  ];
  for (const [slug, group] of byService) {
    const lines = group.entries.slice(0, limit).map((entry) => {
      const time = entry.occurredAt.toISOString().slice(11, 16);
      const text = entry.deployRequestId ? mrkdwnLink(`${input.baseUrl}/deploys/${encodeURIComponent(entry.deployRequestId)}`, entry.title) : escapeMrkdwn(entry.title);
      return `${time} ${text}`;
    });
    const more = group.entries.length > limit ? `\n…and ${group.entries.length - limit} more` : "";
    const heading = slug ? mrkdwnLink(`${input.baseUrl}/services/${encodeURIComponent(slug)}`, group.name) : escapeMrkdwn(group.name);
    blocks.push({ type: "divider" }, { type: "section", text: { type: "mrkdwn", text: `*${heading}*\n${lines.join("\n")}${more}` } });
  }
  return { text: `Your Plumbline digest for ${input.day}: ${input.entries.length} change${input.entries.length === 1 ? "" : "s"}`, blocks };
}
