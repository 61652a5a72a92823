import { describe, expect, it } from "vitest";
import { buildLearningMessage } from "./learning-message.ts";

describe("buildLearningMessage", () => {
  it("leads with the learning, escapes what people wrote, and links the incident, services and /learnings", () => {
    const message = buildLearningMessage({
      baseUrl: "https://plumbline.example",
      learning: { incidentId: "inc-1", kindLabel: "Near miss", title: "Retries <doubled> the load", learning: "Retries need a budget & jitter.", author: "Priya Raman", ownerTeamName: "Checkout", services: [{ slug: "payments", name: "Payments" }] },
    });
    expect(message.text).toBe("Learning: Retries need a budget & jitter.");
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("*What we learned:* Retries need a budget &amp; jitter.");
    expect(text).toContain("Near miss: <https://plumbline.example/incidents/inc-1|Retries &lt;doubled&gt; the load>");
    expect(text).toContain("on <https://plumbline.example/services/payments|Payments> · owned by Checkout");
    expect(text).toContain("Written by Priya Raman · <https://plumbline.example/learnings|Every learning>");
  });
});
