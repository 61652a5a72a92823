import { describe, expect, it } from "vitest";
import { planAlertmanagerNotification, ZAlertmanagerPayload } from "./alertmanager-payload.ts";
import { FIRING_PAYLOAD } from "./testing/alertmanager-payloads.ts";


describe("planAlertmanagerNotification", () => {
  const now = new Date("2026-03-10T14:00:00.000Z");

  it("reads a documented v4 payload: kind from severity, service from labels, start from startsAt", () => {
    const plan = planAlertmanagerNotification(ZAlertmanagerPayload.parse(FIRING_PAYLOAD), now);
    expect(plan).toMatchObject({ status: "firing", kind: "SEV1", title: "CheckoutErrors: checkout 5xx above 5%", serviceSlugs: ["checkout"], sourceUrl: "http://alertmanager.example.org:9093" });
    expect(plan.startedAt.toISOString()).toBe("2026-03-10T13:58:00.000Z");
    expect(plan.timeline).toHaveLength(1);
    expect(plan.timeline[0]).toMatchObject({ text: "Alert firing: checkout 5xx above 5%", dedupeKey: "1a30ba71cca2921f:2026-03-10T13:58:00.000Z:firing" });
  });

  it("gives a resolved alert its own dedupe key and its end time", () => {
    const resolved = {
      ...FIRING_PAYLOAD,
      status: "resolved",
      alerts: FIRING_PAYLOAD.alerts.map((alert) => ({ ...alert, status: "resolved", endsAt: "2026-03-10T14:20:00.000Z" })),
    };
    const plan = planAlertmanagerNotification(ZAlertmanagerPayload.parse(resolved), now);
    expect(plan.status).toBe("resolved");
    expect(plan.timeline[0]).toMatchObject({ dedupeKey: "1a30ba71cca2921f:2026-03-10T13:58:00.000Z:resolved" });
    expect(plan.timeline[0]?.at.toISOString()).toBe("2026-03-10T14:20:00.000Z");
  });

  it("defaults to SEV3 without a severity and accepts unknown fields (Grafana's orgId, values)", () => {
    const payload = ZAlertmanagerPayload.parse({ ...FIRING_PAYLOAD, orgId: 1, commonLabels: { alertname: "Disk" }, commonAnnotations: {}, alerts: [{ ...FIRING_PAYLOAD.alerts[0], labels: { alertname: "Disk", app: "ledger" }, values: { B: 1 } }] });
    const plan = planAlertmanagerNotification(payload, now);
    expect(plan.kind).toBe("SEV3");
    expect(plan.serviceSlugs).toEqual(["ledger"]);
    expect(plan.title).toBe("Disk (1 alert)");
  });

  it("refuses another payload version", () => {
    expect(ZAlertmanagerPayload.safeParse({ ...FIRING_PAYLOAD, version: "3" }).success).toBe(false);
  });
});
