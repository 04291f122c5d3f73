// A second Pulumi program, for the engine tests only: two GPU instances whose instance type comes from another
// resource (an SSM parameter's value, read once the parameter exists), so the type is unknown during preview. The
// example program (src/program) always knows its instance types; this one shows what the pack does when it cannot.
"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

const parameter = new aws.ssm.Parameter("chat-instance-type", { type: "String", value: "g6e.xlarge" });
// The ARN exists only after the parameter is created: during preview the whole expression is unknown.
const instanceType = pulumi.all([parameter.arn, parameter.value]).apply(([, value]) => value);

exports.instanceIds = ["us-east-1a", "us-east-1b"].map(
  (availabilityZone, i) =>
    new aws.ec2.Instance(`chat-${i}`, {
      ami: "ami-0a3c14e1ddbe7f23c",
      instanceType,
      availabilityZone,
      tags: { Name: `chat-${i}`, "gpu-breakeven:workload": "chat" },
    }).id,
);
