/** Only the first error is reported: later ones in the same document usually follow from it. */
export function describeYamlSyntaxError(error: {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}): string {
  const [firstLine = error.message] = error.message.split("\n");
  const reason = firstLine.replace(/ at line \d+, column \d+:?$/, "");
  const position = error.linePos?.[0];
  const where = position === undefined ? "" : `line ${position.line}, column ${position.col}: `;
  return `YAML syntax error at ${where}${reason}`;
}
