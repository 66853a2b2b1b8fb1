// The retry policy for one logical request: 429 waits for the tenant's reset (shared through the rate limiter),
// 5xx answers, timeouts and connection errors back off exponentially with full jitter, and every give-up is a typed
// error. We keep this loop rather than undici's retry interceptor because that one resumes failed bodies with Range
// requests (meant for downloads) and would hide a reset mid-body of a JSON page, and because the limiter must see
// the headers of every attempt, 429s included.
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, ConfigurationError, NetworkError, RateLimitError, ResponseFormatError } from "../errors";
import { apiErrorBodySchema, type ApiErrorBody, type Tuning } from "../schemas";
import { believedUntil, IMPLAUSIBLE_WAIT_MS, parseRateLimitHeaders, rateLimiterFor, type Refusal } from "./rateLimiter";
import { ConnectionWaitTimeout, isTooLarge, MAX_BODY_BYTES, networkAdvice, sendOnce, viaWhat, type HttpRequest, type HttpResponse } from "./transport";

const MIB = 1024 * 1024;

const attempts = (n: number) => `${n} ${n === 1 ? "attempt" : "attempts"}`;

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

/** Full jitter (the AWS architecture blog's variant): spreads retries from many clients across the whole window. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
}

export interface RetryReport {
  attempts: number;
  rateLimited: number;
}

export type RetryTuning = Pick<Tuning, "maxAttempts" | "timeoutMs" | "rateLimitPatienceMs">;

/**
 * Errors with which undici refuses to build or send a request (an invalid header value, an unsupported option):
 * the request never left, and sending it again would fail the same way, so these are never retried.
 */
const UNSENDABLE = new Set([
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
  "UND_ERR_INVALID_RETURN_VALUE",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "ERR_INVALID_ARG_TYPE",
  "ERR_INVALID_ARG_VALUE",
  "ERR_INVALID_CHAR",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_INVALID_URL",
]);

export function isUnsendable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && UNSENDABLE.has(code);
}

/**
 * Sends `request` until it gets an answer worth returning: any status but 429 and 5xx. `what` names the operation
 * in error messages ("Listing the client grants of organization org_1 (page 3)"). A function is called for every
 * attempt, for requests that must not be sent twice alike (a client assertion's `jti` is single-use).
 */
export async function sendWithRetries(
  request: HttpRequest | (() => HttpRequest),
  what: string,
  tuning: RetryTuning,
  report?: RetryReport,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const build = typeof request === "function" ? request : () => request;
  // Built once more for its origin: each attempt builds its own after the limiter's wait, so a signed assertion is
  // fresh when it leaves even after a long wait for the rate limit.
  const origin = build().origin;
  const limiter = rateLimiterFor(origin);
  // One place in the limiter's queue for every attempt of this request: a retry is served before later requests.
  const ticket = limiter.ticket();
  let failures = 0;
  let limited = 0;
  // Patience is wall time from this request's first 429, not only the limiter's sleeps: 429s that ask for no wait
  // at all (a reset in the past, Retry-After: 0) must still end. Waiting in the queue before any 429 is pacing, not
  // patience: a prediction of the limiter never fails a request.
  let firstLimitedAt: number | undefined;
  let lastRefusal: Refusal | undefined;
  const patienceUsed = () => (firstLimitedAt === undefined ? 0 : Date.now() - firstLimitedAt);
  const patienceLeft = () => tuning.rateLimitPatienceMs - patienceUsed();
  for (;;) {
    if (lastRefusal && patienceLeft() < 0) throw rateLimitError(what, lastRefusal, patienceUsed(), tuning);
    const order = await limiter.acquire({ ticket, patienceLeft, signal });
    if (report) report.attempts++;

    let response: HttpResponse | undefined;
    let failure: unknown;
    const sent = { order, at: Date.now() };
    try {
      response = await sendOnce(build(), tuning.timeoutMs, signal);
    } catch (error) {
      failure = error;
    }
    const headers = response ? parseRateLimitHeaders(response.headers) : undefined;
    const refusal = limiter.release(response?.status, headers, backoffDelay(limited + 1), sent);
    // The listing this request belongs to has already failed elsewhere: stop, do not retry.
    signal?.throwIfAborted();

    if (isUnsendable(failure)) {
      // Credentials are checked before anything is sent, so this is a value that slipped past those checks. The
      // error's own text names the header, never its value.
      throw new ConfigurationError(
        `${what}: the request could not be sent (${describeNetworkError(failure, tuning.timeoutMs)}): a setting it carries is not usable in HTTP. Check the domain and the credentials; nothing was retried.`,
        { cause: failure },
      );
    }
    if (isTooLarge(failure)) {
      // A page of 100 grants is tens of kilobytes: this is not a page, and the same thing would come again.
      throw new ResponseFormatError(sentences(`${what}: the answer is larger than ${MAX_BODY_BYTES / MIB} MiB, far beyond any page of grants; it was cut off and not retried.`, viaWhat(origin)), {
        cause: failure,
      });
    }

    if (response && response.status === 429) {
      firstLimitedAt ??= Date.now();
      limited++;
      if (report) report.rateLimited++;
      lastRefusal = refusal;
      // The tenant's own word: a reset beyond the patience left fails now rather than after sleeping through it
      // (unless it is beyond belief: then it is waited out for a while and asked again, see believedUntil).
      if (refusal && believedUntil(refusal) - Date.now() > patienceLeft()) throw rateLimitError(what, refusal, patienceUsed(), tuning);
      continue;
    }
    if (response && response.status < 500) return response;

    failures++;
    if (failures >= tuning.maxAttempts) {
      if (response) throw new ApiError(what, { status: response.status, ...errorBodyDetails(response.body) }, `The server kept failing; gave up after ${attempts(failures)}.`);
      throw new NetworkError(sentences(`${what} failed after ${attempts(failures)}: ${describeNetworkError(failure, tuning.timeoutMs)}.`, viaWhat(origin), networkAdvice(origin)), { cause: failure });
    }
    await sleep(backoffDelay(failures), undefined, { signal });
  }
}

