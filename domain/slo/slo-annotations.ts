/**
 * Annotations declaring SLOs on a catalog Component (or, later, a Kubernetes workload):
 * `plumbline.dev/slo-availability: "99.9"` and `plumbline.dev/slo-latency: "300ms:99"`.
 * The availability annotation also takes "none" to opt a service out of its tier default.
 */
export const SLO_ANNOTATION = {
  availability: "plumbline.dev/slo-availability",
  latency: "plumbline.dev/slo-latency",
} as const;

/** Values of `plumbline.dev/slo-availability` that mean "no availability SLO, not even the tier default". */
export const SLO_OPT_OUT_VALUES: readonly string[] = ["none", "off"];

/** Names the annotation-declared SLOs get; one per kind, so a service page reads "availability", "latency". */
export const ANNOTATION_SLO_NAME = { availability: "availability", latency: "latency" } as const;
