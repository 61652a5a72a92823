import { presentSloStatus, SLO_STATUS_WORDS, type TSloStatusWord } from "@/domain/slo/slo-status-vocabulary.ts";
import { escapeMrkdwn } from "./block-kit.ts";

/** An SLO status in Slack and e-mail: the vocabulary's emoji and label ("🟠 At risk"); an unknown value is shown as written. */
export function slackStatus(status: string): string {
  if (!(SLO_STATUS_WORDS as readonly string[]).includes(status)) return escapeMrkdwn(status.replaceAll("_", " "));
  const presentation = presentSloStatus(status as TSloStatusWord);
  return `${presentation.emoji} ${presentation.label}`;
}
