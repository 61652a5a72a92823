import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZGithubMapping } from "./github-mapping.ts";
import { formatMappingLines, parseMappingLines } from "./mapping-lines.ts";

describe("parseMappingLines", () => {
  it("reads one mapping a line, with optional environments, skipping blanks and comments", () => {
    const text = "# monorepo: one service per GitHub environment\nacme/monorepo@deploy-api api@production\n\nacme/payments payments  # repository-wide\n";
    expect(parseMappingLines(text)).toEqual([
      { repository: "acme/monorepo", githubEnvironment: "deploy-api", service: "api", environment: "production" },
      { repository: "acme/payments", service: "payments" },
    ]);
  });

  it("round-trips through formatMappingLines", () => {
    const mappings = [{ repository: "acme/monorepo", githubEnvironment: "deploy-api", service: "api", environment: "production" }, { repository: "acme/payments", service: "payments" }];
    expect(parseMappingLines(formatMappingLines(mappings))).toEqual(mappings);
  });

  it("leaves malformed lines for zod to refuse with a message", () => {
    const parsed = z.array(ZGithubMapping).safeParse(parseMappingLines("acme/payments\nhttps://github.com/acme/x payments\nacme/a b c"));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["0.service", "1.repository", "2.service"]);
  });
});
