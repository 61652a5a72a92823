import { z } from "zod";
import { PROBLEM_CODES, PROBLEM_TYPE_BASE } from "@/server/http/problem-codes.ts";
import { API_OPERATIONS, type TApiOperation, type TOperationAuth } from "./api-operations.ts";

type TJsonSchema = Record<string, unknown>;

export interface TOpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: TJsonSchema;
}

export interface TOpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters: TOpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: TJsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: TJsonSchema }> }>;
}

export interface TOpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Partial<Record<TApiOperation["method"], TOpenApiOperation>>>;
  components: { securitySchemes: Record<string, TJsonSchema>; schemas: Record<string, TJsonSchema> };
}

/** RFC 9457 problem details as Plumbline sends them (server/http/problem.ts, docs/problems.md). */
export const ZProblemBody = z
  .object({
    type: z.string().describe(`${PROBLEM_TYPE_BASE}<code>`),
    code: z.enum(Object.keys(PROBLEM_CODES) as [keyof typeof PROBLEM_CODES, ...(keyof typeof PROBLEM_CODES)[]]).describe("The stable kind of problem; branch on this."),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong and what to do, for a person."),
    requestId: z.string().describe("Also sent as the X-Request-Id header; quote it when reporting a problem."),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe("validation-failed: one entry per field."),
    retryAfterSeconds: z.number().int().optional(),
  })
  .loose();

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };

const SECURITY: Record<TOperationAuth, Record<string, string[]>[]> = {
  token: [{ apiToken: [] }],
  "token-or-session": [{ apiToken: [] }, { session: [] }],
  metrics: [{ metricsToken: [] }],
  signed: [],
  public: [],
};

/** Problems any operation of this kind may answer, whatever it does. */
function commonProblems(operation: TApiOperation): number[] {
  if (operation.auth !== "token" && operation.auth !== "token-or-session") return [];
  const statuses = [401, 429, 500, 503];
  if (operation.query || operation.body) statuses.push(400);
  if (operation.auth === "token-or-session") statuses.push(403);
  return statuses;
}

/** The schema of what a client sends: zod's own JSON Schema (draft 2020-12, which OpenAPI 3.1 uses). */
function inputSchema(schema: z.ZodType): TJsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as TJsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined): TOpenApiParameter[] {
  if (!schema) return [];
  const json = inputSchema(schema) as { properties?: Record<string, TJsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as TJsonSchema & { description?: string };
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
}

function pathParameters(path: string): TOpenApiParameter[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => ({ name: match[1] ?? "", in: "path", required: true, schema: { type: "string" } }));
}

function problemDescription(status: number): string {
  const codes = Object.entries(PROBLEM_CODES)
    .filter(([, problem]) => problem.status === status)
    .map(([code]) => `\`${code}\``);
  return `Problem (application/problem+json): ${codes.join(", ") || `status ${status}`}.`;
}

function operationId(operation: TApiOperation): string {
  const words = operation.path
    .replace(/^\/api\/(v1\/)?/, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${operation.method}${words.join("")}`;
}

function toOperation(operation: TApiOperation): TOpenApiOperation {
  const successContentType = operation.path === "/metrics" ? "text/plain" : "application/json";
  const responses: TOpenApiOperation["responses"] = {};
  for (const [status, description] of Object.entries(operation.responses)) {
    responses[status] = status === "204" ? { description } : { description, content: { [successContentType]: { schema: {} } } };
  }
  for (const status of [...new Set([...commonProblems(operation), ...(operation.problems ?? [])])].sort()) {
    responses[String(status)] ??= { description: problemDescription(status), content: { "application/problem+json": { schema: PROBLEM_REF } } };
  }
  return {
    operationId: operationId(operation),
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    security: SECURITY[operation.auth],
    parameters: [
      ...pathParameters(operation.path),
      ...queryParameters(operation.query),
      ...(operation.headers ?? []).map((header) => ({
        name: header.name,
        in: "header" as const,
        required: header.required ?? false,
        description: header.description,
        schema: { type: "string" },
      })),
    ],
    ...(operation.body ? { requestBody: { required: operation.bodyRequired ?? false, content: { "application/json": { schema: inputSchema(operation.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of Plumbline's HTTP API, from API_OPERATIONS and the routes' zod schemas. */
export function buildOpenApiDocument(operations: readonly TApiOperation[] = API_OPERATIONS): TOpenApiDocument {
  const paths: TOpenApiDocument["paths"] = {};
  for (const operation of operations) {
    const byMethod = (paths[operation.path] ??= {});
    if (byMethod[operation.method]) throw new Error(`${operation.method.toUpperCase()} ${operation.path} is described twice`);
    byMethod[operation.method] = toOperation(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Plumbline API",
      version: "v1",
      description:
        "Service catalog, SLOs and the deploy gate. Errors are application/problem+json with a stable `code` (docs/problems.md); every answer carries `X-Request-Id`.",
    },
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiToken: { type: "http", scheme: "bearer", description: "An organization's API token (Settings → API tokens)." },
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "A signed-in member's session, from Plumbline's own pages (same origin only)." },
        metricsToken: { type: "http", scheme: "bearer", description: "PLUMBLINE_METRICS_TOKEN." },
      },
      schemas: { Problem: inputSchema(ZProblemBody) },
    },
  };
}
