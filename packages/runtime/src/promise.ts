/** What one call produced: the payload plus everything around it. */
export interface ApiResult<T> {
  /** The payload: the body, or the envelope's data property. */
  data: T;
  /** The envelope's meta, when the vendor wraps responses. */
  meta: unknown;
  /** The whole decoded body, envelope included. */
  body: unknown;
  /** The raw Response (its body already read). */
  response: Response;
}

/**
 * The promise a method returns. Awaiting it gives the payload; `withResponse()` also gives the raw
 * Response and the envelope. Nothing is sent until it is awaited (or iterated, for lists).
 */
export class ApiPromise<T> implements PromiseLike<T> {
  #run: () => Promise<ApiResult<T>>;
  #result: Promise<ApiResult<T>> | undefined;

  constructor(run: () => Promise<ApiResult<T>>) {
    this.#run = run;
  }

  /** The payload together with the raw Response and the envelope's meta. */
  withResponse(): Promise<ApiResult<T>> {
    this.#result ??= this.#run();
    return this.#result;
  }

  /** The raw Response alone. */
  asResponse(): Promise<Response> {
    return this.withResponse().then((r) => r.response);
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // One hop from the result to the caller's callback: awaiting a call is on every request's path.
    return this.withResponse().then(
      onfulfilled ? (r) => onfulfilled(r.data) : (r) => r.data as unknown as R1,
      onrejected,
    );
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "ApiPromise";
  }
}

/** One page of a list, as `pages()` yields it. */
export interface Page<T, Item> extends ApiResult<T> {
  items: Item[];
  /** The page number (page style), offset (offset style) or cursor (cursor style) this page was asked for. */
  position: number | string | undefined;
}

/**
 * The promise a list method returns: awaiting it gives the first page's payload, and it is also
 * async-iterable over every item of every page. It never holds more than one page.
 */
export class PagePromise<T, Item> extends ApiPromise<T> implements AsyncIterable<Item> {
  #pages: () => AsyncGenerator<Page<T, Item>>;

  constructor(first: () => Promise<ApiResult<T>>, pages: (first: () => Promise<ApiResult<T>>) => AsyncGenerator<Page<T, Item>>) {
    super(first);
    this.#pages = () => pages(() => this.withResponse());
  }

  /** Every page in turn, each with its items, payload and Response. */
  pages(): AsyncGenerator<Page<T, Item>> {
    return this.#pages();
  }

  /**
   * Items one by one. Written as a plain iterator over the current page rather than `yield*` in an
   * async generator: delegating through two generators costs several microtask turns per item.
   */
  [Symbol.asyncIterator](): AsyncIterator<Item> {
    const pages = this.#pages();
    let items: Item[] = [];
    let index = 0;
    const next = async (): Promise<IteratorResult<Item>> => {
      while (index >= items.length) {
        const page = await pages.next();
        if (page.done) return { done: true, value: undefined };
        items = page.value.items;
        index = 0;
      }
      return { done: false, value: items[index++]! };
    };
    return {
      next: () => (index < items.length ? Promise.resolve({ done: false, value: items[index++]! }) : next()),
      return: async () => {
        await pages.return(undefined);
        return { done: true, value: undefined };
      },
    };
  }

  get [Symbol.toStringTag](): string {
    return "PagePromise";
  }
}
