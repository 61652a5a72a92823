import Link from "next/link";
import type { TCatalogEntryDetail } from "@/server/catalog/catalog.schemas.ts";
import { CatalogEntryLink } from "./catalog-entry-link.tsx";
import { CodeView } from "./code-view.tsx";
import { Fact } from "./fact.tsx";
import { TeamLink } from "./team-link.tsx";

const KIND_LABEL = { api: "API", resource: "Resource", domain: "Domain" } as const;

function ServiceList({ services, label }: { services: { slug: string; name: string; known: boolean }[]; label: string }) {
  if (services.length === 0) return <span className="muted">None declared</span>;
  return (
    <ul className="link-list" aria-label={label}>
      {services.map((service) => (
        <li key={service.slug}>
          {service.known ? (
            <Link href={`/services/${encodeURIComponent(service.slug)}`}>{service.name}</Link>
          ) : (
            <span className="badge badge-at_risk">Unknown component: <span className="mono">{service.slug}</span></span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** An API, Resource or Domain page: who owns it, what it relates to, and an API's definition. */
export function CatalogEntryView({ entry }: { entry: TCatalogEntryDetail }) {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{entry.name}</h1>
          <div className="slug">
            {KIND_LABEL[entry.kind]} · <span className="mono">{entry.entityRef}</span>
          </div>
          {entry.description ? <p className="description">{entry.description}</p> : null}
        </div>
      </div>

      <section className="card" aria-label={`About this ${KIND_LABEL[entry.kind]}`}>
        <dl className="facts">
          <Fact label="Owner">
            {entry.ownerTeam === null && entry.unresolvedOwnerRef ? (
              <span className="badge badge-at_risk" title="The catalog names an owner that does not exist">
                Unknown owner: <span className="mono">{entry.unresolvedOwnerRef}</span>
              </span>
            ) : (
              <TeamLink team={entry.ownerTeam} />
            )}
          </Fact>
          <Fact label="Type">{entry.type ?? <span className="muted">Not set</span>}</Fact>
          {entry.kind === "api" ? <Fact label="Lifecycle">{entry.lifecycle ?? <span className="muted">Not set</span>}</Fact> : null}
          {entry.kind !== "domain" ? (
            <Fact label="System">
              {entry.system === null ? <span className="muted">Not set</span> : entry.system.known ? entry.system.name : (
                <span className="badge badge-at_risk">Unknown system: <span className="mono">{entry.system.slug}</span></span>
              )}
            </Fact>
          ) : null}
          {entry.kind === "api" ? (
            <>
              <Fact label="Providers"><ServiceList services={entry.providers} label="Providers" /></Fact>
              <Fact label="Consumers"><ServiceList services={entry.consumers} label="Consumers" /></Fact>
            </>
          ) : null}
          {entry.kind === "resource" ? (
            <>
              <Fact label="Used by"><ServiceList services={entry.providers} label="Services depending on it" /></Fact>
              <Fact label="Depends on">
                {entry.dependsOnRefs.length === 0 ? <span className="muted">None declared</span> : (
                  <ul className="link-list">{entry.dependsOnRefs.map((ref) => <li key={ref} className="mono">{ref}</li>)}</ul>
                )}
              </Fact>
            </>
          ) : null}
          {entry.kind === "domain" ? (
            <>
              <Fact label="Part of">{entry.parentDomain ? <CatalogEntryLink entry={entry.parentDomain} /> : <span className="muted">None</span>}</Fact>
              <Fact label="Systems">
                {entry.systems.length === 0 ? <span className="muted">None</span> : (
                  <ul className="link-list" aria-label="Systems">{entry.systems.map((s) => <li key={s.slug}>{s.name}</li>)}</ul>
                )}
              </Fact>
              <Fact label="Subdomains">
                {entry.subdomains.length === 0 ? <span className="muted">None</span> : (
                  <ul className="link-list" aria-label="Subdomains">{entry.subdomains.map((d) => <li key={d.slug}><CatalogEntryLink entry={d} /></li>)}</ul>
                )}
              </Fact>
            </>
          ) : null}
          {entry.tags.length > 0 ? (
            <Fact label="Tags">
              <span className="tags">{entry.tags.map((tag) => <span className="tag" key={tag}>{tag}</span>)}</span>
            </Fact>
          ) : null}
        </dl>
      </section>

      {entry.kind === "api" ? (
        <section className="section" aria-labelledby="definition-heading">
          <div className="section-header">
            <h2 id="definition-heading">Definition</h2>
          </div>
          {entry.definition === null ? (
            <p className="muted">No definition declared.</p>
          ) : entry.definition.text === null ? (
            <p className="muted">
              {entry.definition.source.kind === "remote" ? "Remote definition, not fetched: " : "Definition file: "}
              <span className="mono">{entry.definition.source.location}</span>
              {entry.definition.source.note ? ` (${entry.definition.source.note})` : null}
            </p>
          ) : (
            <>
              {entry.definition.source.location ? (
                <p className="muted">From <span className="mono">{entry.definition.source.location}</span></p>
              ) : null}
              <CodeView text={entry.definition.text} language={entry.definition.language} label="API definition" />
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
