import type { TBlock, TButtonElement, TSlackMessage, TTextObject } from "@/domain/notifications/block-kit.ts";
import { parseMrkdwn, type TMrkdwnSegment } from "@/domain/notifications/parse-mrkdwn.ts";

export interface TRenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TEmailRenderOptions {
  /**
   * Where a button leads in an e-mail: its own url, or for Slack's action buttons (approve,
   * reject) a signed link; null drops the button (an action e-mail cannot perform).
   */
  linkFor(button: TButtonElement): string | null;
  /** A last line saying why the reader got this (and where to change it). */
  footer: string;
}

/**
 * The same message Slack shows (Block Kit from domain/notifications), as an e-mail: one
 * model, so an approval reads the same in Slack, in-app and in a mailbox. Everything
 * taken from the message is escaped; only http(s) links become links (parseMrkdwn).
 */
export function renderEmail(message: TSlackMessage, options: TEmailRenderOptions): TRenderedEmail {
  const header = message.blocks.find((block) => block.type === "header");
  const subject = oneLine(header?.type === "header" ? header.text.text : message.text);
  const html: string[] = [];
  const text: string[] = [];
  for (const block of message.blocks) {
    renderBlock(block, options, html, text);
  }
  html.push(`<p style="${FOOTER_STYLE}">${escapeHtml(options.footer)}</p>`);
  text.push("", "--", options.footer);
  return {
    subject,
    text: `${text.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="${BODY_STYLE}"><div style="${CARD_STYLE}">${html.join("\n")}</div></body></html>`,
  };
}

const BODY_STYLE = "margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d2330";
const CARD_STYLE = "max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #dde1e7;border-radius:8px;padding:24px";
const FOOTER_STYLE = "margin-top:24px;font-size:12px;color:#6b7280";
const BUTTON_STYLE: Record<string, string> = {
  primary: "background:#1f7a4d;color:#ffffff;border:1px solid #1f7a4d",
  danger: "background:#b42318;color:#ffffff;border:1px solid #b42318",
  default: "background:#ffffff;color:#1d2330;border:1px solid #c4cad3",
};

function renderBlock(block: TBlock, options: TEmailRenderOptions, html: string[], text: string[]): void {
  switch (block.type) {
    case "header":
      html.push(`<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(block.text.text)}</h1>`);
      text.push(block.text.text, "=".repeat(Math.min(block.text.text.length, 72)), "");
      return;
    case "section": {
      html.push(`<p style="margin:0 0 12px;line-height:1.5">${toHtml(block.text)}</p>`);
      text.push(toText(block.text));
      if (block.fields?.length) {
        html.push(
          `<table style="border-collapse:collapse;margin:0 0 12px 0;font-size:14px">${block.fields.map((field) => `<tr><td style="padding:2px 16px 2px 0">${toHtml(field)}</td></tr>`).join("")}</table>`,
        );
        for (const field of block.fields) text.push(`  ${toText(field).replaceAll("\n", " ")}`);
      }
      text.push("");
      return;
    }
    case "context":
      html.push(`<p style="margin:0 0 12px;font-size:13px;color:#4b5563">${block.elements.map(toHtml).join(" · ")}</p>`);
      text.push(block.elements.map(toText).join(" · "), "");
      return;
    case "actions": {
      const links = block.elements.flatMap((button) => {
        const url = options.linkFor(button);
        return url && /^https?:\/\//.test(url) ? [{ button, url }] : [];
      });
      if (links.length === 0) return;
      html.push(
        `<p style="margin:16px 0">${links
          .map(
            ({ button, url }) =>
              `<a href="${escapeHtml(url)}" style="display:inline-block;margin-right:8px;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600;${BUTTON_STYLE[button.style ?? "default"]}">${escapeHtml(buttonLabel(button))}</a>`,
          )
          .join("")}</p>`,
      );
      for (const { button, url } of links) text.push(`${buttonLabel(button)}: ${url}`);
      text.push("");
      return;
    }
    case "divider":
      html.push(`<hr style="border:none;border-top:1px solid #e5e7eb;margin:16px 0">`);
      text.push("");
      return;
  }
}

function segmentsOf(object: TTextObject): TMrkdwnSegment[] {
  return object.type === "plain_text" ? [{ kind: "text", text: object.text }] : parseMrkdwn(object.text);
}

function toHtml(object: TTextObject): string {
  return segmentsOf(object)
    .map((segment) => {
      switch (segment.kind) {
        case "text":
          return escapeHtml(segment.text);
        case "bold":
          return `<strong>${escapeHtml(segment.text)}</strong>`;
        case "italic":
          return `<em>${escapeHtml(segment.text)}</em>`;
        case "code":
          return `<code style="background:#f3f4f6;padding:1px 4px;border-radius:3px">${escapeHtml(segment.text)}</code>`;
        case "link":
          return `<a href="${escapeHtml(segment.url)}" style="color:#1d4ed8">${escapeHtml(segment.text)}</a>`;
        case "newline":
          return "<br>";
      }
    })
    .join("");
}

function toText(object: TTextObject): string {
  return segmentsOf(object)
    .map((segment) => {
      switch (segment.kind) {
        case "link":
          return segment.text === segment.url ? segment.url : `${segment.text} (${segment.url})`;
        case "newline":
          return "\n";
        default:
          return segment.text;
      }
    })
    .join("");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** Slack's "Reject…" opens a dialog; a link in an e-mail does not, so it loses the ellipsis. */
function buttonLabel(button: TButtonElement): string {
  return button.text.text.replace(/…$/, "");
}
