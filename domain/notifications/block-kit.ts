/**
 * The subset of Slack's Block Kit that Plumbline's messages use, typed here so the pure
 * builders and the in-app renderer (app/components/block-kit-view.tsx) share one shape
 * without importing Slack's SDK into domain/.
 */
export interface TTextObject {
  type: "mrkdwn" | "plain_text";
  text: string;
}

export interface TButtonElement {
  type: "button";
  action_id: string;
  text: { type: "plain_text"; text: string };
  value?: string;
  url?: string;
  style?: "primary" | "danger";
}

export type TBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; block_id?: string; text: TTextObject; fields?: TTextObject[] }
  | { type: "context"; elements: TTextObject[] }
  | { type: "actions"; block_id: string; elements: TButtonElement[] }
  | { type: "divider" };

export interface TSlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: TBlock[];
}

/** Slack mrkdwn needs &, < and > escaped in user-supplied text. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** `<url|label>`: a link in mrkdwn. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replaceAll("|", "¦")}>`;
}
