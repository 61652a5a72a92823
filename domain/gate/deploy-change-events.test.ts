import { describe, expect, it } from "vitest";
import { deployChangeEvents, describeDeploy } from "./deploy-change-events.ts";

const subject = {
  requestId: "r1",
  service: { id: "s-payments", slug: "payments" },
  environment: "production",
  version: "1.42.0",
  involved: [
    { id: "s-payments", slug: "payments" },
    { id: "s-checkout", slug: "checkout" },
  ],
};
const at = new Date("2026-11-23T10:00:00Z");

describe("deployChangeEvents", () => {
  it("writes one event per involved service, the deployed one once, with deterministic dedupe keys", () => {
    const events = deployChangeEvents(subject, { key: "requested", type: "deploy_requested", title: "t", actor: "ci", at });
    expect(events.map((event) => event.dedupeKey)).toEqual(["deploy:r1:requested:s-payments", "deploy:r1:requested:s-checkout"]);
    expect(events.map((event) => event.details.role)).toEqual(["deployed", "dependent"]);
    expect(events[0]?.details).toMatchObject({ eventKey: "requested", deployRequestId: "r1", deployedService: "payments" });
  });

  it("gives the same keys for the same moment, so a retry adds nothing", () => {
    const first = deployChangeEvents(subject, { key: "status:expired", type: "deploy_expired", title: "t", actor: null, at });
    const again = deployChangeEvents(subject, { key: "status:expired", type: "deploy_expired", title: "t", actor: null, at: new Date() });
    expect(again.map((event) => event.dedupeKey)).toEqual(first.map((event) => event.dedupeKey));
  });

  it("names a deploy the same way everywhere", () => {
    expect(describeDeploy(subject)).toBe("payments 1.42.0 → production");
  });
});
