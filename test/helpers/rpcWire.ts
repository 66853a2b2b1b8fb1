// The engine's encodings inside the values it sends providers and analyzers, written out here rather than imported
// from the package or the SDK, so that a test fails if either drifts from the protocol.

/**
 * How the engine marshals values that are not known during a preview (sdk/go/common/resource/plugin/rpc.go,
 * `UnknownStringValue` and friends): a string sentinel that stands for a value of the given kind.
 */
export const UNKNOWN = {
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
} as const;

/** A secret value as the engine marshals it in a google.protobuf.Struct. */
export function rpcSecret(value: unknown): Record<string, unknown> {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}
