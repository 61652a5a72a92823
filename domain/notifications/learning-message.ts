import { escapeMrkdwn, mrkdwnLink, type TSlackMessage } from "./block-kit.ts";

export interface TLearningToAnnounce {
  incidentId: string;
  /** "SEV1" … "Near miss". */
  kindLabel: string;
  title: string;
  learning: string;
  author: string | null;
  ownerTeamName: string | null;
  services: readonly { slug: string; name: string }[];
}

/**
 * The learnings channel's post when a learning is first published: the learning itself
 * first (the one sentence is the point), then what it came from and where to read more.
 */
export function buildLearningMessage(input: { baseUrl: string; learning: TLearningToAnnounce }): TSlackMessage {
  const { baseUrl, learning } = input;
  const incidentUrl = `${baseUrl}/incidents/${encodeURIComponent(learning.incidentId)}`;
  const services = learning.services.map((service) => mrkdwnLink(`${baseUrl}/services/${encodeURIComponent(service.slug)}`, service.name)).join(", ");
  const from = [`${escapeMrkdwn(learning.kindLabel)}: ${mrkdwnLink(incidentUrl, learning.title)}`, services ? `on ${services}` : null, learning.ownerTeamName ? `owned by ${escapeMrkdwn(learning.ownerTeamName)}` : null]
    .filter((part): part is string => part !== null)
    .join(" · ");
  return {
    text: `Learning: ${learning.learning}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*What we learned:* ${escapeMrkdwn(learning.learning)}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: from }] },
      { type: "context", elements: [{ type: "mrkdwn", text: `${learning.author ? `Written by ${escapeMrkdwn(learning.author)} · ` : ""}${mrkdwnLink(`${baseUrl}/learnings`, "Every learning")}` }] },
    ],
  };
}
