// Servers that break the Management API's contract the way caches, proxies and other servers do, each written here
// as one function from the request to the answer. Against every one of them a listing returns the complete and
// correct list or a typed error: never a partial list, never a grant that breaks a filter, never an unbounded one.
import type { ServerResponse } from "node:http";
import { FilterNotAppliedError, InconsistentListingError, ListingTooLargeError, ResponseFormatError } from "../../provider/core/errors";
import { toClientGrant } from "../../provider/core/schemas";
import { envelope, pageOf, someGrants } from "../../scripts/hostileServer";
import { listFrom, serving } from "../helpers/hostileServer";

const grants = someGrants(250);

describe("never a silently partial list", () => {
  it("reads all 250 grants from bare arrays capped at 50 a page (no total: a short page is no proof of the end)", async () => {
    const result = await serving(
      (r) => ({ json: pageOf(grants, r.page, 50) }),
      (server) => listFrom(server),
    );
    expect(result).toMatchObject({ total: 250, clientGrants: grants.map(toClientGrant) });
  });

  it("reads all 250 grants from envelopes without a total, capped at 50 a page", async () => {
    const result = await serving(
      (r) => ({ json: envelope(pageOf(grants, r.page, 50), r) }),
      (server) => listFrom(server),
    );
    expect(result).toMatchObject({ total: 250, clientGrants: grants.map(toClientGrant) });
  });

  it("reads all 250 grants from a server that caps pages at 50 but offsets them by the per_page asked", async () => {
    const result = await serving(
      (r) => ({ json: r.perPage === 100 ? grants.slice(r.page * 100, r.page * 100 + 50) : pageOf(grants, r.page, r.perPage) }),
      (server) => listFrom(server),
    );
    expect(result).toMatchObject({ total: 250, clientGrants: grants.map(toClientGrant) });
  });
});

describe("never a grant that breaks a filter", () => {
  // Each server ignores the filters and answers the whole organization.
  const unfiltered = (r: Parameters<typeof envelope>[1]) => ({ json: envelope(pageOf(grants, r.page, r.perPage), r, grants.length) });

  it.each([
    ["audience", { audience: grants[0]!.audience }, /grant "cgr_\w+", but its audience is "[^"]+", yet only audience "[^"]+" was asked for: the audience filter was not applied/],
    ["clientId", { clientId: grants[0]!.client_id }, /its client_id is "\w+", yet only client_id "\w+" was asked for: the client_id filter was not applied/],
    ["grantIds", { grantIds: [grants[0]!.id, grants[1]!.id] }, /it is not among the 2 grant_ids asked for: the grant_ids filter was not applied/],
  ])("refuses a listing whose server ignored the %s filter, naming it", async (_, filters, message) => {
    const result = await serving(unfiltered, (server) => listFrom(server, filters));
    expect(result).toBeInstanceOf(FilterNotAppliedError);
    expect((result as Error).message).toMatch(message);
  });

  it("still returns a listing whose server applied the filters", async () => {
    const audience = grants[0]!.audience;
    const matching = grants.filter((g) => g.audience === audience);
    const result = await serving(
      (r) => ({ json: envelope(pageOf(matching, r.page, r.perPage), r, matching.length) }),
      (server) => listFrom(server, { audience }),
    );
    expect(result).toMatchObject({ audience, total: matching.length, clientGrants: matching.map(toClientGrant) });
  });
});

describe("every listing is bounded", () => {
  /** Refuses to serve more than `most` requests, so that an unbounded listing fails instead of running on. */
  const atMost = (most: number, answer: Parameters<typeof serving>[0]): Parameters<typeof serving>[0] => (r) =>
    r.index >= most ? { status: 500, json: { statusCode: 500, message: `more than ${most} requests` } } : answer(r);

  it("stops a cache that ignores ?page= at the first duplicate: a few requests, not one per page", async () => {
    const requests = await serving(
      atMost(200, (r) => ({ json: envelope(grants.slice(0, 100), r, 5_000) })),
      async (server) => {
        expect(await listFrom(server)).toBeInstanceOf(InconsistentListingError);
        return server.requests.length;
      },
    );
    // Three listings (maxListingAttempts), each page 0 and at most `concurrency` pages in flight.
    expect(requests).toBeLessThanOrEqual(3 * (1 + 8));
  });

  it.each([5_000_000, 1e15])("refuses a total of %d before any other page, with a ListingTooLargeError", async (total) => {
    const [result, requests] = await serving(
      atMost(200, (r) => ({ json: envelope(grants.slice(0, 100), r, total) })),
      async (server) => [await listFrom(server), server.requests.length] as const,
    );
    expect(result).toBeInstanceOf(ListingTooLargeError);
    expect((result as Error).message).toMatch(/the API says \d+ grants match, more than options\.maxGrants \(10000\) allows/);
    expect(requests).toBe(1);
  });

  it("stops pages that never end (no total, new grants on every page) past options.maxGrants", async () => {
    const [result, requests] = await serving(
      atMost(200, (r) => ({ json: someGrants(100, `org_endless${r.page}`) })),
      async (server) => [await listFrom(server, {}, { maxGrants: 1_000 }), server.requests.length] as const,
    );
    expect(result).toBeInstanceOf(ListingTooLargeError);
    expect(requests).toBe(11);
  });

  it("cuts off a body larger than a few megabytes as it streams, and does not ask again", async () => {
    let served = 0;
    // A body that never ends: 64 KiB chunks for as long as anyone reads them.
    const endless = (response: ServerResponse) => {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, " ");
      const write = () => {
        while (!response.destroyed && served < 2e9) {
          served += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", write);
        }
      };
      response.write("[");
      write();
    };
    const [result, requests] = await serving(
      () => ({ raw: endless }),
      async (server) => [await listFrom(server, {}, { timeoutMs: 5_000, maxAttempts: 2 }), server.requests.length] as const,
    );
    expect(result).toBeInstanceOf(ResponseFormatError);
    expect((result as Error).message).toMatch(/the answer is larger than 4 MiB.*not retried/);
    expect(requests).toBe(1);
    expect(served).toBeLessThan(64 * 1024 * 1024);
  });
});

describe("an answer that is not the Management API's", () => {
  it.each([403, 404])("reports a proxy's HTML %i as not the Management API's, not as a scope or an organization problem", async (status) => {
    const result = await serving(
      () => ({ status, text: `<html><head><title>${status}</title></head><body><h1>Blocked by policy</h1></body></html>` }),
      (server) => listFrom(server),
    );
    expect(result).toBeInstanceOf(ResponseFormatError);
    expect((result as Error).message).toMatch(new RegExp(`HTTP ${status} with \\d+ bytes of text/html, which is not an answer of the Auth0 Management API`));
    expect((result as Error).message).not.toMatch(/lacks the scope|No such organization/);
  });
});
