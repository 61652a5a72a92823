import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./build-openapi-document.ts";

const document = buildOpenApiDocument();
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** app/api/**\/route.ts on disk, as OpenAPI paths (`[id]` → `{id}`, `[...all]` → `{all}`), with the methods each exports. */
function routesOnDisk(): { file: string; path: string; methods: string[] }[] {
  const root = path.join(process.cwd(), "app");
  const files = fs.readdirSync(path.join(root, "api"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(`${path.sep}route.ts`) || file === "route.ts");
  return files.map((file) => {
    const source = fs.readFileSync(path.join(root, "api", file), "utf8");
    const methods = METHODS.filter((method) => new RegExp(`^export (const ${method}\\b|(async )?function ${method}\\b)`, "m").test(source)).map((method) => method.toLowerCase());
    const segments = path.dirname(path.join("api", file)).split(path.sep);
    const openApiPath = `/${segments.map((segment) => segment.replace(/^\[\[?(?:\.\.\.)?([^\]]+)\]\]?$/, "{$1}")).join("/")}`;
    return { file: path.join("app", "api", file), path: openApiPath, methods };
  });
}

// Next's catch-all `[...all]` stands for several segments; OpenAPI names it `{path}`.
const OPENAPI_PATH_FOR: Record<string, string> = { "/api/auth/{all}": "/api/auth/{path}" };
// Served by the custom server (scripts/start.ts), not by a route file.
const NOT_ROUTE_FILES = new Set(["get /metrics"]);

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(validator.version).toBe("3.1");
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  const routes = routesOnDisk();

  it("finds the route files (the walk itself works)", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.find((route) => route.path === "/api/v1/deploy-requests/{id}/approvals/{team}")?.methods).toEqual(["post"]);
    expect(routes.find((route) => route.path === "/api/v1/demo/faults")?.methods).toEqual(["get", "post", "delete"]);
  });

  it.each(routes.flatMap((route) => route.methods.map((method) => [`${method.toUpperCase()} ${route.path}`, route.path, method, route.file] as const)))(
    "describes %s",
    (_name, routePath, method, file) => {
      const described = document.paths[OPENAPI_PATH_FOR[routePath] ?? routePath]?.[method as "get"];
      expect(described?.description, `${file} exports ${method.toUpperCase()} but server/http/openapi/api-operations.ts does not describe it`).toBeTruthy();
      expect(described?.summary).toBeTruthy();
    },
  );

  it("describes no operation that has no route", () => {
    const onDisk = new Set(routes.flatMap((route) => route.methods.map((method) => `${method} ${OPENAPI_PATH_FOR[route.path] ?? route.path}`)));
    const described = Object.entries(document.paths).flatMap(([documentPath, byMethod]) => Object.keys(byMethod).map((method) => `${method} ${documentPath}`));
    expect(described.filter((operation) => !onDisk.has(operation) && !NOT_ROUTE_FILES.has(operation))).toEqual([]);
  });

  it("takes request schemas from the routes' zod schemas: the gate's body, with its limits", () => {
    const body = document.paths["/api/v1/deploy-requests"]?.post?.requestBody?.content["application/json"]?.schema as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { maxLength?: number }>;
    };
    expect(body.required.sort()).toEqual(["environment", "service", "version"]);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.version?.maxLength).toBe(128);
  });

  it("lists query parameters with their constraints and path parameters", () => {
    const parameters = document.paths["/api/v1/deploy-requests/{id}"]?.get?.parameters ?? [];
    expect(parameters).toContainEqual({ name: "id", in: "path", required: true, schema: { type: "string" } });
    expect(parameters.find((parameter) => parameter.name === "wait")).toMatchObject({ in: "query", required: false, schema: { type: "integer", maximum: 60, minimum: 0 } });
  });

  it("answers problems as application/problem+json with a requestId", () => {
    const unauthorized = document.paths["/api/v1/deploy-requests"]?.post?.responses["401"];
    expect(unauthorized?.content?.["application/problem+json"]?.schema).toEqual({ $ref: "#/components/schemas/Problem" });
    expect(document.components.schemas.Problem).toMatchObject({ required: expect.arrayContaining(["code", "requestId", "status"]) });
  });
});
