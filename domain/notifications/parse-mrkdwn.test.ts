import { describe, expect, it } from "vitest";
import { parseMrkdwn } from "./parse-mrkdwn.ts";

describe("parseMrkdwn", () => {
  it.each([
    ["plain", [{ kind: "text", text: "plain" }]],
    ["*ci-bot* wants", [{ kind: "bold", text: "ci-bot" }, { kind: "text", text: " wants" }]],
    ["<https://p.example/services/a|a &amp; b>", [{ kind: "link", url: "https://p.example/services/a", text: "a & b" }]],
    ["`1.0.3` to _prod_", [{ kind: "code", text: "1.0.3" }, { kind: "text", text: " to " }, { kind: "italic", text: "prod" }]],
    [":white_check_mark: ok\nnext", [{ kind: "text", text: "✅" }, { kind: "text", text: " ok" }, { kind: "newline" }, { kind: "text", text: "next" }]],
    ["<javascript:alert(1)|click>", [{ kind: "text", text: "<javascript:alert(1)|click>" }]],
    ["&lt;!channel&gt;", [{ kind: "text", text: "<!channel>" }]],
  ] as const)("%j", (source, expected) => {
    expect(parseMrkdwn(source)).toEqual(expected);
  });
});
