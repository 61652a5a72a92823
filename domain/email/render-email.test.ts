import { describe, expect, it } from "vitest";
import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { renderEmail } from "./render-email.ts";

const MESSAGE: TSlackMessage = {
  text: "Approval needed",
  blocks: [
    { type: "header", text: { type: "plain_text", text: "Approval needed: payments 3.1.0 → prod" } },
    { type: "section", text: { type: "mrkdwn", text: "*sam* wants to deploy <https://p.example/services/payments|payments> `3.1.0` <script>" } },
    { type: "section", text: { type: "mrkdwn", text: "cause" }, fields: [{ type: "mrkdwn", text: "*SLO* breached" }] },
    { type: "context", elements: [{ type: "mrkdwn", text: "<javascript:alert(1)|click>" }] },
    {
      type: "actions",
      block_id: "decide",
      elements: [
        { type: "button", action_id: "plumbline_approve", text: { type: "plain_text", text: "Approve" }, style: "primary" },
        { type: "button", action_id: "plumbline_reject", text: { type: "plain_text", text: "Reject" }, style: "danger" },
        { type: "button", action_id: "open", text: { type: "plain_text", text: "Open" }, url: "https://p.example/deploys/1" },
      ],
    },
  ],
};

describe("renderEmail", () => {
  const rendered = renderEmail(MESSAGE, {
    linkFor: (button) => (button.action_id === "plumbline_approve" ? "https://p.example/email-links/signed" : (button.url ?? null)),
    footer: "You get this because you own checkout.",
  });

  it("takes the subject from the header", () => {
    expect(rendered.subject).toBe("Approval needed: payments 3.1.0 → prod");
  });

  it("renders mrkdwn as escaped HTML and only http(s) links as links", () => {
    expect(rendered.html).toContain("<strong>sam</strong> wants to deploy <a href=\"https://p.example/services/payments\"");
    expect(rendered.html).toContain("&lt;script&gt;");
    expect(rendered.html).not.toContain("<script>");
    expect(rendered.html).not.toContain('href="javascript:');
  });

  it("turns buttons into links where the caller gives one and drops the others", () => {
    expect(rendered.html).toContain('href="https://p.example/email-links/signed"');
    expect(rendered.html).toContain(">Approve</a>");
    expect(rendered.html).not.toContain(">Reject</a>");
    expect(rendered.text).toContain("Approve: https://p.example/email-links/signed");
    expect(rendered.text).toContain("Open: https://p.example/deploys/1");
  });

  it("has a plain-text part with the same content and the footer", () => {
    expect(rendered.text).toContain("sam wants to deploy payments (https://p.example/services/payments) 3.1.0 <script>");
    expect(rendered.text).toContain("  SLO breached");
    expect(rendered.text.trim().endsWith("You get this because you own checkout.")).toBe(true);
  });
});
