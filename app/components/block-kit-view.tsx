import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import type { TBlock, TSlackMessage, TTextObject } from "@/domain/notifications/block-kit.ts";
import { parseMrkdwn } from "@/domain/notifications/parse-mrkdwn.ts";
import styles from "./block-kit-view.module.css";

/**
 * A Slack Block Kit message rendered as HTML: the in-app outbox shows exactly what Slack
 * would. Its buttons never pretend: `decide` (the same decision as the deploy page, for
 * someone who may make it) takes their place, else they are a plain link to the deploy
 * page (`decideHref`), else they are not shown.
 */
export function BlockKitView({ message, decideHref, decide = null }: { message: TSlackMessage; decideHref: string | null; decide?: ReactNode }) {
  return (
    <div className={styles.message} role="group" aria-label={message.text} data-testid="block-kit-message">
      {message.blocks.map((block, index) => (
        <BlockView key={index} block={block} decideHref={decideHref} decide={decide} />
      ))}
    </div>
  );
}

function BlockView({ block, decideHref, decide }: { block: TBlock; decideHref: string | null; decide: ReactNode }) {
  switch (block.type) {
    case "header":
      return <h3 className={styles.header}>{block.text.text}</h3>;
    case "section":
      return (
        <div className={styles.section}>
          <TextView text={block.text} />
          {block.fields?.length ? (
            <div className={styles.fields}>
              {block.fields.map((field, index) => (
                <div key={index}>
                  <TextView text={field} />
                </div>
              ))}
            </div>
          ) : null}
        </div>
      );
    case "context":
      return (
        <div className={styles.context}>
          {block.elements.map((element, index) => (
            <TextView key={index} text={element} />
          ))}
        </div>
      );
    case "divider":
      return <hr className={styles.divider} />;
    case "actions":
      if (!decide && !decideHref) return null;
      return (
        <div className={styles.actions}>
          {decide}
          {decideHref ? (
            <Link href={decideHref} className={styles.hint}>
              {decide ? "or decide on the deploy page" : "Approve or reject on the deploy page"}
            </Link>
          ) : null}
        </div>
      );
  }
}

function TextView({ text }: { text: TTextObject }): ReactNode {
  if (text.type === "plain_text") return text.text;
  return parseMrkdwn(text.text).map((segment, index) => {
    switch (segment.kind) {
      case "bold":
        return <strong key={index}>{segment.text}</strong>;
      case "italic":
        return <em key={index}>{segment.text}</em>;
      case "code":
        return (
          <code key={index} className={styles.code}>
            {segment.text}
          </code>
        );
      case "link":
        return (
          <a key={index} href={segment.url}>
            {segment.text}
          </a>
        );
      case "newline":
        return <br key={index} />;
      default:
        return <Fragment key={index}>{segment.text}</Fragment>;
    }
  });
}
