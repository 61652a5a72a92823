/** Service tier (1 = most critical). Untiered services say so instead of guessing. */
export function TierBadge({ tier }: { tier: number | null }) {
  if (tier === null) {
    return <span className="badge badge-muted">untiered</span>;
  }
  return (
    <span className={`badge badge-tier-${tier}`} title={`Tier ${tier}`}>
      Tier {tier}
    </span>
  );
}
