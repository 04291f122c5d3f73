/** A policy diagnostic as the engine reports it. */
export interface DiagnosticLike {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  message: string;
  enforcementLevel: string;
  urn: string;
  resourceUrn?: string;
}

/** Renders diagnostics the way `pulumi preview` prints its Policies section. */
export function policiesSection(diagnostics: DiagnosticLike[], packLabel: string): string {
  if (diagnostics.length === 0) return `Policies:\n    ✅ ${packLabel}: no violations`;
  const mandatory = diagnostics.some((d) => d.enforcementLevel === "mandatory");
  const ordered = [...diagnostics].sort((a, b) => rank(a) - rank(b));
  const lines = [`Policies:`, `    ${mandatory ? "❌" : "⚠️ "} ${packLabel}`];
  for (const d of ordered) {
    const where = resourceLabel(d.urn || d.resourceUrn || "");
    lines.push(`        - [${d.enforcementLevel}]  ${d.policyName}${where ? `  (${where})` : ""}`);
    for (const text of d.message.split("\n")) lines.push(`          ${text}`);
  }
  return lines.join("\n");
}

function rank(d: DiagnosticLike): number {
  return d.enforcementLevel === "mandatory" ? 0 : 1;
}

/** "aws:ec2/instance:Instance: chat-0" from a URN. */
function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) return "";
  const type = parts[2].split("$").pop();
  return `${type}: ${parts[3]}`;
}
