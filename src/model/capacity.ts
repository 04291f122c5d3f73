import { tokensPerMonth as fleetTokensPerMonth } from "./fleetSizing";
import { Capacity } from "./types";

/** Monthly tokens the fleet can serve at the declared throughput, and the utilization V and V* imply. */
export function fleetCapacity(
  tokensPerSecondPerInstance: number,
  instanceCount: number,
  hoursPerMonth: number,
  volumeTokens: number,
  breakEvenTokens: number | null,
): Capacity {
  const tokensPerMonth = fleetTokensPerMonth(tokensPerSecondPerInstance, hoursPerMonth, instanceCount);
  return {
    tokensPerSecondPerInstance,
    tokensPerMonth,
    // A fleet of no instances serves nothing: no utilization figure, and fleet-capacity says so.
    utilization: tokensPerMonth > 0 ? volumeTokens / tokensPerMonth : null,
    breakEvenUtilization: breakEvenTokens === null || tokensPerMonth === 0 ? null : breakEvenTokens / tokensPerMonth,
  };
}
