import { MIRROR_VARIABLE } from "../../src/specs/fetch.js";

/** The offline stand-in for raw.githubusercontent.com; tests that need OnePageCRM's real files skip without it. */
export const MIRROR = process.env[MIRROR_VARIABLE] || undefined;

export const OLD_COMMIT = "7aaccf49353d0539681790a36c1e633565c2af31";
export const NEW_COMMIT = "1bfe63c3d99725235f309ab1c22ba371ccbe9611";
export const OLD_SHA256 = "8bd2e551c2d2dd4b215c18d3f92b7c8b37fe874f731ae9a6a7c38dbc5a7b9a01";
export const NEW_SHA256 = "ef4309137f38ace3f83d1a234c889642c68b4f799e003684e5ea33f4e2fb1818";
export const upstreamUrl = (commit: string) => `https://raw.githubusercontent.com/OnePageCRM/swagger/${commit}/swagger.yaml`;

if (!MIRROR) {
  process.stderr.write(`${MIRROR_VARIABLE} is not set: skipping the tests on OnePageCRM's real spec files (CI sets it; locally: export ${MIRROR_VARIABLE}=../shared/spec-mirror)\n`);
}
