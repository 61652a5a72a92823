"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeFaultEffect } from "@/domain/demo/describe-fault-effect.ts";
import { parseDurationMs } from "@/domain/time/duration.ts";
import type { TDemoFaultsView, TDemoFaultView } from "@/server/demo/demo-faults.ts";
import { ApiError, fetchJson } from "./fetch-json.ts";

const DURATIONS = [
  ["5m", "5 minutes"],
  ["30m", "30 minutes"],
  ["1h", "1 hour"],
  ["6h", "6 hours"],
] as const;

async function send(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && typeof body === "object" && "detail" in body && typeof body.detail === "string" ? body.detail : response.statusText;
    throw new ApiError(response.status, detail);
  }
  return body;
}

/**
 * Demo mode only: inject a fault into the simulated mesh (a share of this service's
 * inbound requests fail, so its SLOs burn and its callers' edges turn red), or clear
 * faults. Renders nothing when the simulator is not running.
 */
export function MeshDemoFaultPanel({
  slug,
  serviceName,
  slo,
}: {
  slug: string;
  serviceName: string;
  /** The service's strictest availability SLO (what a fault burns), for the forecast of when the fault shows. */
  slo: { objective: number; windowDays: number; budgetRemaining: number | null } | null;
}) {
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState("20");
  const [duration, setDuration] = useState("30m");
  const faults = useQuery({
    queryKey: ["demo-faults", slug],
    queryFn: ({ signal }) => fetchJson<TDemoFaultsView>(`/api/v1/demo/faults?service=${encodeURIComponent(slug)}`, signal),
    refetchInterval: 15_000,
  });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ["demo-faults", slug] }), queryClient.invalidateQueries({ queryKey: ["service", slug] })]);
  const inject = useMutation({
    mutationFn: (input: { errorRate: number; duration: string }) =>
      send("/api/v1/demo/faults", { method: "POST", body: JSON.stringify({ service: slug, ...input }) }),
    onSuccess: refresh,
  });
  const clear = useMutation({
    mutationFn: () => send(`/api/v1/demo/faults?service=${encodeURIComponent(slug)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });

  if (!faults.data?.demo) return null;
  const active = faults.data.faults.filter((f) => f.active);
  const canInject = faults.data.canInject;
  const error = inject.error ?? clear.error;
  const errorRate = Number(percent) / 100;
  const forecast =
    errorRate > 0 && errorRate <= 1
      ? describeFaultEffect({ errorRate, durationMs: parseDurationMs(duration, "duration"), speed: faults.data.speed, refreshMs: faults.data.refreshMs, slo })
      : null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    inject.mutate({ errorRate: Number(percent) / 100, duration });
  };

  return (
    <section className="section mesh-fault-panel" aria-labelledby="demo-fault-heading">
      <div className="section-header">
        <h2 id="demo-fault-heading">Inject fault (demo)</h2>
        <span className="muted">The demo&apos;s mesh is simulated; faults exist only there</span>
      </div>
      <div className="card">
        <div className="card-body">
          <p className="mesh-fault-note">
            Make a share of {serviceName}&apos;s inbound requests fail. Its availability SLOs burn, and every caller&apos;s edge to it loses
            the same share of successes.
            {faults.data.speed !== 1 ? ` Simulated time runs ${faults.data.speed}× faster (PLUMBLINE_DEMO_SPEED).` : ""}
          </p>
          <form className="mesh-fault-form" onSubmit={onSubmit}>
            <div className="field">
              <label htmlFor="fault-error-rate">Error rate (%)</label>
              <input
                id="fault-error-rate"
                className="input"
                type="number"
                min="0.1"
                max="100"
                step="0.1"
                required
                value={percent}
                onChange={(event) => setPercent(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="fault-duration">For</label>
              <select id="fault-duration" className="select" value={duration} onChange={(event) => setDuration(event.target.value)}>
                {DURATIONS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button-primary" disabled={!canInject || inject.isPending}>
              {inject.isPending ? "Injecting…" : "Inject fault"}
            </button>
            <button type="button" className="button" disabled={!canInject || clear.isPending || active.length === 0} onClick={() => clear.mutate()}>
              Clear faults
            </button>
          </form>
          {forecast ? (
            <p className="mesh-fault-note" data-testid="fault-forecast">
              {forecast.sentence}
            </p>
          ) : null}
          {!canInject ? <p className="mesh-fault-note">Only {serviceName}&apos;s owners or an organization admin can inject or clear its faults.</p> : null}
          {error ? (
            <div className="callout callout-error" role="alert">
              {error.message}
            </div>
          ) : null}
          {active.length > 0 ? (
            <ul className="mesh-fault-list" aria-label="Active faults">
              {active.map((fault) => (
                <FaultLine key={fault.id} fault={fault} />
              ))}
            </ul>
          ) : (
            <p className="mesh-fault-note">No active fault on {serviceName}.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function FaultLine({ fault }: { fault: TDemoFaultView }) {
  const ends = new Date(fault.endsAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return (
    <li>
      <span className="badge badge-breached">
        <span className="dot" aria-hidden="true" />
        {(fault.errorRate * 100).toFixed(fault.errorRate < 0.1 ? 1 : 0)} % errors
      </span>
      <span suppressHydrationWarning>until {ends}</span>
    </li>
  );
}
