/** An AWS region id: us-east-1, eu-central-1, us-gov-west-1. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** The family of an instance type: "g6e" for g6e.xlarge, "g5" for ml.g5.2xlarge. */
export function familyOf(instanceType: string): string {
  return instanceType.replace(/^ml\./, "").split(".")[0];
}
