import { afterEach, describe, expect, it } from "vitest";
import { createProWorkflowClient } from "@crmkit/proworkflow";
import { closeServers, json, serve } from "../support/http.js";

afterEach(closeServers);

const options = { apiKey: "pwf-key", username: "ada@example.com", password: "pw", maxRetries: 0 } as const;

describe("ProWorkflow methods return the record, not the envelope", () => {
  it("a single read resolves to the record under its singular key; the envelope stays reachable", async () => {
    const api = await serve((req, res) =>
      json(res, 200, { project: { id: 6, number: "P-0103", title: "Website Refresh", managerid: 1, managername: "Tony Gurnick" }, count: 1, status: "Success" }),
    );
    const client = createProWorkflowClient({ ...options, baseUrl: api.url });
    const project = await client.projects.get({ id: 6 });
    expect(project).toEqual({ id: 6, number: "P-0103", title: "Website Refresh", managerid: 1, managername: "Tony Gurnick" });
    const { body } = await client.projects.get({ id: 6 }).withResponse();
    expect(body).toMatchObject({ count: 1, status: "Success" });
    expect(api.seen[0]!.url).toBe("/projects/6");
  });

  it("a list resolves to the page's rows and iterates every row of every page", async () => {
    const api = await serve((req, res) => {
      const page = Number(new URL(req.url!, "http://x").searchParams.get("pagenumber"));
      const rows = page === 1 ? [{ id: 12, name: "Draft" }, { id: 13, name: "Build" }] : [{ id: 14, name: "Launch" }];
      json(res, 200, { count: rows.length, totalcount: 3, status: "Success", tasks: rows });
    });
    const client = createProWorkflowClient({ ...options, baseUrl: api.url });
    await expect(client.projects.listTasks({ id: 6, pagenumber: 1, pagesize: 2 })).resolves.toEqual([
      { id: 12, name: "Draft" },
      { id: 13, name: "Build" },
    ]);
    const names: string[] = [];
    for await (const task of client.projects.listTasks({ id: 6, pagenumber: 1, pagesize: 2, status: "all" })) names.push(task.name!);
    expect(names).toEqual(["Draft", "Build", "Launch"]);
    expect(api.seen.map((r) => r.url)).toContain("/projects/6/tasks?pagenumber=2&pagesize=2&status=all");
  });

  it("time lists return the time records and keep the total in the envelope", async () => {
    const api = await serve((req, res) =>
      json(res, 200, { count: 1, totalcount: 1, status: "Success", total: 30, timerecords: [{ id: 44, taskid: 12, timetracked: 30 }] }),
    );
    const client = createProWorkflowClient({ ...options, baseUrl: api.url });
    const { data, body } = await client.time.list({ trackedfrom: "2026-06-01", trackedto: "2026-06-30", fields: "task,timetracked" }).withResponse();
    expect(data).toEqual([{ id: 44, taskid: 12, timetracked: 30 }]);
    expect((body as { total: number }).total).toBe(30);
  });

  it("writes resolve to the whole write result, with the new id in details, and send comma strings", async () => {
    const api = await serve((req, res) =>
      json(res, 201, { message: "Task/s Added", status: "Success", details: [{ id: 12, name: "Draft homepage copy" }] }),
    );
    const client = createProWorkflowClient({ ...options, baseUrl: api.url });
    const result = await client.tasks.create({ body: { name: "Draft homepage copy", projectid: 6, contacts: "me", duedate: "+3d" } });
    expect(result.details?.[0]?.id).toBe(12);
    expect(result.message).toBe("Task/s Added");
    expect(api.seen[0]!.method).toBe("POST");
    expect(JSON.parse(api.seen[0]!.body)).toEqual({ name: "Draft homepage copy", projectid: 6, contacts: "me", duedate: "+3d" });
  });

  it("the bulk task delete is a PUT on /tasks/delete", async () => {
    const api = await serve((req, res) => json(res, 200, { message: "Task/s Deleted", status: "Success", details: [{ id: 12 }, { id: 13 }] }));
    const client = createProWorkflowClient({ ...options, baseUrl: api.url });
    await client.tasks.deleteMany({ body: { taskid: "12,13" } });
    expect(`${api.seen[0]!.method} ${api.seen[0]!.url}`).toBe("PUT /tasks/delete");
  });
});
