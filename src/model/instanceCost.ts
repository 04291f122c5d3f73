/** One instance's monthly cost: hourly list price × (1 − discount) × hours (spot, savings plan, reserved). */
export function instanceMonthlyUsd(usdPerHour: number, hoursPerMonth: number, discountShare = 0): number {
  return usdPerHour * (1 - discountShare) * hoursPerMonth;
}
