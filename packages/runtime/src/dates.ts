import type { DateShape, DateShapes } from "./definition.js";

/**
 * Turning an operation's date fields into Date objects, for clients and calls with `dates: true`.
 * Loaded on the first such call, so programs that leave dates off never carry it; it imports no other
 * runtime module for the same reason.
 *
 * A shape names only the places that hold dates, so the walk never looks at anything else. A value
 * that is not in the form its field declares (null, "", a number where text was expected, a typo)
 * stays exactly as it came: a missing date never becomes the 1970 epoch.
 */

/** Converts, in place, every date `shape` points at inside `value`; returns the value (a new Date when it is the date). */
export function reviveDates(value: unknown, shape: DateShape, shapes: DateShapes): unknown {
  if (typeof shape === "string") {
    if (shape.charCodeAt(0) === 35 /* # */) {
      const named = shapes[shape.slice(1)];
      return named === undefined ? value : reviveDates(value, named, shapes);
    }
    return parseDate(shape, value) ?? value;
  }
  if (value === null || typeof value !== "object") {
    const leaf = !isTuple(shape) ? (shape as Record<string, DateShape>)[""] : undefined;
    return leaf === undefined ? value : reviveDates(value, leaf, shapes);
  }
  if (value instanceof Date) return value;
  if (isTuple(shape)) {
    if (Array.isArray(value)) reviveEach(value, shape[0], shapes);
    return value;
  }
  const map = shape as Readonly<Record<string, DateShape | readonly string[]>>;
  if (Array.isArray(value)) {
    const items = map["[]"] as DateShape | undefined;
    if (items !== undefined) reviveEach(value, items, shapes);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key in map) {
    if (key === "" || key === "[]") continue;
    if (key === "#") {
      for (const name of map[key] as readonly string[]) reviveDates(record, `#${name}`, shapes);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(record, key)) record[key] = reviveDates(record[key], map[key] as DateShape, shapes);
  }
  return value;
}

function reviveEach(list: unknown[], shape: DateShape, shapes: DateShapes): void {
  for (let i = 0; i < list.length; i++) list[i] = reviveDates(list[i], shape, shapes);
}

const isTuple = (shape: DateShape): shape is readonly [DateShape] => Array.isArray(shape);

/**
 * One value in one written form (`kinds` may list several, separated by `|`, tried in order), or
 * undefined when it is not a valid date in any of them.
 */
export function parseDate(kinds: string, value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  for (const kind of kinds.split("|")) {
    const ms = PARSERS[kind]?.(value);
    if (ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS) return new Date(ms);
  }
  return undefined;
}

/** The range a Date can hold (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_12H = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}) ([AaPp])[Mm] ([+-])(\d{2})(\d{2})$/;
const INTEGER = /^-?\d+$/;

const PARSERS: Record<string, (value: string | number) => number | undefined> = {
  /** RFC 3339: `2018-05-16T11:52:09Z`, `2018-05-16T11:52:09.123+02:00`. A zone is required. */
  "date-time"(value) {
    const m = typeof value === "string" ? RFC3339.exec(value) : null;
    if (!m) return undefined;
    const ms = m[7] ? Number(`${m[7].slice(1)}00`.slice(0, 3)) : 0;
    const offset = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * minutes(m[10]!, m[11]!);
    return moment(m[1]!, m[2]!, m[3]!, Number(m[4]), Number(m[5]), Number(m[6]), offset, ms);
  },
  /** A calendar date, `2018-05-16`, as midnight UTC of that day. */
  date(value) {
    const m = typeof value === "string" ? FULL_DATE.exec(value) : null;
    return m ? moment(m[1]!, m[2]!, m[3]!, 0, 0, 0, 0) : undefined;
  },
  /** Unix time in whole seconds, as a number or a string of digits. */
  "unix-seconds"(value) {
    if (typeof value === "number") return Number.isInteger(value) ? value * 1000 : undefined;
    return INTEGER.test(value) ? Number(value) * 1000 : undefined;
  },
  /** `2015-05-24 10:00 AM -0400`: a calendar date, a 12-hour clock time and a UTC offset without a colon. */
  "date-time-12h"(value) {
    const m = typeof value === "string" ? CLOCK_12H.exec(value) : null;
    if (!m) return undefined;
    const hour12 = Number(m[4]);
    if (hour12 < 1 || hour12 > 12) return undefined;
    const hour = (hour12 % 12) + (m[6] === "P" || m[6] === "p" ? 12 : 0);
    return moment(m[1]!, m[2]!, m[3]!, hour, Number(m[5]), 0, (m[7] === "-" ? -1 : 1) * minutes(m[8]!, m[9]!));
  },
};

function minutes(hours: string, mins: string): number {
  const h = Number(hours);
  const m = Number(mins);
  return h <= 23 && m <= 59 ? h * 60 + m : NaN;
}

/**
 * Milliseconds since the epoch of a wall-clock time at a UTC offset (minutes), or undefined when a
 * field is out of range: February 30th is not quietly March 2nd. A leap second (RFC 3339 allows
 * `:60`) counts as the last second of its minute.
 */
function moment(year: string, month: string, day: string, hour: number, minute: number, second: number, offset: number, ms = 0): number | undefined {
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || hour > 23 || minute > 59 || second > 60 || Number.isNaN(offset)) return undefined;
  const utc = Date.UTC(y, mo - 1, d, hour, minute, Math.min(second, 59), ms);
  // Date.UTC maps years 0-99 to 1900-1999; set the year again for those.
  const fixed = y < 100 ? new Date(utc).setUTCFullYear(y) : utc;
  return fixed - offset * 60_000;
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
