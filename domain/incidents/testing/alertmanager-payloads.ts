// The documented webhook body (prometheus.io/docs/alerting/latest/configuration/#webhook_config), version 4.
export const FIRING_PAYLOAD = {
  version: "4",
  groupKey: '{}/{severity="critical"}:{alertname="CheckoutErrors"}',
  truncatedAlerts: 0,
  status: "firing",
  receiver: "plumbline",
  groupLabels: { alertname: "CheckoutErrors" },
  commonLabels: { alertname: "CheckoutErrors", severity: "critical", service: "checkout" },
  commonAnnotations: { summary: "checkout 5xx above 5%", description: "More than 5% of checkout requests fail." },
  externalURL: "http://alertmanager.example.org:9093",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "CheckoutErrors", severity: "critical", service: "checkout", instance: "10.0.0.1:8080" },
      annotations: { summary: "checkout 5xx above 5%" },
      startsAt: "2026-03-10T13:58:00.000Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example.org:9090/graph?g0.expr=rate%28http_requests_total%5B5m%5D%29",
      fingerprint: "1a30ba71cca2921f",
    },
  ],
};

/** The same group once every alert resolved (Alertmanager sends it when send_resolved is on, the default). */
export const RESOLVED_PAYLOAD = {
  ...FIRING_PAYLOAD,
  status: "resolved",
  alerts: FIRING_PAYLOAD.alerts.map((alert) => ({ ...alert, status: "resolved", endsAt: "2026-03-10T14:20:00.000Z" })),
};
