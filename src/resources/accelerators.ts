import { familyOf } from "../text/awsNames";

// EC2 families that carry GPUs or AWS ML chips: p*, g* (g4dn, g5, g6e, gr6...), inf*, trn*, dl*.
const acceleratorFamily = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d)[a-z0-9-]*$/;

/** True when an EC2 instance type (or SageMaker ml.* type) runs accelerators. */
export function isAcceleratorInstanceType(instanceType: string): boolean {
  return acceleratorFamily.test(familyOf(instanceType));
}
