import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { reportIncidentModal } from "@/integrations/slack/listeners/views/report-incident-modal.ts";

type TArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Report a near miss" on any message: the modal opens with the message's first line as the
 * sentence; on submit the message becomes the first timeline entry, linked by its permalink.
 */
export async function reportNearMissShortcut({ ack, shortcut, client, logger }: TArgs): Promise<void> {
  await ack();
  const channel = shortcut.channel.id;
  const ts = shortcut.message.ts;
  const [permalink, author] = await Promise.all([
    client.chat
      .getPermalink({ channel, message_ts: ts })
      .then((answer) => answer.permalink ?? null)
      .catch((error: unknown) => {
        logger.warn(`slack: no permalink for the reported message: ${String(error)}`);
        return null;
      }),
    shortcut.message.user
      ? client.users
          .info({ user: shortcut.message.user })
          .then((answer) => answer.user?.real_name || answer.user?.name || null)
          .catch(() => null)
      : Promise.resolve(null),
  ]);
  const text = shortcut.message.text ?? "";
  const firstLine = text.split("\n").find((line) => line.trim().length > 0)?.trim() ?? "";
  await client.views.open({
    trigger_id: shortcut.trigger_id,
    view: reportIncidentModal({ kind: "near_miss", service: null, title: firstLine.slice(0, 200), metadata: { channel, message: { text, author, permalink, ts } } }),
  });
}
