import type { Metadata } from "next";
import Link from "next/link";
import { ClaimEndpointForm } from "@/app/components/claim-endpoint-form.tsx";
import { canClaimTelemetryEndpoints } from "@/server/identity/can-claim-telemetry-endpoints.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { getTelemetryCoverage, type TCoverageEndpointDto } from "@/server/telemetry/get-telemetry-coverage.ts";
import { claimEndpointAction } from "./actions.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Telemetry coverage · Settings" };

const ROLE_WORDS: Record<TCoverageEndpointDto["role"], string> = { caller: "calls", callee: "is called", inbound: "receives (SLIs)" };

/** The service name the series suggest: Istio's canonical name or app, else the workload, as a slug. */
function suggestSlug(endpoint: TCoverageEndpointDto): string {
  const labels = endpoint.labels;
  const name = labels.destination_canonical_service ?? labels.source_canonical_service ?? labels.destination_app ?? labels.source_app ?? endpoint.workload;
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
}

/** Per telemetry source: which endpoints were attributed to a service, which were not, and why. */
export default async function TelemetryCoveragePage() {
  const { organization, actor } = await getRequestContext();
  const mayClaim = canClaimTelemetryEndpoints(actor);
  const coverage = await getTelemetryCoverage(organization.id);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Telemetry coverage</h1>
          <p className="subtitle">
            Every endpoint the mesh worker read for {organization.name}: attributed to a service (and by which rule), or not, and why. Same data:{" "}
            <code>GET /api/v1/telemetry/coverage</code>.
          </p>
        </div>
      </div>
      {coverage.sources.length === 0 ? (
        <p className="callout page-callout" role="status">
          No telemetry round has completed yet: there is nothing to attribute. Check the Prometheus integration on Settings → Integrations.
        </p>
      ) : null}
      {coverage.sources.map((source) => (
        <section key={source.source} aria-labelledby={`coverage-${source.source}`}>
          <h2 id={`coverage-${source.source}`}>
            <code>{source.source}</code>
          </h2>
          <p className="subtitle">
            {source.matched.endpoints} endpoints attributed, {source.unmatched.endpoints} unmatched ({source.unmatched.requestRate.toFixed(2)} rps) · measured{" "}
            <time dateTime={source.measuredAt}>{source.measuredAt}</time>
          </p>
          <div className="table-wrap" role="region" aria-label={`Endpoints read from ${source.source}`} tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Role</th>
                  <th scope="col">Requests/s</th>
                  <th scope="col">Labels present</th>
                  <th scope="col">Service</th>
                </tr>
              </thead>
              <tbody>
                {source.endpoints.map((endpoint) => (
                  <tr key={`${endpoint.role}:${endpoint.namespace}/${endpoint.workload}:${JSON.stringify(endpoint.labels)}`} data-matched={endpoint.service ? "yes" : "no"}>
                    <td>
                      {endpoint.namespace || "(no namespace)"}/{endpoint.workload || "(no workload)"}
                    </td>
                    <td>{ROLE_WORDS[endpoint.role]}</td>
                    <td>{endpoint.requestRate.toFixed(2)}</td>
                    <td>
                      {Object.keys(endpoint.labels).length === 0
                        ? "none"
                        : Object.entries(endpoint.labels).map(([name, value]) => (
                            <code key={name}>
                              {name}={value}{" "}
                            </code>
                          ))}
                    </td>
                    <td>
                      {endpoint.service ? (
                        <>
                          <Link href={`/services/${endpoint.service.slug}`}>{endpoint.service.name}</Link> <small>by {endpoint.rule}</small>
                        </>
                      ) : (
                        <>
                          <span>Unmatched: {endpoint.reason}</span>
                          {mayClaim && endpoint.workload !== "" ? (
                            <ClaimEndpointForm namespace={endpoint.namespace} workload={endpoint.workload} suggestedSlug={suggestSlug(endpoint)} action={claimEndpointAction} />
                          ) : null}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
