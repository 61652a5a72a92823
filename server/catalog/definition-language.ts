/**
 * The language to highlight an API definition as, from Backstage's `spec.type`
 * (openapi, asyncapi, graphql, grpc) and, for the YAML-or-JSON specs, the text itself.
 */
export function definitionLanguage(type: string | null, text: string | null): string {
  const kind = (type ?? "").toLowerCase();
  if (kind === "graphql") return "graphql";
  if (kind === "grpc") return "protobuf";
  if (kind === "openapi" || kind === "asyncapi") return text?.trimStart().startsWith("{") ? "json" : "yaml";
  return "text";
}
