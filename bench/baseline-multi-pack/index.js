"use strict";
// Benchmark control: the baseline pack's counting stack policy, registered BASELINE_STACK_POLICIES times
// (default 9, the number of stack policies in policy-pack/). @pulumi/policy deserializes every resource
// once per stack policy, so AnalyzeStack on this pack minus the baseline is the SDK's share of the cost
// of having that many stack policies; the real pack minus this pack is the pack's own work.
const { PolicyPack } = require("@pulumi/policy");

const count = Math.max(1, Number(process.env.BASELINE_STACK_POLICIES) || 9);
new PolicyPack("baseline-multi", {
  policies: Array.from({ length: count }, (_, i) => ({
    name: `count-resources-${i + 1}`,
    description: "Counts the resources in the stack.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
      reportViolation(`resources: ${args.resources.length}`);
    },
  })),
});
