/** Type-level assertions for the field-selection fixtures: `same<A, B>()` compiles only when A and B are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function same<A, B>(..._proof: Equal<A, B> extends true ? [] : [never]): void {}
