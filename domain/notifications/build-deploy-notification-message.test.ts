import { describe, expect, it } from "vitest";
import { buildDeployNotificationMessage } from "./build-deploy-notification-message.ts";

describe("buildDeployNotificationMessage", () => {
  it("tells the team what the notify-only rule saw, that the deploy is not held, and offers nothing to decide", () => {
    const message = buildDeployNotificationMessage({
      baseUrl: "https://plumbline.example",
      request: { id: "r-1", serviceSlug: "payments", serviceName: "Payments", environment: "production", version: "1.4.2", requestedBy: "ci <bot>", status: "approved" },
      team: { slug: "checkout", name: "Checkout" },
      notices: ["checkout is out of SLO: budget −12 %; notify-only rule"],
    });
    expect(message.text).toBe("Heads-up: ci <bot> is deploying Payments 1.4.2 → production");
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
    const texts = message.blocks.flatMap((block) => ("text" in block ? [block.text.text] : []));
    expect(texts.join("\n")).toContain("*ci &lt;bot&gt;* is deploying <https://plumbline.example/services/payments|Payments>");
    expect(texts.join("\n")).toContain("the deploy is not held");
    expect(texts.join("\n")).toContain("• checkout is out of SLO: budget −12 %; notify-only rule");
    const context = message.blocks.find((block) => block.type === "context");
    expect(context?.type === "context" ? context.elements[0]?.text : "").toContain("<https://plumbline.example/deploys/r-1|Deploy request> · request is *approved*");
  });
});
