/** HMAC and comparisons on Web Crypto, which Node.js 20+, Deno, Bun, Workers and browsers all have. */

export type HmacAlgorithm = "sha1" | "sha256" | "sha384" | "sha512";

const WEB_CRYPTO_NAME: Record<HmacAlgorithm, string> = { sha1: "SHA-1", sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };

/** Digest size in bytes of each algorithm: how a bare signature reveals which one made it. */
export const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export const HMAC_ALGORITHMS = Object.keys(WEB_CRYPTO_NAME) as HmacAlgorithm[];

export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text) as Bytes;
}

function subtle(): SubtleCrypto {
  const found = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!found) throw new Error("crmkit webhooks need Web Crypto (globalThis.crypto.subtle): Node.js 20+, Deno, Bun, Workers or a browser");
  return found;
}

/** HMAC of `data` keyed with `key` (a UTF-8 string or raw bytes). */
export async function hmac(algorithm: HmacAlgorithm, key: string | Bytes, data: Bytes): Promise<Bytes> {
  const raw = typeof key === "string" ? utf8(key) : key;
  const cryptoKey = await subtle().importKey("raw", raw, { name: "HMAC", hash: WEB_CRYPTO_NAME[algorithm] }, false, ["sign"]);
  return new Uint8Array(await subtle().sign("HMAC", cryptoKey, data));
}

export async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle().digest("SHA-256", data));
}

/**
 * Compares two byte strings in time that depends only on their lengths, so a forger learns nothing
 * from how fast a wrong guess is refused.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Unequal lengths still cost a full pass (over `a` against itself), then fail.
  const other = a.length === b.length ? b : a;
  let difference = a.length === b.length ? 0 : 1;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ other[i]!;
  return difference === 0;
}

/** Compares two secrets without revealing their lengths either: both are hashed first. */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256(utf8(a)), sha256(utf8(b))]);
  return timingSafeEqual(ha, hb);
}

export function decodeHex(text: string): Bytes | undefined {
  if (text.length === 0 || text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

export function decodeBase64(text: string): Bytes | undefined {
  const normal = text.replace(/-/g, "+").replace(/_/g, "/");
  if (normal.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(normal)) return undefined;
  try {
    const binary = atob(normal.padEnd(Math.ceil(normal.length / 4) * 4, "="));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
