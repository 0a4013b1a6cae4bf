/** Naming rules that turn spec names (tags, operationIds) into client identifiers. */

// Any letter or digit, in any script, is part of a word: nothing is dropped silently. Whether the result
// may be an identifier is for the caller to check (isIdentifier accepts ASCII only).
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/**
 * "Deal Fields" / "deal_fields" / "deal-fields" → "dealFields"; "contacts" stays "contacts".
 * Non-ASCII letters are kept ("Kontakte Übersicht" → "kontakteÜbersicht"), never dropped.
 */
export function toCamelCase(text: string): string {
  const words = text.split(WORD_SPLIT).filter(Boolean);
  return words
    .map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join("");
}

export function toPascalCase(text: string): string {
  const camel = toCamelCase(text);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** A plain English singular: companies → company, addresses → address, statuses → status, contacts → contact. */
export function singularize(plural: string): string {
  if (/ies$/i.test(plural)) return plural.slice(0, -3) + "y";
  if (/(ss|x|ch|sh|us)es$/i.test(plural)) return plural.slice(0, -2);
  if (/(ss|us|is)$/i.test(plural)) return plural;
  if (/s$/i.test(plural)) return plural.slice(0, -1);
  return plural;
}

/**
 * The method name inside a resource: the operationId with the resource noun taken out.
 * `listContacts` → `list`, `getContact` → `get`, `saveContactToGoogleContacts` → `saveToGoogleContacts`.
 * The earliest whole-word occurrence (after the leading verb) wins; at the same place the plural wins.
 * Returns the operationId unchanged when no noun occurs.
 */
export function methodNameFor(operationId: string, resource: string, singular: string): string {
  const nouns = [...new Set([toPascalCase(resource), toPascalCase(singular)])].sort((a, b) => b.length - a.length);
  const lower = operationId.toLowerCase();
  let best: { start: number; length: number } | undefined;
  for (const noun of nouns) {
    const needle = noun.toLowerCase();
    let from = 1;
    for (;;) {
      const start = lower.indexOf(needle, from);
      if (start < 0) break;
      const end = start + needle.length;
      const startsWord = /[A-Z0-9]/.test(operationId.charAt(start));
      const endsWord = end === operationId.length || /[A-Z0-9]/.test(operationId.charAt(end));
      if (startsWord && endsWord) {
        if (!best || start < best.start || (start === best.start && needle.length > best.length)) {
          best = { start, length: needle.length };
        }
        break;
      }
      from = start + 1;
    }
  }
  if (!best) return operationId;
  const rest = operationId.slice(0, best.start) + operationId.slice(best.start + best.length);
  return rest.charAt(0).toLowerCase() + rest.slice(1);
}

/**
 * Names no resource or method may take: the client's own members (runtime `CLIENT_MEMBERS`: raw, oauth
 * and the untyped request/get/post/put/patch/delete), names tools probe on any object (runtime
 * `NOT_OPERATIONS`), and JavaScript's own.
 */
const RESERVED = new Set([
  "constructor", "prototype", "__proto__", "raw", "oauth", "core", "request", "get", "post", "put", "patch", "delete",
  "then", "catch", "finally", "toString", "valueOf", "toJSON", "asymmetricMatch", "nodeType", "$$typeof", "inspect",
]);

/** Names a resource's methods may not take (a method may be called get or delete; the client may not have such a resource). */
const RESERVED_METHODS = new Set(["constructor", "prototype", "__proto__", "then", "catch", "finally", "toString", "valueOf", "toJSON", "asymmetricMatch", "nodeType", "$$typeof", "inspect"]);

export function isReservedMethod(name: string): boolean {
  return RESERVED_METHODS.has(name);
}

export function isReservedMember(name: string): boolean {
  return RESERVED.has(name);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** Whether text holds letters outside ASCII, which crmkit does not transliterate (Ü is U or Ue by language). */
export function hasNonAsciiLetters(text: string): boolean {
  return /[^\x00-\x7F]/.test(text) && /\p{L}/u.test(text.replace(/[\x00-\x7F]/g, ""));
}
