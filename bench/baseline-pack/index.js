"use strict";
// Baseline policy pack: no build step, no dependencies of its own. @pulumi/policy and @pulumi/pulumi are
// resolved by walking up to /work/main/node_modules, exactly like the real pack. Nothing may be written to
// stdout while loading: the first stdout line must be the gRPC port.
const { PolicyPack } = require("@pulumi/policy");
const pulumi = require("@pulumi/pulumi");

new PolicyPack("baseline", {
  policies: [
    {
      name: "count-resources",
      description: "Counts the resources in the stack.",
      enforcementLevel: "advisory",
      validateStack: (args, reportViolation) => {
        reportViolation(`resources: ${args.resources.length}`);
      },
    },
    {
      name: "echo-config",
      description: "Echoes its policy config and a stack config value.",
      enforcementLevel: "advisory",
      configSchema: {
        properties: {
          threshold: { type: "number", default: 10 },
        },
      },
      validateResource: (args, reportViolation) => {
        if (args.type !== "test:index:Thing") {
          return;
        }
        const { threshold } = args.getConfig();
        // Reading `value` makes an unknown (computed) value surface as the SDK's "can't run policy" advisory.
        const value = args.props.value;
        const marker = new pulumi.Config("baseline").get("marker");
        reportViolation(
          `threshold=${threshold} type=${typeof threshold} stackConfig=${marker} value=${JSON.stringify(value)}`,
        );
      },
    },
  ],
});
