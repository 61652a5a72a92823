import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { INCIDENT_KIND_LABELS, isIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import { reportIncidentFromSlack } from "@/server/notifications/report-incident-from-slack.ts";
import { emailLookupFor } from "@/integrations/slack/listeners/reply.ts";
import {
  REPORT_KIND_ACTION_ID,
  REPORT_KIND_BLOCK_ID,
  REPORT_SERVICES_ACTION_ID,
  REPORT_SERVICES_BLOCK_ID,
  REPORT_TITLE_ACTION_ID,
  REPORT_TITLE_BLOCK_ID,
} from "./report-incident-modal.ts";

type TArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const ZMetadata = z.object({
  channel: z.string().nullable(),
  message: z.object({ text: z.string(), author: z.string().nullable(), permalink: z.string().nullable(), ts: z.string() }).nullable(),
});

const BLOCK_OF_FIELD = { title: REPORT_TITLE_BLOCK_ID, services: REPORT_SERVICES_BLOCK_ID, kind: REPORT_KIND_BLOCK_ID } as const;

/**
 * The report modal's submit: files the report (the same operation as the web and the API)
 * before acknowledging, so a problem the reporter can fix (an unknown service, an empty
 * sentence) shows on its field in the modal; then the reporter alone is told where it is.
 */
export async function reportIncidentSubmitted({ ack, body, view, client, logger }: TArgs): Promise<void> {
  const values = view.state.values;
  const title = values[REPORT_TITLE_BLOCK_ID]?.[REPORT_TITLE_ACTION_ID]?.value?.trim() ?? "";
  const kind = values[REPORT_KIND_BLOCK_ID]?.[REPORT_KIND_ACTION_ID]?.selected_option?.value;
  const services = (values[REPORT_SERVICES_BLOCK_ID]?.[REPORT_SERVICES_ACTION_ID]?.value ?? "")
    .split(/[\s,]+/)
    .map((slug) => slug.trim().toLowerCase().replace(/^#/, ""))
    .filter((slug) => slug.length > 0);
  const metadata = ZMetadata.safeParse(safeJson(view.private_metadata));
  const context = metadata.success ? metadata.data : { channel: null, message: null };
  const message = context.message ? { text: context.message.text, author: context.message.author, permalink: context.message.permalink, at: slackTsToDate(context.message.ts) } : null;

  const result = await reportIncidentFromSlack(
    { slackTeamId: body.team?.id ?? body.user.team_id, slackUserId: body.user.id, viewId: view.id, input: { title, services, ...(kind && isIncidentKind(kind) ? { kind } : {}) }, message },
    emailLookupFor(client),
  );
  if (result.kind === "invalid") {
    await ack({ response_action: "errors", errors: { [BLOCK_OF_FIELD[result.field]]: result.message.slice(0, 300) } });
    return;
  }
  await ack();
  const text =
    result.kind === "refused"
      ? result.text
      : `${result.created ? "Reported" : "Already reported"}: ${INCIDENT_KIND_LABELS[result.incident.kind]} "${result.incident.title}". <${result.url}|Open it> to add services, a timeline or what you learned.`;
  if (context.channel) {
    await client.chat.postEphemeral({ channel: context.channel, user: body.user.id, text }).catch((error: unknown) => logger.warn(`slack: could not post an ephemeral answer: ${String(error)}`));
  }
}

/** Slack's message ts is seconds since the epoch with a sequence after the dot. */
function slackTsToDate(ts: string): Date {
  const seconds = Number.parseFloat(ts);
  return Number.isFinite(seconds) ? new Date(Math.floor(seconds * 1000)) : new Date();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
