// Offset paging that never returns a wrong list. Page 0 tells the total; the remaining pages are fetched in
// parallel and put back in order. Offset paging is not a snapshot, so every page is checked against that total: a
// grant created or deleted mid-listing shows up as a page of the wrong length, a changed total or a duplicate id,
// and the whole listing is started again, up to a bound, after which the caller gets an error instead of a list.
import { mapWithConcurrency } from "./concurrency";
import { InconsistentListingError } from "./errors";

export interface Page<T> {
  readonly items: readonly T[];
  readonly total?: number;
  /** The page size the API says it used; a page shorter than this is the last. */
  readonly limit?: number;
}

export interface Progress {
  readonly pagesFetched: number;
  /** Known once page 0 has answered with a total. */
  readonly pagesTotal?: number;
  readonly itemsFetched: number;
  readonly total?: number;
}

export interface PaginateOptions {
  readonly perPage: number;
  readonly concurrency: number;
  readonly maxListingAttempts: number;
  readonly onProgress?: (progress: Progress) => void;
  /** Names the listing in errors. */
  readonly what: string;
}

export interface Listing<T> {
  readonly items: T[];
  /** Listings started again because the pages disagreed. */
  readonly restarts: number;
}

class Inconsistent extends Error {}

export async function fetchAllPages<T extends { id: string }>(fetchPage: (page: number) => Promise<Page<T>>, options: PaginateOptions): Promise<Listing<T>> {
  const reasons: string[] = [];
  for (let attempt = 1; attempt <= options.maxListingAttempts; attempt++) {
    try {
      return { items: await listOnce(fetchPage, options), restarts: attempt - 1 };
    } catch (error) {
      if (!(error instanceof Inconsistent)) throw error;
      reasons.push(error.message);
    }
  }
  throw new InconsistentListingError(
    `${options.what}: the pages disagreed with the API's own count on each of ${options.maxListingAttempts} attempts (${reasons.join("; ")}). ` +
      "Grants are probably being created or deleted right now; retry when they settle, or raise options.maxListingAttempts.",
  );
}

async function listOnce<T extends { id: string }>(fetchPage: (page: number) => Promise<Page<T>>, options: PaginateOptions): Promise<T[]> {
  const { perPage } = options;
  const first = await fetchPage(0);
  let fetched = first.items.length;
  const report = (pagesFetched: number, pagesTotal?: number) =>
    options.onProgress?.({ pagesFetched, pagesTotal, itemsFetched: fetched, total: first.total });

  if (first.total === undefined) {
    // Without a count the only safe end is a short page, one page after another. Ids are checked as pages arrive:
    // a server that keeps answering the same full page must end in an error, not in an endless listing.
    const seen = new Set<string>();
    const items: T[] = [];
    const take = (page: Page<T>) => {
      for (const item of page.items) {
        if (seen.has(item.id)) throw new Inconsistent(`grant ${item.id} came back twice in ${options.what.toLowerCase()}`);
        seen.add(item.id);
        items.push(item);
      }
      return page.items.length < (page.limit || perPage);
    };
    let pages = 1;
    let done = take(first);
    report(1);
    while (!done) {
      done = take(await fetchPage(pages++));
      fetched = items.length;
      report(pages);
    }
    return items;
  }

  const total = first.total;
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const expectedLength = (page: number) => Math.max(0, Math.min(perPage, total - page * perPage));
  const check = (page: number, result: Page<T>) => {
    if (result.total !== undefined && result.total !== total) throw new Inconsistent(`total changed from ${total} to ${result.total} at page ${page}`);
    if (result.items.length !== expectedLength(page)) {
      throw new Inconsistent(`page ${page} held ${result.items.length} grants where the total of ${total} implies ${expectedLength(page)}`);
    }
  };
  check(0, first);
  report(1, pageCount);
  let pagesFetched = 1;
  const rest = await mapWithConcurrency(
    Array.from({ length: pageCount - 1 }, (_, i) => i + 1),
    options.concurrency,
    async (page) => {
      const result = await fetchPage(page);
      check(page, result);
      fetched += result.items.length;
      report(++pagesFetched, pageCount);
      return result.items;
    },
  );
  return unique([first.items, ...rest].flat(), options.what);
}

function unique<T extends { id: string }>(items: T[], what: string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new Inconsistent(`grant ${item.id} came back twice in ${what.toLowerCase()}`);
    seen.add(item.id);
  }
  return items;
}
