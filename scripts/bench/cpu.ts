// CPU time to validate and map 10,000 grants the way listClientGrants does once the bytes are in: each page's JSON
// checked by apiClientGrantsPageSchema, each grant mapped by toClientGrant (which validates the camelCased grant),
// and the result assembled (not parsed again, as in listClientGrants). JSON.parse is measured apart, since any client
// pays it.
import { generateGrants } from "../../emulator";
import { API_LIMITS, apiClientGrantsPageSchema, toClientGrant, type ApiClientGrant, type ClientGrantsResult } from "../../provider/core/schemas";

export interface CpuResult {
  readonly grants: number;
  /** The first pass, before V8 has optimised zod's code paths. */
  readonly coldMs: number;
  /** Median of the following passes. */
  readonly warmMs: number;
  readonly jsonParseMs: number;
  readonly passes: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export function measureValidateAndMap(count = 10_000, passes = 7): CpuResult {
  const grants = generateGrants(count, { organizationId: "org_benchCpu", seed: 5 });
  const bodies: string[] = [];
  for (let start = 0; start < grants.length; start += API_LIMITS.perPageMax) {
    bodies.push(JSON.stringify({ client_grants: grants.slice(start, start + API_LIMITS.perPageMax), start, limit: API_LIMITS.perPageMax, total: grants.length }));
  }
  const samples: number[] = [];
  const jsonSamples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const beforeJson = process.cpuUsage();
    const json = bodies.map((b) => JSON.parse(b) as unknown);
    jsonSamples.push(cpuMs(beforeJson));

    const before = process.cpuUsage();
    const listed: ApiClientGrant[] = [];
    for (const page of json) {
      const parsed = apiClientGrantsPageSchema.parse(page);
      listed.push(...(Array.isArray(parsed) ? parsed : parsed.client_grants));
    }
    const result: ClientGrantsResult = { organizationId: "org_benchCpu", total: listed.length, clientGrants: listed.map(toClientGrant) };
    samples.push(cpuMs(before));
    if (result.clientGrants.length !== count) throw new Error("the CPU measurement lost grants");
  }
  return { grants: count, coldMs: samples[0]!, warmMs: median(samples.slice(1)), jsonParseMs: median(jsonSamples.slice(1)), passes };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface EncodingResult {
  readonly grants: number;
  readonly bytes: number;
  /** The plugin's encoder (provider/plugin/structEncoder.ts), median of the warm passes. */
  readonly directMs: number;
  /** google-protobuf: `Struct.fromJavaScript` + `InvokeResponse.serializeBinary`, median of the warm passes. */
  readonly officialMs: number;
}

/** CPU time to encode the Invoke answer for `count` grants, with the plugin's encoder and with google-protobuf's. */
export function measureInvokeEncoding(count = 10_000, passes = 7): EncodingResult {
  // Required here, not imported at the top: only this measurement needs the protobuf stubs.
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
  const { InvokeResponse } = require("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
  const { encodeInvokeResponse } = require("../../provider/plugin/structEncoder") as typeof import("../../provider/plugin/structEncoder");
  const organizationId = "org_benchEncode";
  const result = { organizationId, total: count, clientGrants: generateGrants(count, { organizationId, seed: 5 }).map(toClientGrant) };
  const direct: number[] = [];
  const official: number[] = [];
  let bytes = 0;
  for (let pass = 0; pass < passes; pass++) {
    let before = process.cpuUsage();
    bytes = encodeInvokeResponse(result).length;
    direct.push(cpuMs(before));
    before = process.cpuUsage();
    new InvokeResponse().setReturn(Struct.fromJavaScript(result as never)).serializeBinary();
    official.push(cpuMs(before));
  }
  return { grants: count, bytes, directMs: median(direct.slice(1)), officialMs: median(official.slice(1)) };
}
