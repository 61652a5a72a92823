import { highlightCode } from "./highlight-code.ts";

/** A definition as text, with light syntax colours (app/components/highlight-code.ts). */
export function CodeView({ text, language, label }: { text: string; language: string; label: string }) {
  return (
    <pre className="code-view" role="region" tabIndex={0} aria-label={label} data-language={language}>
      <code>
        {highlightCode(text, language).map((token, index) =>
          token.kind === "plain" ? token.text : (
            <span key={index} className={`tok-${token.kind}`}>
              {token.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
}
