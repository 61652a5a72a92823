import fs from "node:fs";
import path from "node:path";

/**
 * A small Backstage catalog for the deploy-gate tests: three teams with named owners and
 * plain members, and a chain web → checkout → payments (+ ledger, called by payments).
 */
export const GATE_TEST_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
  annotations:
    plumbline.dev/owners: jane.doe
spec:
  type: team
  profile: { displayName: Payments }
  children: []
  members: [jane.doe, kwame.mensah]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: checkout
  annotations:
    plumbline.dev/owners: priya.raman
spec:
  type: team
  profile: { displayName: Checkout }
  children: []
  members: [priya.raman, hana.sato]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: storefront
  annotations:
    plumbline.dev/owners: amara.okafor
spec:
  type: team
  profile: { displayName: Storefront }
  children: []
  members: [amara.okafor]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jane.doe }
spec:
  profile: { displayName: Jane Doe, email: jane.doe@gate.test }
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: kwame.mensah }
spec:
  profile: { displayName: Kwame Mensah, email: kwame.mensah@gate.test }
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: priya.raman }
spec:
  profile: { displayName: Priya Raman, email: priya.raman@gate.test }
  memberOf: [checkout]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: hana.sato }
spec:
  profile: { displayName: Hana Sato, email: hana.sato@gate.test }
  memberOf: [checkout]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: amara.okafor }
spec:
  profile: { displayName: Amara Okafor, email: amara.okafor@gate.test }
  memberOf: [storefront]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments }
spec: { type: service, lifecycle: production, owner: payments, dependsOn: [component:ledger] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ledger }
spec: { type: service, lifecycle: production, owner: payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout }
spec: { type: service, lifecycle: production, owner: checkout, dependsOn: [component:payments] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: web }
spec: { type: service, lifecycle: production, owner: storefront, dependsOn: [component:checkout] }
`;

const EVERY_DAY = `    timezone: UTC
    recurring:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "24:00"`;

/**
 * Outcomes chosen by environment, so HTTP tests do not depend on SLO data that the SLO
 * worker owns: staging waits for checkout, qa for checkout and storefront, frozen is
 * denied, anything else is approved (production runs the dependents rule, which passes
 * with no SLOs).
 */
export const GATE_TEST_POLICY_YAML = `approvalTimeoutMinutes: 60
rules:
  - name: staging-needs-checkout
    type: freeze_window
    environments: [staging]
${EVERY_DAY}
    action: require_approval
    approvalTeams: [checkout]
  - name: qa-needs-two-teams
    type: freeze_window
    environments: [qa]
${EVERY_DAY}
    action: require_approval
    approvalTeams: [checkout, storefront]
  - name: frozen
    type: freeze_window
    environments: [frozen]
${EVERY_DAY}
    action: deny
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
    environments: [production]
  - name: break-glass
    type: break_glass
`;

/** Writes the catalog and the policy file under `dir`; returns their paths. */
export function writeGateTestFiles(dir: string): { catalogDir: string; policyFile: string } {
  const catalogDir = path.join(dir, "catalog");
  fs.mkdirSync(catalogDir, { recursive: true });
  fs.writeFileSync(path.join(catalogDir, "catalog-info.yaml"), GATE_TEST_CATALOG);
  const policyFile = path.join(dir, "policies.yaml");
  fs.writeFileSync(policyFile, GATE_TEST_POLICY_YAML);
  return { catalogDir, policyFile };
}
