import type { TOpenApiOperation } from "@/server/http/openapi/build-openapi-document.ts";

const AUTH_TEXT: Record<string, string> = {
  apiToken: "API token (Authorization: Bearer …)",
  session: "signed-in session (Plumbline's pages)",
  metricsToken: "PLUMBLINE_METRICS_TOKEN (Authorization: Bearer …)",
};

/** Descriptions are Markdown-ish: `code` spans become <code>, the rest stays text (never HTML). */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}

/** A JSON Schema in one line where it is short (`integer, 0–60, default 0`), else as JSON. */
function describeSchema(schema: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof schema.type === "string") parts.push(schema.type);
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.join(", ")}`);
  if (typeof schema.minimum === "number" && typeof schema.maximum === "number" && Math.abs(schema.maximum) < 1e15) parts.push(`${schema.minimum}–${schema.maximum}`);
  if (typeof schema.maxLength === "number") parts.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.pattern === "string") parts.push(`matching ${schema.pattern}`);
  if (typeof schema.format === "string") parts.push(schema.format);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(", ");
}

export function ApiOperationCard({ path, method, operation }: { path: string; method: string; operation: TOpenApiOperation }) {
  const auth = operation.security.flatMap((requirement) => Object.keys(requirement).map((scheme) => AUTH_TEXT[scheme] ?? scheme));
  const body = operation.requestBody?.content["application/json"]?.schema;
  return (
    <section id={operation.operationId} className="card section card-body api-operation">
      <h2 className="card-title">
        <span className={`badge badge-muted api-method-${method}`}>{method.toUpperCase()}</span> <span className="mono">{path}</span>
      </h2>
      <p>
        <strong>{operation.summary}.</strong> <InlineCode text={operation.description} />
      </p>
      <p className="muted">Authentication: {auth.length ? auth.join(", or ") : "none"}</p>
      {operation.parameters.length > 0 && (
        <div className="table-wrap" role="region" aria-label={`Parameters of ${operation.summary}`} tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th>Parameter</th>
                <th>In</th>
                <th>Required</th>
                <th>Schema</th>
              </tr>
            </thead>
            <tbody>
              {operation.parameters.map((parameter) => (
                <tr key={`${parameter.in}-${parameter.name}`}>
                  <td className="mono">{parameter.name}</td>
                  <td>{parameter.in}</td>
                  <td>{parameter.required ? "yes" : "no"}</td>
                  <td>
                    {describeSchema(parameter.schema)}
                    {parameter.description ? (
                      <div className="muted">
                        <InlineCode text={parameter.description} />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {body && (
        <details>
          <summary>
            Request body (application/json{operation.requestBody?.required ? ", required" : ", optional"})
          </summary>
          <pre className="mono api-schema" role="region" tabIndex={0} aria-label={`Request body schema of ${operation.summary}`}>
            {JSON.stringify(body, null, 2)}
          </pre>
        </details>
      )}
      <ul className="api-responses">
        {Object.entries(operation.responses).map(([status, response]) => (
          <li key={status}>
            <span className="mono">{status}</span> <InlineCode text={response.description} />
          </li>
        ))}
      </ul>
    </section>
  );
}
