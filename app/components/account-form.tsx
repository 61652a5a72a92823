"use client";

import { useActionState, useId, type ReactNode } from "react";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";

/** Sign-in, sign-up, onboarding and invitation actions: they redirect when done, so only failures come back. */
export type TAccountAction = TStateAction;

export interface TAccountField {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  defaultValue?: string;
  placeholder?: string;
}

/** The card form of the sign-in, sign-up and onboarding pages: fields, one button, the server's message. */
export function AccountForm({
  title,
  fields,
  hidden = {},
  submitLabel,
  action,
  footer,
}: {
  title: string;
  fields: TAccountField[];
  hidden?: Record<string, string>;
  submitLabel: string;
  action: TAccountAction;
  footer?: ReactNode;
}) {
  const [state, formAction, isPending] = useActionState<TActionState, FormData>(action, null);
  const id = useId();
  return (
    <section className="card account-card" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <form action={formAction} className="account-form" aria-label={title}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {fields.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={`${id}-${field.name}`}>{field.label}</label>
            <input
              id={`${id}-${field.name}`}
              name={field.name}
              type={field.type ?? "text"}
              className="input"
              autoComplete={field.autoComplete}
              defaultValue={field.defaultValue}
              placeholder={field.placeholder}
              aria-invalid={state?.ok === false && state.fieldErrors?.[field.name] ? true : undefined}
              required
            />
          </div>
        ))}
        <button type="submit" className="button button-primary" disabled={isPending}>
          {isPending ? "…" : submitLabel}
        </button>
        {state?.ok === false ? (
          <p className="deploy-form-error" role="alert">
            {state.message}
          </p>
        ) : null}
      </form>
      {footer ? <div className="account-footer muted">{footer}</div> : null}
    </section>
  );
}

