/** One run of text and what it is, for the definition viewer's colours. */
export interface TCodeToken {
  text: string;
  kind: "comment" | "string" | "key" | "keyword" | "number" | "plain";
}

const KEYWORDS: Record<string, ReadonlySet<string>> = {
  graphql: new Set(["type", "query", "mutation", "subscription", "schema", "input", "enum", "interface", "union", "scalar", "extend", "fragment", "implements", "directive", "on"]),
  protobuf: new Set(["syntax", "package", "import", "option", "service", "rpc", "returns", "message", "enum", "repeated", "optional", "oneof", "map", "stream", "reserved"]),
  json: new Set(["true", "false", "null"]),
  yaml: new Set(["true", "false", "null"]),
};

const COMMENT: Record<string, RegExp> = { graphql: /^#.*/, yaml: /^#.*/, protobuf: /^\/\/.*/ };

/**
 * A small line tokenizer for the four definition languages Backstage names (OpenAPI and
 * AsyncAPI as YAML or JSON, GraphQL SDL, protobuf for gRPC): comments, strings, keys,
 * keywords and numbers. Enough to read a spec at a glance without a highlighting library.
 */
export function highlightCode(text: string, language: string): TCodeToken[] {
  const keywords = KEYWORDS[language] ?? new Set<string>();
  const comment = COMMENT[language];
  const tokens: TCodeToken[] = [];
  let rest = text;
  let lineStart = true;
  const push = (value: string, kind: TCodeToken["kind"]) => {
    const last = tokens.at(-1);
    if (last !== undefined && last.kind === kind && kind === "plain") last.text += value;
    else tokens.push({ text: value, kind });
  };
  while (rest.length > 0) {
    const key = lineStart && language === "yaml" ? /^(\s*(?:-\s+)?)([^\s:#"'][^:#\n]*?)(:)(?=\s|$)/.exec(rest) : null;
    if (key) {
      push(key[1] ?? "", "plain");
      push(key[2] ?? "", "key");
      push(key[3] ?? "", "plain");
      rest = rest.slice(key[0].length);
      lineStart = false;
      continue;
    }
    const match =
      (comment && comment.exec(rest) && { text: comment.exec(rest)?.[0] ?? "", kind: "comment" as const }) ||
      matchToken(/^"(?:[^"\\\n]|\\.)*"(\s*:)?|^'(?:[^'\\\n]|\\.)*'/, rest, (m) => (language === "json" && m[1] ? "key" : "string")) ||
      matchToken(/^-?\d+(?:\.\d+)?\b/, rest, () => "number") ||
      matchToken(/^[A-Za-z_][\w]*/, rest, (m) => (keywords.has(m[0]) ? "keyword" : "plain"));
    if (match && match.text.length > 0) {
      push(match.text, match.kind);
      rest = rest.slice(match.text.length);
      lineStart = false;
      continue;
    }
    const char = rest[0] ?? "";
    push(char, "plain");
    lineStart = char === "\n";
    rest = rest.slice(1);
  }
  return tokens;
}

function matchToken(pattern: RegExp, text: string, kindOf: (match: RegExpExecArray) => TCodeToken["kind"]): { text: string; kind: TCodeToken["kind"] } | null {
  const match = pattern.exec(text);
  return match ? { text: match[0], kind: kindOf(match) } : null;
}
