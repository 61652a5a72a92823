"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { TSloInput, TSloKind, TSloSummary } from "@/server/slo/slo.schemas.ts";
import { saveSlo, SloRequestError } from "./slo-api-client.ts";

const WINDOW_CHOICES = [7, 14, 28, 30];

interface FormState {
  name: string;
  kind: TSloKind;
  objective: string;
  windowDays: string;
  latencyThresholdMs: string;
  minRequests: string;
}

function initialState(slo: TSloSummary | null): FormState {
  return {
    name: slo?.name ?? "",
    kind: slo?.kind ?? "availability",
    objective: slo ? String(slo.objective) : "99.9",
    windowDays: String(slo?.windowDays ?? 28),
    latencyThresholdMs: slo?.latencyThresholdMs === null || slo === null ? "300" : String(slo.latencyThresholdMs),
    minRequests: String(slo?.minRequests ?? 100),
  };
}

/** Numbers go to the API as typed; the server's zod schema is the one place that judges them. */
function toInput(state: FormState): TSloInput {
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  return {
    name: state.name.trim(),
    kind: state.kind,
    objective: number(state.objective),
    windowDays: number(state.windowDays),
    latencyThresholdMs: state.kind === "latency" ? number(state.latencyThresholdMs) : null,
    minRequests: number(state.minRequests),
  };
}

/**
 * Creates or edits an SLO made on the service page. Validation happens on the server
 * (problem+json with one message per field), so the form and the API can never disagree.
 */
export function SloForm({
  serviceSlug,
  editing,
  onDone,
}: {
  serviceSlug: string;
  /** The SLO being edited, or null to create one. */
  editing: TSloSummary | null;
  onDone: (saved: TSloSummary | null) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [state, setState] = useState<FormState>(() => initialState(editing));
  const mutation = useMutation({
    mutationFn: (input: TSloInput) => saveSlo(serviceSlug, input),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ["service", serviceSlug] });
      await queryClient.invalidateQueries({ queryKey: ["slo-history", serviceSlug, saved.name] });
      onDone(saved);
    },
  });
  const error = mutation.error instanceof SloRequestError ? mutation.error : null;
  const fieldError = (field: keyof TSloInput) => error?.fieldErrors[field];
  const formError = mutation.error && (!error || Object.keys(error.fieldErrors).length === 0) ? mutation.error.message : null;
  const set = (patch: Partial<FormState>) => setState((current) => ({ ...current, ...patch }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(toInput(state));
  };

  const field = (name: keyof TSloInput, label: string, control: ReactNode, hint?: string) => {
    const message = fieldError(name);
    return (
      <div className="field slo-form-field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {control}
        {message ? (
          <span className="slo-field-error" id={`${id}-${name}-error`} role="alert">
            {message}
          </span>
        ) : hint ? (
          <span className="slo-field-hint">{hint}</span>
        ) : null}
      </div>
    );
  };
  const describedBy = (name: keyof TSloInput) => (fieldError(name) ? `${id}-${name}-error` : undefined);

  return (
    // noValidate: the server's messages (zod, per field) are the ones shown, in the product's style.
    <form className="card card-body slo-form" onSubmit={onSubmit} noValidate aria-label={editing ? `Edit SLO ${editing.name}` : "New SLO"} data-testid="slo-form">
      <div className="slo-form-header">
        <h3>{editing ? `Edit SLO “${editing.name}”` : "New SLO"}</h3>
        <span className="muted">Made on this page; SLOs declared in the catalog are changed there.</span>
      </div>
      {formError ? (
        <div className="callout callout-error slo-form-callout" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="slo-form-grid">
        {field(
          "name",
          "Name",
          <input
            id={`${id}-name`}
            className="input"
            value={state.name}
            onChange={(event) => set({ name: event.target.value })}
            placeholder="availability"
            readOnly={editing !== null}
            aria-invalid={fieldError("name") ? true : undefined}
            aria-describedby={describedBy("name")}
            required
          />,
          editing ? "The name identifies the SLO and cannot change." : "Lowercase letters, digits and dashes.",
        )}
        {field(
          "kind",
          "SLI",
          <select id={`${id}-kind`} className="select" value={state.kind} onChange={(event) => set({ kind: event.target.value as TSloKind })}>
            <option value="availability">Availability (non-5xx)</option>
            <option value="latency">Latency (under a threshold)</option>
          </select>,
        )}
        {field(
          "objective",
          "Objective (%)",
          <input
            id={`${id}-objective`}
            className="input"
            type="number"
            inputMode="decimal"
            step="any"
            min="0"
            max="100"
            value={state.objective}
            onChange={(event) => set({ objective: event.target.value })}
            aria-invalid={fieldError("objective") ? true : undefined}
            aria-describedby={describedBy("objective")}
            required
          />,
          "e.g. 99.9 leaves 0.1 % of requests as error budget.",
        )}
        {state.kind === "latency"
          ? field(
              "latencyThresholdMs",
              "Threshold (ms)",
              <input
                id={`${id}-latencyThresholdMs`}
                className="input"
                type="number"
                inputMode="numeric"
                step="1"
                min="1"
                value={state.latencyThresholdMs}
                onChange={(event) => set({ latencyThresholdMs: event.target.value })}
                aria-invalid={fieldError("latencyThresholdMs") ? true : undefined}
                aria-describedby={describedBy("latencyThresholdMs")}
                required
              />,
              "Use a bucket of the mesh's latency histogram (e.g. 100, 250, 500).",
            )
          : null}
        {field(
          "windowDays",
          "Rolling window",
          <select id={`${id}-windowDays`} className="select" value={state.windowDays} onChange={(event) => set({ windowDays: event.target.value })}>
            {[...new Set([...WINDOW_CHOICES, Number(state.windowDays)])]
              .sort((a, b) => a - b)
              .map((days) => (
                <option key={days} value={days}>
                  {days} days
                </option>
              ))}
          </select>,
        )}
        {field(
          "minRequests",
          "Minimum requests",
          <input
            id={`${id}-minRequests`}
            className="input"
            type="number"
            inputMode="numeric"
            step="1"
            min="0"
            value={state.minRequests}
            onChange={(event) => set({ minRequests: event.target.value })}
            aria-invalid={fieldError("minRequests") ? true : undefined}
            aria-describedby={describedBy("minRequests")}
            required
          />,
          "Windows with fewer requests are “no data”, not healthy.",
        )}
      </div>
      <div className="slo-form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : editing ? "Save changes" : "Create SLO"}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
