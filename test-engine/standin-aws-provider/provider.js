#!/usr/bin/env node
// A stand-in for the `aws` resource provider plugin (pulumi-resource-aws), for the engine tests only.
//
// The real provider cannot be built here (its Go module replaces terraform-provider-aws with a local folder) and
// its release binaries cannot be downloaded, yet the Pulumi engine needs an `aws` plugin to preview a program that
// uses @pulumi/aws. This one answers what `pulumi preview` asks of a provider and nothing more:
//   GetPluginInfo   the @pulumi/aws version installed in this repository (the version the program asks for);
//   CheckConfig     the provider config as given, no failures;
//   DiffConfig      "unknown" (never needed on a fresh stack);
//   Configure       acceptSecrets and acceptResources, and supportsPreview false: the engine then takes a new
//                   resource's planned outputs to be its inputs, and leaves computed outputs (ids, ARNs) unknown;
//   Check           the inputs as given (no defaults, no autonames), no failures;
//   Diff            "unknown".
// Everything else (Create, Read, Update, Delete, Invoke, ...) answers UNIMPLEMENTED: a preview must not call it.
// It never talks to AWS. Properties pass through byte for byte, so secrets and unknowns stay what they were.
//
// The engine runs it as `pulumi-resource-aws <engine address> [flags]` (a small script the engine tests write
// next to a test project, named by that project's Pulumi.yaml `plugins.providers`), and reads the port it listens
// on from the first line of stdout. With STANDIN_PROVIDER_LOG set, it appends one JSON line per RPC to that file,
// so a test can see what the engine called.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb"));
const fromProto = createRequire(path.join(protoDir, "provider_grpc_pb.js"));
const grpc = fromProto("@grpc/grpc-js");
const services = fromProto("./provider_grpc_pb");
const providerPb = fromProto("./provider_pb");
const pluginPb = fromProto("./plugin_pb");
const emptyPb = fromProto("google-protobuf/google/protobuf/empty_pb");

const awsVersion = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")).version;
const logFile = process.env.STANDIN_PROVIDER_LOG;

function record(method, detail) {
  if (!logFile) return;
  fs.appendFileSync(logFile, JSON.stringify({ pid: process.pid, method, ...detail }) + "\n");
}

/** A unary handler that records the call and answers with `respond(request)`. */
function unary(method, respond, describe = () => ({})) {
  return (call, callback) => {
    try {
      record(method, describe(call.request));
      callback(null, respond(call.request));
    } catch (e) {
      callback({ code: grpc.status.INTERNAL, details: `${method}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
}

function checkResponse(request) {
  const res = new providerPb.CheckResponse();
  const news = request.getNews();
  if (news) res.setInputs(news);
  return res;
}

function unknownDiff() {
  const res = new providerPb.DiffResponse();
  res.setChanges(providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN);
  return res;
}

const implemented = {
  getPluginInfo: unary("GetPluginInfo", () => new pluginPb.PluginInfo().setVersion(awsVersion)),
  checkConfig: unary("CheckConfig", checkResponse, (r) => ({ urn: r.getUrn() })),
  diffConfig: unary("DiffConfig", unknownDiff, (r) => ({ urn: r.getUrn() })),
  configure: unary("Configure", () => {
    const res = new providerPb.ConfigureResponse();
    res.setAcceptsecrets(true);
    res.setAcceptresources(true);
    res.setSupportspreview(false);
    return res;
  }),
  check: unary("Check", checkResponse, (r) => ({ urn: r.getUrn(), type: r.getType() })),
  diff: unary("Diff", unknownDiff, (r) => ({ urn: r.getUrn() })),
  cancel: unary("Cancel", () => new emptyPb.Empty()),
};

// Every other method of the service: record it, then UNIMPLEMENTED.
const handlers = {};
for (const [name, def] of Object.entries(services.ResourceProviderService)) {
  const method = def.path.split("/").pop();
  handlers[name] =
    implemented[name] ??
    ((call, callback) => {
      record(method, { unimplemented: true });
      if (def.responseStream) {
        call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: `the stand-in aws provider does not implement ${method}` });
      } else {
        callback({ code: grpc.status.UNIMPLEMENTED, details: `the stand-in aws provider does not implement ${method}` });
      }
    });
}

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(services.ResourceProviderService, handlers);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    process.stderr.write(`stand-in aws provider: cannot listen: ${err.message}\n`);
    process.exit(1);
  }
  record("(started)", { args: process.argv.slice(2), version: awsVersion });
  // The engine reads the port from the first line of stdout; nothing else may go there.
  process.stdout.write(`${port}\n`);
});
