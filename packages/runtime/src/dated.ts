/**
 * The types of payloads with dates on. A generated client keeps one set of payload types (the spec's,
 * dates as strings) and, per operation and component schema, a small map of where its dates are; the
 * dated form is computed from the two only where a program uses it, so leaving dates off costs the
 * compiler nothing and turning them on costs one mapped type per payload used.
 */

declare const leaf: unique symbol;

/**
 * In a generated date map: a date field. `Text` is what its strings are typed as with dates on
 * (`Date`, or `Date | ""` where the API sends "" for an unset date, or `Date | string` where other text
 * may stand there), `Num` what its numbers are (`Date` for unix timestamps).
 */
export interface DateLeaf<Text, Num = number> {
  readonly [leaf]: readonly [Text, Num];
}

/**
 * `T` with the fields the date map `M` points at retyped as dates. `M` is a DateLeaf, a one-item tuple
 * (array items), or an object map of properties, where the reserved keys `""` and `"[]"` hold the leaf
 * and items of a value that may take several forms. Unions in `T` are mapped member by member, so
 * `null` and `undefined` stay as they are.
 */
export type WithDates<T, M> =
  M extends DateLeaf<infer Text, infer Num>
    ? T extends string
      ? Text
      : T extends number
        ? Num
        : T
    : M extends readonly [infer I]
      ? T extends readonly (infer E)[]
        ? WithDates<E, I>[]
        : T
      : T extends string | number
        ? M extends { readonly "": infer L }
          ? WithDates<T, L>
          : T
        : T extends readonly (infer E)[]
          ? M extends { readonly "[]": infer I }
            ? WithDates<E, I>[]
            : T
          : T extends object
            ? { [K in keyof T]: K extends keyof M ? WithDates<T[K], M[K]> : T[K] }
            : T;

/** `T` as a client returns it: with dates when `Dates` is true, as the spec types it when false, either when boolean. */
export type Dated<T, M, Dates extends boolean> = Dates extends true ? WithDates<T, M> : T;

/**
 * Whether a call converts dates: its own `dates` option when it gives one (`CallDates`, inferred from
 * the call's options), else the client's. A `boolean` the compiler cannot narrow types the payload as
 * either form.
 */
export type DatesFor<ClientDates extends boolean, CallDates> = CallDates extends boolean ? CallDates : ClientDates;
