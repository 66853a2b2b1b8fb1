// The paginator against an in-memory offset-paged source, so each consistency rule can be shown on its own.
// The same rules are exercised over real HTTP against the emulator in the listing tests.
import { InconsistentListingError, ListingTooLargeError } from "../../provider/core/errors";
import { fetchAllPages, type Page, type Progress } from "../../provider/core/paginator";

type Item = { id: string };
const items = (n: number, from = 0): Item[] => Array.from({ length: n }, (_, i) => ({ id: `g${from + i}` }));

/** An offset-paged source over `data`; `hook` may change the data after a page is served. */
function source(data: Item[], opts: { perPage?: number; withTotal?: boolean; hook?: (page: number, data: Item[]) => void } = {}) {
  const perPage = opts.perPage ?? 10;
  const calls: number[] = [];
  const fetchPage = async (page: number): Promise<Page<Item>> => {
    calls.push(page);
    const result = { items: data.slice(page * perPage, page * perPage + perPage), total: opts.withTotal === false ? undefined : data.length };
    opts.hook?.(page, data);
    return result;
  };
  return { fetchPage, calls };
}

/** A source that fails the test rather than let an unbounded listing run on. */
const bounded = (answer: (page: number) => Page<Item>) => {
  const calls: number[] = [];
  const fetchPage = async (page: number): Promise<Page<Item>> => {
    if (calls.length >= 200) throw new Error("more than 200 requests: the listing is not bounded");
    calls.push(page);
    return answer(page);
  };
  return { fetchPage, calls };
};

const options = {
  perPage: 10,
  concurrency: 3,
  maxListingAttempts: 3,
  maxItems: 1_000,
  maxItemsOption: "options.maxGrants",
  check: () => undefined,
  what: "Listing test items",
};

