/**
 * The parameter list of a client factory or constructor: `options` may be left out exactly when
 * every property of `Options` is optional, so a missing required option stays a compile error.
 */
export type OptionsArgument<Options> = {} extends Options ? [options?: Options] : [options: Options];
