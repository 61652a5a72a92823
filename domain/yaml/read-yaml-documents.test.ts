import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { readYamlDocuments, type TYamlDocument } from "./read-yaml-documents.ts";

/** What a caller sees of each document: its first error, or its data (or what `toJS` threw). */
function view(documents: readonly TYamlDocument[]): unknown[] {
  return documents.map((document) => {
    if (document.errors.length > 0) return { error: document.errors[0]?.message };
    try {
      // Non-finite numbers and -0 do not survive JSON: compare them as words.
      return JSON.parse(JSON.stringify(document.toJS(), (_key, value: unknown) => (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0)) ? `number ${String(value)}${Object.is(value, -0) ? " (-0)" : ""}` : value)));
    } catch (error) {
      return { threw: error instanceof Error ? error.message : String(error) };
    }
  });
}
const asYamlReadsIt = (text: string) => view(parseAllDocuments(text) as unknown as TYamlDocument[]);
/** The fast path hands back plain objects; `yaml`'s documents carry their `contents`. */
const tookFastPath = (text: string) => readYamlDocuments(text).every((document) => !("contents" in document));

describe("readYamlDocuments", () => {
  // Each case is a place where js-yaml alone reads differently from `yaml` (found by the generator below).
  it.each([
    ["core-schema scalars", "a: 1_000\nb: 0b11\nc: 0o17\nd: 0x1F\ne: +12\nf: 1e3\ng: .5\nh: 1.\ni: -.inf\nj: .NaN\nk: 012\nl: 2001-12-14\nm: yes\nn: -0\no: ~\np: True\n", true],
    ["a stream of only comments", "# nothing here\n\n", true],
    ["an empty document after a separator", "a: 1\n---\n# only a comment\n---\nb: 2\n", true],
    ["a null key", "null: 1\nb: 2\n", false],
    ["an anchor and an alias", "a: &x {b: 1}\nc: *x\n", false],
    ["a tag", "a: !!str 1\n", false],
    ["a YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n", false],
    ["a collection as a key", "{a: 1}: b\n", false],
    ["an explicit key", "? a\n: b\n", false],
    ["an empty nested sequence", "k:\n- -\n- no\n", false],
    ["a quoted scalar continued on an under-indented line", "k:\n  x: 'multi\n  line'\n", false],
    ["a flow collection continued on an under-indented line", "k: {a: 1,\nb: 2}\n", false],
    ["a duplicate key", "a: 1\na: 2\n", false],
    ["a syntax error", "a: 'unterminated\n", false],
  ])("reads %s as yaml does", (_what, text, fast) => {
    expect(view(readYamlDocuments(text))).toEqual(asYamlReadsIt(text));
    expect(tookFastPath(text)).toBe(fast);
  });

  it("takes the fast path for ordinary Backstage documents, quotes and apostrophes included", () => {
    const text = [
      "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cart\n  description: Jane's cart, \"the\" cart\n  tags: [shop, 'web']\n  annotations:\n    plumbline.dev/tier: \"1\"\nspec:\n  type: service\n  owner: group:payments\n  dependsOn:\n    - component:pricing\n",
      "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\n  description: >\n    Folded\n    text\nspec:\n  type: team\n  children: []\n",
    ].join("---\n");
    expect(tookFastPath(text)).toBe(true);
    expect(view(readYamlDocuments(text))).toEqual(asYamlReadsIt(text));
  });

  it("reads every catalog of the repository as yaml does", () => {
    const directory = path.join(process.cwd(), "catalog", "example");
    for (const file of fs.readdirSync(directory).filter((name) => name.endsWith(".yaml"))) {
      const text = fs.readFileSync(path.join(directory, file), "utf8");
      expect(view(readYamlDocuments(text)), file).toEqual(asYamlReadsIt(text));
      // Written on Windows.
      const crlf = text.replaceAll("\n", "\r\n");
      expect(view(readYamlDocuments(crlf)), `${file} with CRLF`).toEqual(asYamlReadsIt(crlf));
    }
  });

  it("reads generated documents (scalars of every kind, nesting, separators, broken indentation) as yaml does", { timeout: 30_000 }, () => {
    let seed = 20261205;
    const pick = <T>(items: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return items[seed % items.length] as T;
    };
    const scalars = ["a", "b c", "1", "-1", "+1", "0o7", "0o8", "0xff", "1.", ".5", "1e5", "1.5E-3", "-.inf", ".NaN", "~", "null", "Null", "True", "tRUE", "yes", "", "''", '""', "'x: y'", '"a\\nb"', "a #b", "x:y", "-", "--", "2001-12-14", "1_000", "0b1", "[]", "{}", "[a, [b]]", "{a: b}", "|-\n  t", ">+\n  t\n", "'multi\n  line'", "[a,\nb]", "plain\n  wrapped", "it's", "'it''s'", '"say \\"hi\\""'];
    const keys = ["k", "1", "true", "x y", "'q'", '"dq"', "0x1", "1.0", "-k", "null"];
    const value = (depth: number, indent: string): string => {
      const kind = pick([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
      if (depth > 2 || kind === 0) return ` ${pick(scalars)}`;
      const count = pick([1, 2, 3]);
      let text = "";
      for (let index = 0; index < count; index += 1) {
        if (kind === 1) text += `\n${indent}  ${pick(keys)}:${value(depth + 1, `${indent}  `)}`;
        else text += `\n${indent}${pick(["", "  "])}-${value(depth + 1, `${indent}  `)}`;
      }
      return text;
    };
    for (let run = 0; run < 1500; run += 1) {
      let text = "";
      for (let document = pick([1, 2, 3]); document > 0; document -= 1) {
        text += pick(["", "---\n", "...\n---\n", "---\n# c\n"]);
        for (let entry = pick([1, 2, 3]); entry > 0; entry -= 1) text += `${pick(keys)}:${value(0, "")}${pick(["", " # note"])}\n`;
      }
      expect(view(readYamlDocuments(text)), text).toEqual(asYamlReadsIt(text));
      const crlf = text.replaceAll("\n", "\r\n");
      expect(view(readYamlDocuments(crlf)), crlf).toEqual(asYamlReadsIt(crlf));
    }
  });
});
