import { describe, expect, it } from "vitest";
import { parseGithubOutputFile } from "./run-composite-action.ts";

describe("parseGithubOutputFile", () => {
  it("reads name=value lines and name<<DELIMITER blocks, as the runner does", () => {
    expect(parseGithubOutputFile("a=1\nb<<EOF_x\nline 1\nline 2\nEOF_x\nc=x=y\n")).toEqual({ a: "1", b: "line 1\nline 2", c: "x=y" });
    expect(() => parseGithubOutputFile("b<<EOF\nnever closed\n")).toThrow(/not closed/);
  });
});
