// Typed `fields` of @crmkit/proworkflow, where the names replace the call's defaults and `id` always comes
// back. Compiled, never run: test/fields/types.test.ts checks each `@ts-expect-error TSxxxx` line.
import { createProWorkflowClient, type ListProjectsItem, type ListProjectsUnselected } from "@crmkit/proworkflow";
import { same } from "./assert.js";

const client = createProWorkflowClient({ apiKey: "key", username: "user", password: "secret" });

export async function namesBringTheirPropertiesAndIdAlways() {
  const [project] = await client.projects.list({ fields: ["title", "company", "dates", "apifield3"], status: "active" });
  const item = project!;
  same<Exclude<keyof typeof item, keyof ListProjectsUnselected>, "id" | "title" | "companyid" | "companyname" | "startdate" | "duedate" | "completedate" | "apifields">();
  const id: number = item.id;
  const title: string = item.title;
  const company: string = item.companyname;
  // properties no name brings stay as declared: optional
  const tags = item.tags;
  same<typeof tags, ListProjectsItem["tags"]>();
  // @ts-expect-error TS2339 the manager group was not selected
  item.managername;
  // @ts-expect-error TS2339 number is not in the defaults once fields replaces them
  item.number;
  return [id, title, company];
}

export async function aPlainStringIsTypedAsBefore() {
  const [project] = await client.projects.list({ fields: "title,number" });
  same<typeof project, ListProjectsItem | undefined>();
  const [none] = await client.projects.list();
  same<typeof none, ListProjectsItem | undefined>();
}

export function misuseIsACompileError() {
  // @ts-expect-error TS2769 a name listProjects does not accept
  void client.projects.list({ fields: ["titel"] });
  // @ts-expect-error TS2769 a flat key is not a selection name: the group is `company`
  void client.projects.list({ fields: ["companyname"] });
  // @ts-expect-error TS2769 fax is not a name of the client-company list (the docs leave it out there)
  void client.companies.listClient({ fields: ["fax"] });
}

/** Every name of the widest call (listProjects) at once. */
export async function theWidestCallWhole() {
  const [project] = await client.projects.list({
    fields: [
      "accountedfor", "burn", "category", "company", "completedate", "contacts", "customfields", "customform", "customstatus", "dates",
      "description", "duedate", "expensestotal", "group", "invoiced", "invoicetotal", "lastmodified", "manager", "number", "paid",
      "percentcomplete", "priority", "privatenotes", "quotetotal", "startdate", "status", "team", "timeallocated", "timetracked", "title",
      "type", "apifields",
    ],
  });
  const manager: string = project!.managername;
  return manager;
}