/** Sentences joined with a space, empty ones left out. */
export const sentences = (...parts: string[]) => parts.filter(Boolean).join(" ");

/** A RateLimitError quoting the tenant's own reset, from the 429 it answered to this request. */
function rateLimitError(what: string, refusal: Refusal, waitedMs: number, tuning: RetryTuning): RateLimitError {
  const freesUpIn = Math.max(1, Math.ceil((refusal.until - Date.now()) / 1000));
  const said = refusal.told === "no usable reset" ? "it sent no usable reset" : refusal.until - refusal.at > IMPLAUSIBLE_WAIT_MS ? `${refusal.told}, not believable` : refusal.told;
  return new RateLimitError(
    what,
    { status: 429, errorCode: "too_many_requests", apiMessage: `the tenant's rate limit frees up in ${freesUpIn} s (${said})` },
    `That is beyond the patience of ${tuning.rateLimitPatienceMs / 1000} s (options.rateLimitPatienceMs), so this request gave up after waiting ${Math.round(waitedMs / 1000)} s. Retry later or raise the patience.`,
  );
}

/** An error body as Auth0 writes them, or undefined when the body is not a JSON object of that shape. */
export function parseErrorBody(body: string): ApiErrorBody | undefined {
  try {
    const parsed = apiErrorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: a proxy's HTML page, say.
    return undefined;
  }
}

/** The error code and message of an error body, for an error's details; a body that is not Auth0's gives none (its
 *  text is not worth putting in a message). */
export function errorBodyDetails(body: string): { errorCode?: string; apiMessage?: string } {
  const parsed = parseErrorBody(body);
  return parsed ? { errorCode: parsed.errorCode, apiMessage: parsed.message } : {};
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string } | undefined;
  if (e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT") {
    return `no complete answer within ${timeoutMs} ms (options.timeoutMs)`;
  }
  if (error instanceof ConnectionWaitTimeout) return error.message;
  // undici's words when a proxy answers CONNECT with anything but 200.
  const tunnel = /Proxy response \((\d+)\) !== 200 when HTTP Tunneling/.exec(e?.message ?? "");
  if (tunnel) return `the proxy refused to open a tunnel to the tenant (it answered HTTP ${tunnel[1]} to CONNECT)`;
  return [e?.code, e?.message].filter(Boolean).join(" ") || String(error);
}
