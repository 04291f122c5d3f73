import type { ReportViolation } from "@pulumi/policy";
import type { Finding } from "../analysis/types";

/** Reports a finding; findings the pack could not judge are downgraded to advisory, as the SDK does for unknowns. */
export function reportFinding(report: ReportViolation, description: string, finding: Finding): void {
  if (finding.level !== "advisory") {
    report(finding.message, finding.urn);
    return;
  }
  // The SDK accepts a violation object with its own enforcement level (server.js makeReportViolationFun).
  const violation = { message: `${description}\n${finding.message}`, urn: finding.urn, enforcementLevel: "advisory" };
  (report as unknown as (v: typeof violation) => void)(violation);
}

/** Reports an error the pack did not expect as an advisory violation instead of failing the preview. */
export function reportInternalError(report: ReportViolation, description: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  reportFinding(report, description, {
    policy: "self-hosting-break-even",
    level: "advisory",
    message: `gpu-breakeven could not finish this check (${detail.slice(0, 300)}). The other policies still ran. Please report this with the stack's shape.`,
  });
}
