import { describe, expect, it } from "vitest";
import { highlightCode } from "./highlight-code.ts";

const kinds = (text: string, language: string) => highlightCode(text, language).filter((t) => t.kind !== "plain").map((t) => [t.kind, t.text]);

describe("highlightCode", () => {
  it("keeps every character, in order", () => {
    const text = 'openapi: "3.0.0"\ninfo:\n  title: Petstore # demo\n  version: 1\n';
    expect(highlightCode(text, "yaml").map((t) => t.text).join("")).toBe(text);
  });

  it("marks YAML keys, strings, numbers and comments (OpenAPI, AsyncAPI)", () => {
    expect(kinds('openapi: "3.0.0"\ninfo:\n  - title: Petstore # demo\n  version: 1\n', "yaml")).toEqual([
      ["key", "openapi"],
      ["string", '"3.0.0"'],
      ["key", "info"],
      ["key", "title"],
      ["comment", "# demo"],
      ["key", "version"],
      ["number", "1"],
    ]);
  });

  it("marks JSON keys apart from string values", () => {
    expect(kinds('{"openapi": "3.0.0", "n": 2}', "json")).toEqual([
      ["key", '"openapi":'],
      ["string", '"3.0.0"'],
      ["key", '"n":'],
      ["number", "2"],
    ]);
  });

  it("marks GraphQL and protobuf keywords and comments", () => {
    expect(kinds("# artists\ntype Query { artist(id: ID!): Artist }", "graphql")).toEqual([
      ["comment", "# artists"],
      ["keyword", "type"],
    ]);
    expect(kinds('syntax = "proto3";\nservice Greeter { rpc SayHello (HelloRequest) returns (HelloReply); } // hi', "protobuf")).toEqual([
      ["keyword", "syntax"],
      ["string", '"proto3"'],
      ["keyword", "service"],
      ["keyword", "rpc"],
      ["keyword", "returns"],
      ["comment", "// hi"],
    ]);
  });
});
