// A stand-in origin: only the path, query and fragment of a value that stays on it are
// kept, so any origin would do; a reserved name (.invalid) can never be a real host.
const SELF = "http://plumbline.invalid";
// ASCII control characters (browsers drop tab and newline from URLs, so "/\t/evil.example"
// becomes "//evil.example") and backslashes (browsers read "\" as "/").
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
const MAX_LENGTH = 2048;

/** The value with up to three rounds of percent-decoding, each one a way a later reader could see it. */
function decodings(value: string): string[] | null {
  const seen = [value];
  let current = value;
  for (let round = 0; round < 3; round += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) break;
    seen.push(decoded);
    current = decoded;
  }
  return seen;
}

/**
 * A same-site path to return to after signing in: anything that could leave the site
 * (another origin, `//host`, `/\host`, control characters, their percent-encoded forms,
 * `javascript:`) becomes "/". Parsed as a URL against a fixed origin and kept only if it
 * stays on it; what is returned is the parsed pathname, query and fragment.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > MAX_LENGTH) return "/";
  const forms = decodings(value);
  if (!forms || forms.some((form) => UNSAFE.test(form) || form.startsWith("//"))) return "/";
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return "/";
  }
  if (url.origin !== SELF) return "/";
  // Dot segments can leave a leading "//" after parsing ("/.//evil" → "//evil").
  const path = `${url.pathname}${url.search}${url.hash}`;
  const pathForms = decodings(url.pathname);
  if (!pathForms || pathForms.some((form) => form.startsWith("//") || UNSAFE.test(form))) return "/";
  return path;
}
