import type { Metadata } from "next";
import { ApiOperationCard, InlineCode } from "@/app/components/api-operation-card.tsx";
import { getOpenApiDocument } from "@/server/http/openapi/get-openapi-document.ts";

export const metadata: Metadata = { title: "API" };

/**
 * The API description, rendered on the server from the same OpenAPI document as
 * /api/v1/openapi.json: no client script and no assets from elsewhere (the CSP allows
 * neither), so it works offline and behind any proxy.
 */
export default function ApiDocsPage() {
  const document = getOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>API</h1>
          <p className="subtitle">
            <InlineCode text={document.info.description} /> Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {document.openapi}).
          </p>
        </div>
      </div>
      <nav className="card section card-body" aria-label="Operations">
        {document.tags.map((tag) => (
          <div key={tag.name} className="api-toc-group">
            <h2 className="card-title">{tag.name}</h2>
            <ul>
              {operations
                .filter(({ operation }) => operation.tags.includes(tag.name))
                .map(({ path, method, operation }) => (
                  <li key={operation.operationId}>
                    <a href={`#${operation.operationId}`}>
                      <span className="mono">
                        {method.toUpperCase()} {path}
                      </span>
                    </a>{" "}
                    <span className="muted">{operation.summary}</span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>
      {operations.map(({ path, method, operation }) => (
        <ApiOperationCard key={operation.operationId} path={path} method={method} operation={operation} />
      ))}
    </>
  );
}
