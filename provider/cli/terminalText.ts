// What reaches a person's terminal. Grant ids, audiences, scopes and API error messages come from a server; printed
// raw, their control characters could clear the screen, set the window title or paint a forged line. C0 and C1
// controls (and DEL) are shown escaped instead; --json stays exact JSON with the same escapes JSON allows.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, "0");

/** `text` with every C0 and C1 control character (line breaks included) shown as \xHH. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${hex(c)}`);
}

/**
 * JSON.stringify escapes C0 controls already; DEL and C1 controls are legal in JSON strings as they are, and a
 * terminal acts on them. As \u escapes they parse back to the same values.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u00${hex(c)}`);
}