describe("fetchAllPages", () => {
  it("fetches exactly ceil(N / perPage) pages when the total is known, and assembles them in order", async () => {
    const data = items(95);
    const { fetchPage, calls } = source(data);
    const listing = await fetchAllPages(fetchPage, options);
    expect(listing.items).toEqual(data);
    expect(calls.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("sends one request for an empty listing and one for an exactly full page", async () => {
    for (const n of [0, 10]) {
      const { fetchPage, calls } = source(items(n));
      expect((await fetchAllPages(fetchPage, options)).items).toHaveLength(n);
      expect(calls).toEqual([0]);
    }
  });

  it("keeps order when later pages answer before earlier ones", async () => {
    const data = items(50);
    const { fetchPage } = source(data);
    const slowFirst = async (page: number) => {
      await new Promise((r) => setTimeout(r, (5 - page) * 5));
      return fetchPage(page);
    };
    expect((await fetchAllPages(slowFirst, options)).items).toEqual(data);
  });

  // (This was [0, 1, 2], ending at the short page 2; a short page is no proof of the end: see "without a total".)
  it("pages until an empty page when the API leaves the total out", async () => {
    const data = items(25);
    const { fetchPage, calls } = source(data, { withTotal: false });
    expect((await fetchAllPages(fetchPage, options)).items).toEqual(data);
    expect(calls).toEqual([0, 1, 2, 3]);
  });

  it("starts again when a grant is inserted mid-listing, and returns the settled list", async () => {
    const data = items(30);
    let inserted = false;
    const { fetchPage } = source(data, {
      hook: (page, d) => {
        if (page === 0 && !inserted) {
          inserted = true;
          d.unshift({ id: "new" });
        }
      },
    });
    const listing = await fetchAllPages(fetchPage, { ...options, concurrency: 1 });
    expect(listing.restarts).toBe(1);
    expect(listing.items.map((i) => i.id)).toEqual(["new", ...items(30).map((i) => i.id)]);
  });

  it("fails with a typed error rather than return a list while the data never settles", async () => {
    let next = 1000;
    const { fetchPage } = source(items(30), { hook: (page, d) => page === 1 && d.unshift({ id: `x${next++}` }) });
    await expect(fetchAllPages(fetchPage, { ...options, concurrency: 1 })).rejects.toThrow(InconsistentListingError);
  });

  it("treats a duplicate id as an inconsistent listing, never returns it twice", async () => {
    const dup: Item[] = [...items(10), { id: "g3" }];
    const { fetchPage } = source(dup);
    await expect(fetchAllPages(fetchPage, options)).rejects.toThrow(/g3 came back twice/);
  });

  it("treats a total that lies as an inconsistent listing", async () => {
    const fetchPage = async (page: number): Promise<Page<Item>> => ({ items: page === 0 ? items(10) : items(3, 10), total: 25 });
    await expect(fetchAllPages(fetchPage, options)).rejects.toThrow(/page 1 held 3 grants where the total of 25 implies 10/);
  });

  it("reports progress page by page with the known page count", async () => {
    const seen: Progress[] = [];
    const { fetchPage } = source(items(30));
    await fetchAllPages(fetchPage, { ...options, concurrency: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.pagesFetched, p.pagesTotal, p.itemsFetched])).toEqual([
      [1, 3, 10],
      [2, 3, 20],
      [3, 3, 30],
    ]);
  });

  it("passes a page's error through unchanged", async () => {
    const boom = new Error("page failed");
    const fetchPage = async (page: number): Promise<Page<Item>> => {
      if (page === 2) throw boom;
      return { items: items(10, page * 10), total: 40 };
    };
    await expect(fetchAllPages(fetchPage, options)).rejects.toBe(boom);
  });
});

describe("fetchAllPages without a total", () => {
  it("fails rather than page forever when the server keeps answering the same full page", async () => {
    const fetchPage = async (): Promise<Page<Item>> => ({ items: items(10) });
    await expect(fetchAllPages(fetchPage, options)).rejects.toThrow(InconsistentListingError);
  });

  // (This test was "ends at a page shorter than the page size the API says it used", calls [0, 1, 2]: a server's
  // `limit` is no more proof of the end than a short page is.)
  it("reads on past a short page to an empty one, so a server that caps its pages loses nothing", async () => {
    const data = items(12);
    const calls: number[] = [];
    // A server that caps pages at 5, whatever per_page asks, and pages by its own size.
    const fetchPage = async (page: number): Promise<Page<Item>> => {
      calls.push(page);
      return { items: data.slice(page * 5, page * 5 + 5) };
    };
    expect((await fetchAllPages(fetchPage, options)).items).toEqual(data);
  });

  it("lists again at the server's own page size when it caps pages but offsets them by the size asked", async () => {
    const data = items(25);
    const asked: [number, number][] = [];
    // Offset page x per_page, at most 5 items: read at per_page=10 it would skip items 5-9, 15-19 and 25-29.
    const fetchPage = async (page: number, perPage: number): Promise<Page<Item>> => {
      asked.push([page, perPage]);
      return { items: data.slice(page * perPage, page * perPage + Math.min(perPage, 5)) };
    };
    expect((await fetchAllPages(fetchPage, options)).items).toEqual(data);
    expect(asked.slice(-6)).toEqual([0, 1, 2, 3, 4, 5].map((page) => [page, 5]));
  });

  it("stops pages that never end with a ListingTooLargeError once they pass maxItems", async () => {
    const { fetchPage, calls } = bounded((page) => ({ items: items(10, page * 10) }));
    const error = await fetchAllPages(fetchPage, { ...options, maxItems: 95 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingTooLargeError);
    expect((error as Error).message).toMatch(/went on past 95 grants without an end.*options\.maxGrants \(95\)/);
    expect(calls).toHaveLength(10);
  });
});

describe("every listing is bounded", () => {
  it("stops at the first duplicate as pages arrive: a cache that ignores ?page= costs a few requests, not thousands", async () => {
    const { fetchPage, calls } = bounded(() => ({ items: items(10), total: 900 }));
    await expect(fetchAllPages(fetchPage, options)).rejects.toThrow(InconsistentListingError);
    // Three listings, each page 0 and at most `concurrency` pages in flight when the duplicate arrives.
    expect(calls.length).toBeLessThanOrEqual(3 * (1 + options.concurrency));
  });

  it.each([5_000_000, 1e15])("refuses a total of %d, beyond maxItems, before fetching any other page", async (total) => {
    const { fetchPage, calls } = bounded((page) => ({ items: items(10, page * 10), total }));
    const error = await fetchAllPages(fetchPage, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingTooLargeError);
    expect((error as Error).message).toContain(`the API says ${total} grants match, more than options.maxGrants (1000) allows`);
    expect(calls).toEqual([0]);
  });
});

describe("the check every item passes", () => {
  it("refuses the whole listing with the check's error as the offending page arrives", async () => {
    const refused = new Error("g13 breaks a filter");
    const { fetchPage, calls } = source(items(50), { withTotal: false });
    const check = (item: Item) => {
      if (item.id === "g13") throw refused;
    };
    await expect(fetchAllPages(fetchPage, { ...options, check })).rejects.toBe(refused);
    expect(calls).toEqual([0, 1]);
  });

  it("sees every item of a listing once", async () => {
    const seen: string[] = [];
    const { fetchPage } = source(items(35));
    await fetchAllPages(fetchPage, { ...options, check: (item) => void seen.push(item.id) });
    expect(seen.sort()).toEqual(items(35).map((i) => i.id).sort());
  });
});
