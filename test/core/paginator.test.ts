// The paginator against an in-memory offset-paged source, so each consistency rule can be shown on its own.
// The same rules are exercised over real HTTP against the emulator in the listing tests.
import { InconsistentListingError } from "../../provider/core/errors";
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

const options = { perPage: 10, concurrency: 3, maxListingAttempts: 3, what: "Listing test items" };

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

  it("pages until a short page when the API leaves the total out", async () => {
    const data = items(25);
    const { fetchPage, calls } = source(data, { withTotal: false });
    expect((await fetchAllPages(fetchPage, options)).items).toEqual(data);
    expect(calls).toEqual([0, 1, 2]);
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

  it("ends at a page shorter than the page size the API says it used", async () => {
    const data = items(12);
    const calls: number[] = [];
    // A server that caps pages at 5 and says so in `limit`.
    const fetchPage = async (page: number): Promise<Page<Item>> => {
      calls.push(page);
      return { items: data.slice(page * 5, page * 5 + 5), limit: 5 };
    };
    expect((await fetchAllPages(fetchPage, options)).items).toEqual(data);
    expect(calls).toEqual([0, 1, 2]);
  });
});
