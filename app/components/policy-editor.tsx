"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { PolicyError } from "@/domain/policy/policy-types.ts";
import type { TPolicyDocumentDto } from "@/server/gate/gate.schemas.ts";
import { formatDateTime } from "./format.ts";

const SOURCE_LABEL: Record<TPolicyDocumentDto["source"], string> = {
  default: "the built-in defaults (never saved)",
  file: "the policy file",
  ui: "this editor",
  api: "the API",
};

/**
 * The policy document as YAML. Saving sends the whole text to PUT /api/v1/policies: it is
 * validated as a whole, and a document with any error is refused with every error named
 * by rule and field, listed under the editor with a jump to the rule. The policies in
 * force never change until a valid document is saved.
 */
export function PolicyEditor({ initial, defaultYaml, canEdit }: { initial: TPolicyDocumentDto; defaultYaml: string; canEdit: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(initial);
  const [text, setText] = useState(initial.yaml);
  const [errors, setErrors] = useState<PolicyError[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [, startTransition] = useTransition();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const isDirty = text !== saved.yaml;

  async function save() {
    setSaving(true);
    setMessage(null);
    try {
      const response = await fetch("/api/v1/policies", {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ yaml: text }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const policy = body as TPolicyDocumentDto & { changed: boolean };
        setSaved(policy);
        setText(policy.yaml);
        setErrors([]);
        setMessage({ kind: "ok", text: policy.changed ? "Saved. New deploy requests are judged by this policy." : "Nothing changed: this is the policy in force." });
        startTransition(() => router.refresh());
        return;
      }
      const problem = (body ?? {}) as { detail?: string; errors?: PolicyError[] };
      if (Array.isArray(problem.errors) && problem.errors.length > 0) {
        setErrors(problem.errors);
        setMessage({ kind: "error", text: `Not saved: ${problem.errors.length} problem${problem.errors.length === 1 ? "" : "s"}. The current policy stays in force.` });
      } else {
        setMessage({ kind: "error", text: problem.detail ?? `Not saved (${response.status}).` });
      }
    } catch (error) {
      setMessage({ kind: "error", text: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setSaving(false);
    }
  }

  function jumpToRule(rule: string) {
    const textarea = textareaRef.current;
    if (!textarea) return;
    const range = locateRule(text, rule);
    textarea.focus();
    if (range) textarea.setSelectionRange(range.start, range.end);
  }

  return (
    <div className="card policy-editor">
      <div className="toolbar toolbar-center">
        <span className="muted">
          In force: {SOURCE_LABEL[saved.source]}
          {saved.updatedAt ? <>, saved {formatDateTime(saved.updatedAt)}</> : null}
        </span>
        <div className="toolbar-meta policy-actions">
          <button type="button" className="button" disabled={!canEdit || text === defaultYaml} onClick={() => setText(defaultYaml)}>
            Start from defaults
          </button>
          <button type="button" className="button" disabled={!isDirty} onClick={() => { setText(saved.yaml); setErrors([]); setMessage(null); }}>
            Discard changes
          </button>
          <button type="button" className="button button-primary" disabled={!canEdit || isSaving} onClick={() => void save()}>
            {isSaving ? "Saving…" : "Save policy"}
          </button>
        </div>
      </div>
      <label htmlFor="policy-yaml" className="visually-hidden">
        Policy YAML
      </label>
      <textarea
        id="policy-yaml"
        ref={textareaRef}
        className={`policy-textarea${errors.length > 0 ? " policy-textarea-invalid" : ""}`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
        readOnly={!canEdit}
        aria-invalid={errors.length > 0}
        aria-describedby="policy-errors"
        rows={Math.min(40, Math.max(18, text.split("\n").length + 2))}
      />
      <div id="policy-errors" aria-live="polite">
        {message ? (
          <p className={message.kind === "ok" ? "policy-message policy-message-ok" : "policy-message policy-message-error"} role={message.kind === "error" ? "alert" : "status"}>
            {message.text}
          </p>
        ) : isDirty ? (
          <p className="policy-message muted">Unsaved changes.</p>
        ) : null}
        {errors.length > 0 ? (
          <ul className="policy-errors">
            {errors.map((error, index) => (
              <li key={`${error.rule}-${error.field}-${index}`}>
                <button type="button" className="policy-error-rule" onClick={() => jumpToRule(error.rule)} title="Show this rule in the editor">
                  {error.rule}
                </button>{" "}
                › <code>{error.field}</code>: {error.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** Where a rule starts and ends in the text ("name: <rule>" up to the next list item), for the jump. */
function locateRule(text: string, rule: string): { start: number; end: number } | null {
  const lines = text.split("\n");
  const escaped = rule.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const nameLine = lines.findIndex((line) => new RegExp(`^\\s*-?\\s*name:\\s*["']?${escaped}["']?\\s*(#.*)?$`).test(line));
  const indexMatch = /^rules\[(\d+)\]$/.exec(rule);
  let line = nameLine;
  if (line < 0 && indexMatch) {
    // A rule without a usable name: count list items under "rules:".
    const wanted = Number(indexMatch[1]);
    const rulesLine = lines.findIndex((entry) => /^rules:/.test(entry));
    let seen = -1;
    for (let i = rulesLine + 1; i < lines.length && rulesLine >= 0; i++) {
      if (/^\s{0,4}-\s/.test(lines[i] ?? "")) seen += 1;
      if (seen === wanted) {
        line = i;
        break;
      }
    }
  }
  if (line < 0) return null;
  const start = lines.slice(0, line).reduce((sum, entry) => sum + entry.length + 1, 0);
  return { start, end: start + (lines[line]?.length ?? 0) };
}
