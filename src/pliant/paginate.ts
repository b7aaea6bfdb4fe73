import { FIRST_PAGE, LIST_ENVELOPE } from './endpoints.js';
import { PliantContractError } from './errors.js';

export interface Page<T> {
  /** 0-based index of this page within the iteration (the API's `page` for plain lists). */
  page: number;
  records: T[];
  /** False on the last page: the caller can commit page by page and know when it is done. */
  hasNextPage: boolean;
}

export interface FetchedPage<T> {
  records: T[];
  /** As the server said; undefined when it did not say. */
  hasNextPage: boolean | undefined;
}

export interface PaginateOptions {
  limit: number;
  /** Hard ceiling against a server that never stops paging. */
  maxPages: number;
  endpoint: string;
  /** `GET /cards?…` without the page, for messages. */
  request: string;
}

/**
 * Offset paging over `page`/`limit`. Stops on `hasNextPage: false`, on a short page
 * (< limit) or on an empty page, whichever comes first.
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<FetchedPage<T>>,
  options: PaginateOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  for (let index = 0; ; index += 1) {
    if (index >= options.maxPages) {
      throw new PliantContractError({
        endpoint: options.endpoint,
        request: options.request,
        field: LIST_ENVELOPE.hasNextPage,
        problem:
          `still announced more pages after ${options.maxPages} full pages (the client's maxPages ceiling): ` +
          `the server seems to page forever; if the list is truly that long, raise maxPages`,
      });
    }
    const { records, hasNextPage } = await fetchPage(FIRST_PAGE + index);
    const more = hasNextPage !== false && records.length > 0 && records.length >= options.limit;
    yield { page: index, records, hasNextPage: more };
    if (!more) return;
  }
}

/** Several paged lists (e.g. one per chunk of 100 ids) as one, numbered on. */
export async function* concatPages<T>(
  lists: ReadonlyArray<() => AsyncIterable<Page<T>>>,
): AsyncGenerator<Page<T>, void, undefined> {
  let index = 0;
  for (const [i, list] of lists.entries()) {
    const isLastList = i === lists.length - 1;
    for await (const page of list()) {
      yield { page: index, records: page.records, hasNextPage: page.hasNextPage || !isLastList };
      index += 1;
    }
  }
}
