import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import type { TBlock, TSlackMessage, TTextObject } from "@/domain/notifications/block-kit.ts";
import { parseMrkdwn } from "@/domain/notifications/parse-mrkdwn.ts";
import styles from "./block-kit-view.module.css";

/**
 * A Slack Block Kit message rendered as HTML: the in-app outbox shows exactly what Slack
 * would. Buttons are shown but inert; deciding happens on the deploy page (`decideHref`).
 */
export function BlockKitView({ message, decideHref }: { message: TSlackMessage; decideHref: string | null }) {
  return (
    <div className={styles.message} role="group" aria-label={message.text} data-testid="block-kit-message">
      {message.blocks.map((block, index) => (
        <BlockView key={index} block={block} decideHref={decideHref} />
      ))}
    </div>
  );
}

function BlockView({ block, decideHref }: { block: TBlock; decideHref: string | null }) {
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
      return (
        <div className={styles.actions}>
          {block.elements.map((element) => (
            <button key={element.action_id} type="button" disabled className={`${styles.button} ${element.style ? styles[element.style] : ""}`}>
              {element.text.text}
            </button>
          ))}
          {decideHref ? (
            <span className={styles.hint}>
              Slack is not connected: <Link href={decideHref}>decide on the deploy page</Link>.
            </span>
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
