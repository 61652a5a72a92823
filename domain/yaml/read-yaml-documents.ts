import jsYaml from "js-yaml";
import { parseAllDocuments } from "yaml";

/** One document of a YAML stream, as `yaml`'s `parseAllDocuments` gives it (the part callers use). */
export interface TYamlDocument {
  errors: readonly { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }[];
  /** Plain data; may throw (an alias to a missing anchor, an alias bomb). */
  toJS(): unknown;
}

/**
 * Every document of a YAML stream, exactly as `yaml`'s `parseAllDocuments(text)` and
 * `toJS()` read them (YAML 1.2, core schema), ten times faster for plain text: a
 * 10,000-document catalog takes ~2 s of CPU in `yaml` and ~0.2 s in `js-yaml`.
 *
 * `js-yaml` reads the text first, with the core schema's scalar rules copied from `yaml`
 * (below), and its answer is used only when it cannot differ from `yaml`'s: no error
 * anywhere in the stream, and none of the features where the two libraries disagree or
 * where `yaml` guards against abuse — anchors and aliases (alias bombs, `maxAliasCount`),
 * tags, directives (`%YAML 1.1` changes the schema), complex and collection keys, and
 * null keys (`yaml` writes `""`, `js-yaml` `"null"`). Otherwise, and for every error
 * message, `yaml` reads the text as before. The guards are deliberately coarse: text that
 * merely looks like one of those features (an `&` in a URL) takes the slow path, never a
 * different one. read-yaml-documents.test.ts compares both on the cases that differ.
 */
export function readYamlDocuments(text: string): TYamlDocument[] {
  const fast = UNSAFE_FOR_FAST_PATH.test(text) || hasMultiLineFlowNode(text) ? null : loadPlainYaml(text);
  if (fast !== null) return fast.map((data) => ({ errors: [], toJS: () => data }));
  return parseAllDocuments(text) as unknown as TYamlDocument[];
}

/**
 * Anchors/aliases (`&a`, `*a`) and tags (`!x`) where a node may start; directives (`%`);
 * explicit keys (`? `); flow collections as keys (`[a]: b`, `{a: 1}: b`); a sequence
 * entry that starts an empty nested sequence (`- -`, which js-yaml nests differently).
 */
const UNSAFE_FOR_FAST_PATH = /(?:^|[\s[{,])[&*!]|^%|(?:^|\s)\?(?:\s|$)|[\]}]\s*:(?:\s|$)|(?:^|\s)-[ \t]+-(?:\s|$)/m;

/**
 * Whether a quoted scalar or a flow collection (`[a, b]`, `{a: 1}`) may continue on the
 * next line: `yaml` rejects continuation lines indented less than the block they belong
 * to, `js-yaml` accepts them. A quote or bracket counts as opening one when only
 * indentation or an indicator (`:`, `-`, `[`, `{`, `,`) comes before it on the line; one
 * that does not close on the same line sends the text to `yaml`.
 */
function hasMultiLineFlowNode(text: string): boolean {
  for (const line of text.split("\n")) {
    if (!FLOW_START.test(line)) continue;
    let previous = "";
    let depth = 0;
    for (let index = 0; index < line.length; index += 1) {
      const char = line[index] ?? "";
      const opensNode = previous === "" || ":-[{,".includes(previous);
      if ((char === "'" || char === '"') && opensNode) {
        const end = closingQuote(line, index);
        if (end === -1) return true;
        index = end;
      } else if ((char === "[" || char === "{") && opensNode) {
        depth += 1;
      } else if ((char === "]" || char === "}") && depth > 0) {
        depth -= 1;
      }
      if (char !== " " && char !== "\t") previous = char;
    }
    if (depth > 0) return true;
  }
  return false;
}

const FLOW_START = /['"[{]/;

/** The index of the quote that closes the scalar opened at `start`, or -1 when the line ends first. */
function closingQuote(line: string, start: number): number {
  const quote = line[start];
  for (let index = start + 1; index < line.length; index += 1) {
    if (quote === '"' && line[index] === "\\") index += 1;
    else if (line[index] === quote) {
      if (quote === "'" && line[index + 1] === "'") index += 1;
      else return index;
    }
  }
  return -1;
}

function loadPlainYaml(text: string): unknown[] | null {
  let documents: unknown[];
  try {
    documents = jsYaml.loadAll(text, null, { schema: YAML_CORE_SCHEMA });
  } catch {
    return null;
  }
  // A stream of only comments: `yaml` reads no document, `js-yaml` one empty one.
  if (documents.length === 1 && documents[0] === null && !/^(?:---|\.\.\.)/m.test(text)) return [];
  return documents.some(hasNullKey) ? null : documents;
}

/** `null: x` and `~: x`: `yaml` turns a null key into `""`, `js-yaml` into `"null"`. */
function hasNullKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullKey);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, child]) => key === "null" || hasNullKey(child));
}

// `yaml`'s core schema (node_modules/yaml/dist/schema/core/*.js and common/null.js): the
// same patterns, tried in the same order, constructing the same values. js-yaml's own
// CORE_SCHEMA differs (`0b1010` binary, `1_000` with underscores).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const YAML_CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type("tag:yaml.org,2002:null", { kind: "scalar", resolve: (data: string) => NULL.test(data), construct: () => null }),
    new jsYaml.Type("tag:yaml.org,2002:bool", { kind: "scalar", resolve: (data: string) => BOOL.test(data), construct: (data: string) => data[0] === "t" || data[0] === "T" }),
    new jsYaml.Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (data: string) => INT_OCT.test(data) || INT.test(data) || INT_HEX.test(data),
      construct: (data: string) => (INT_OCT.test(data) ? parseInt(data.substring(2), 8) : INT.test(data) ? parseInt(data, 10) : parseInt(data.substring(2), 16)),
    }),
    new jsYaml.Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (data: string) => FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data),
      construct: (data: string) =>
        FLOAT_NAN.test(data) ? (data.slice(-3).toLowerCase() === "nan" ? NaN : data[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : parseFloat(data),
    }),
  ],
});
