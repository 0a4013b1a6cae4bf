import { describe, expect, it } from "vitest";
import { methodNameFor, singularize, toCamelCase } from "../src/naming.js";

describe("naming", () => {
  it("turns tags into camelCase resource names", () => {
    expect(toCamelCase("Deal Fields")).toBe("dealFields");
    expect(toCamelCase("deal_fields")).toBe("dealFields");
    expect(toCamelCase("contacts")).toBe("contacts");
    expect(toCamelCase("Web Hooks")).toBe("webHooks");
  });

  it("singularizes plain English plurals", () => {
    expect(singularize("companies")).toBe("company");
    expect(singularize("addresses")).toBe("address");
    expect(singularize("contacts")).toBe("contact");
    expect(singularize("me")).toBe("me");
    expect(singularize("status")).toBe("status");
    expect(singularize("statuses")).toBe("status");
  });

  it.each([
    ["listContacts", "contacts", "contact", "list"],
    ["getContact", "contacts", "contact", "get"],
    ["listContactsByFilter", "contacts", "contact", "listByFilter"],
    ["saveContactToGoogleContacts", "contacts", "contact", "saveToGoogleContacts"],
    ["markAllNotificationsAsRead", "notifications", "notification", "markAllAsRead"],
    ["listWebhooks", "webHooks", "webHook", "list"],
    ["getActionStream", "actionStream", "actionStream", "get"],
    ["listCompanyProfileValues", "companies", "company", "listProfileValues"],
    ["changeAuthKey", "bootstrap", "bootstrap", "changeAuthKey"],
    ["listContactsCascadeAfter", "contacts", "contact", "listCascadeAfter"],
  ])("%s in %s → %s", (operationId, resource, singular, expected) => {
    expect(methodNameFor(operationId, resource, singular)).toBe(expected);
  });

  it("only takes the noun out at a word boundary", () => {
    expect(methodNameFor("getContactsummary", "contacts", "contact")).toBe("getContactsummary");
  });
});

describe("naming outside ASCII", () => {
  it("keeps every letter instead of dropping the non-ASCII ones", () => {
    expect(toCamelCase("Kontakte Übersicht")).toBe("kontakteÜbersicht");
    expect(toCamelCase("Kontakte Übersicht")).not.toBe("kontakteBersicht");
  });
});
