"use client";

import { isOutOfSlo } from "@/domain/slo/slo-status-vocabulary.ts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TSloSummary } from "@/server/slo/slo.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { deleteSlo } from "./slo-api-client.ts";
import { SloCard } from "./slo-card.tsx";
import { SloForm } from "./slo-form.tsx";

type TFormTarget = { mode: "create" } | { mode: "edit"; slo: TSloSummary } | null;

/**
 * The service page's "SLOs & error budget" section: one card per SLO, and a form for
 * SLOs made here. Data arrives with the service (GET /api/v1/services/{slug}) and
 * refreshes with it; saving or deleting refetches it.
 */
export function SloSection({ serviceSlug, serviceName, slos }: { serviceSlug: string; serviceName: string; slos: TSloSummary[] }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TFormTarget>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const removal = useMutation({
    mutationFn: (name: string) => deleteSlo(serviceSlug, name),
    onSuccess: async (_result, name) => {
      await queryClient.invalidateQueries({ queryKey: ["service", serviceSlug] });
      setNotice(`Deleted SLO “${name}”.`);
    },
  });
  const onDelete = (slo: TSloSummary) => {
    if (!window.confirm(`Delete SLO “${slo.name}” of ${serviceName}, with its status history?`)) return;
    setNotice(null);
    removal.mutate(slo.name);
  };
  const outOfSlo = slos.filter((slo) => isOutOfSlo(slo.status)).length;

  return (
    <section className="section slo-section" aria-labelledby="slos-heading">
      <div className="section-header">
        <h2 id="slos-heading">
          SLOs &amp; error budget <span className="count">{slos.length}</span>
        </h2>
        <div className="slo-section-meta">
          {outOfSlo > 0 ? <span className="badge badge-breached">{outOfSlo} breached (out of SLO)</span> : null}
          <span className="muted">Multiwindow burn-rate alerts, SRE Workbook</span>
          {form === null ? (
            <button type="button" className="button slo-button-small" onClick={() => setForm({ mode: "create" })}>
              Add SLO
            </button>
          ) : null}
        </div>
      </div>

      {notice ? (
        <p className="slo-notice" role="status">
          {notice}
        </p>
      ) : null}
      {removal.error ? (
        <div className="callout callout-error page-callout" role="alert">
          {removal.error.message}
        </div>
      ) : null}

      {form !== null ? (
        <SloForm
          key={form.mode === "edit" ? form.slo.name : "new"}
          serviceSlug={serviceSlug}
          editing={form.mode === "edit" ? form.slo : null}
          onDone={(saved) => {
            setForm(null);
            setNotice(saved ? `Saved SLO “${saved.name}”.` : null);
          }}
        />
      ) : null}

      {slos.length === 0 ? (
        form === null ? (
          <div className="card">
            <EmptyState
              title="No SLOs for this service"
              action={
                <button type="button" className="button button-primary" onClick={() => setForm({ mode: "create" })}>
                  Add an SLO
                </button>
              }
            >
              Declare them in the catalog with <code>plumbline.dev/slo-availability: &quot;99.9&quot;</code> or{" "}
              <code>plumbline.dev/slo-latency: &quot;300ms:99&quot;</code>, an OpenSLO document, or a{" "}
              <code>plumbline.dev/tier</code> (tiers get a default availability SLO). Without an SLO, {serviceName} has no
              error budget: that is not the same as healthy.
            </EmptyState>
          </div>
        ) : null
      ) : (
        <div className="slo-cards">
          {slos.map((slo) => (
            <SloCard
              key={slo.name}
              serviceSlug={serviceSlug}
              slo={slo}
              onEdit={slo.isEditable ? () => setForm({ mode: "edit", slo }) : undefined}
              onDelete={slo.isEditable ? () => onDelete(slo) : undefined}
              isDeleting={removal.isPending && removal.variables === slo.name}
            />
          ))}
        </div>
      )}
    </section>
  );
}
