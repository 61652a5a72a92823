/**
 * Change events for a deploy request's history: one entry per involved service (the
 * deploying service and every dependent whose owners were asked), so each service's
 * page tells the story from its side. Pure: ids and times come in.
 *
 * dedupeKey = deploy:<request>:<event key>:<service>. The event key names the moment
 * ("requested", "decision", "approval:<id>", "status:expired", "ci:started"), so a
 * retried write — the worker re-running, CI reporting twice — adds nothing.
 */
export interface TDeployEventSubject {
  requestId: string;
  service: { id: string; slug: string };
  environment: string;
  version: string;
  /** Every service whose history should hold the request (the deploying one first). */
  involved: readonly { id: string; slug: string }[];
}

export interface TDeployChangeEvent {
  serviceId: string;
  type: string;
  title: string;
  details: Record<string, unknown>;
  actor: string | null;
  dedupeKey: string;
  occurredAt: Date;
}

export function deployChangeEvents(
  subject: TDeployEventSubject,
  event: { key: string; type: string; title: string; actor: string | null; at: Date; details?: Record<string, unknown> },
): TDeployChangeEvent[] {
  const services = new Map<string, string>();
  services.set(subject.service.id, subject.service.slug);
  for (const service of subject.involved) services.set(service.id, service.slug);
  return [...services].map(([serviceId, slug]) => ({
    serviceId,
    type: event.type,
    title: event.title,
    details: {
      ...event.details,
      eventKey: event.key,
      deployRequestId: subject.requestId,
      deployedService: subject.service.slug,
      environment: subject.environment,
      version: subject.version,
      // How this service is involved: the one deployed, or a dependent whose owners were asked.
      role: slug === subject.service.slug ? "deployed" : "dependent",
    },
    actor: event.actor,
    dedupeKey: `deploy:${subject.requestId}:${event.key}:${serviceId}`,
    occurredAt: event.at,
  }));
}

/** "payments 1.42.0 → production": how every title names the deploy. */
export function describeDeploy(subject: { service: { slug: string }; version: string; environment: string }): string {
  return `${subject.service.slug} ${subject.version} → ${subject.environment}`;
}
