/** A piece of Slack mrkdwn, for rendering a message outside Slack (the in-app outbox). */
export type TMrkdwnSegment =
  | { kind: "text"; text: string }
  | { kind: "bold"; text: string }
  | { kind: "italic"; text: string }
  | { kind: "code"; text: string }
  | { kind: "link"; text: string; url: string }
  | { kind: "newline" };

const EMOJI: Record<string, string> = {
  white_check_mark: "✅",
  x: "❌",
  hourglass: "⌛",
  no_entry_sign: "🚫",
  information_source: "ℹ️",
  rotating_light: "🚨",
};

const TOKEN = /<([^>|]+)(?:\|([^>]*))?>|\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`|:([a-z_]+):|\n/g;

/** Slack's escaping undone (&amp; &lt; &gt;), after the markup is read. */
function unescape(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/**
 * The subset of mrkdwn Plumbline writes: `<url|label>` links, *bold*, _italic_,
 * `code`, a few :emoji: and newlines. Only http(s) links become links; anything else
 * (e.g. `<!channel>`) stays text, so a rendered message can never carry a script URL.
 */
export function parseMrkdwn(source: string): TMrkdwnSegment[] {
  const segments: TMrkdwnSegment[] = [];
  const pushText = (text: string) => {
    if (text) segments.push({ kind: "text", text: unescape(text) });
  };
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    pushText(source.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, url, label, bold, italic, code, emoji] = match;
    if (url !== undefined) {
      if (/^https?:\/\//.test(url)) segments.push({ kind: "link", url: unescape(url), text: unescape(label ?? url) });
      else pushText(whole);
    } else if (bold !== undefined) segments.push({ kind: "bold", text: unescape(bold) });
    else if (italic !== undefined) segments.push({ kind: "italic", text: unescape(italic) });
    else if (code !== undefined) segments.push({ kind: "code", text: unescape(code) });
    else if (emoji !== undefined) pushText(EMOJI[emoji] ?? whole);
    else segments.push({ kind: "newline" });
  }
  pushText(source.slice(last));
  return segments;
}
