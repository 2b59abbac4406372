/**
 * A contract-validating SupportManagement server for the tests (issue 17, ADR 039). Every request
 * is checked against the service's published OpenAPI document (tests/fixtures/support-management)
 * with openapi-backend and Ajv (formats on, readOnly enforced in requests); a request the document
 * does not allow gets the service's 400 and is recorded in `invalid`. Creating an errand also
 * needs what the service's code requires beyond the document (title, priority, status,
 * reporterUserId, classification with category and type).
 *
 * Like Sundsvall's API gateway it hands out client-credentials tokens at /token and wants one on
 * every call. `setStatus` moves an errand as a case worker would.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import addFormats from "ajv-formats";
import yaml from "js-yaml";
import { OpenAPIBackend, type Context, type Document } from "openapi-backend";

export const SM_CLIENT_ID = "rullarut-gateway";
export const SM_CLIENT_SECRET = "gateway-hemlighet-0123456789";

type Errand = Record<string, unknown> & { id: string; status?: string; resolution?: string };
type Recorded = { method: string; path: string; operationId: string | null; valid: boolean; errors: string[]; body: unknown };

export type SupportManagementServer = {
  baseUrl: string;
  tokenUrl: string;
  errands: Map<string, Errand>;
  requests: Recorded[];
  /** Requests the OpenAPI document (or the create rules) refused. */
  invalid: Recorded[];
  setStatus(id: string, status: string, resolution?: string): void;
  close(): Promise<void>;
};

let document: Record<string, unknown> | null = null;

/** The document, checked once as OpenAPI 3.1, with `{$ref, …}` siblings written as allOf (same meaning; openapi-backend's dereferencing needs it). */
async function loadDocument(): Promise<Record<string, unknown>> {
  if (document) return structuredClone(document);
  const doc = yaml.load(fs.readFileSync(path.resolve("tests/fixtures/support-management/openapi.yaml"), "utf8")) as Record<string, unknown>;
  const check = await new Validator().validate(structuredClone(doc));
  if (!check.valid) throw new Error(`openapi.yaml is not valid OpenAPI: ${JSON.stringify(check.errors).slice(0, 500)}`);
  (function wrap(node: unknown) {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (typeof n.$ref === "string" && Object.keys(n).length > 1) {
      n.allOf = [{ $ref: n.$ref }];
      delete n.$ref;
    }
    Object.values(n).forEach(wrap);
  })(doc);
  // What the service's code requires on create, beyond the document (Errand.java, OnCreate).
  const paths = doc.paths as Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>>;
  paths["/{municipalityId}/{namespace}/errands"]!.post!.requestBody.content["application/json"]!.schema = {
    allOf: [
      { $ref: "#/components/schemas/Errand" },
      {
        required: ["title", "priority", "status", "reporterUserId", "classification"],
        properties: { title: { minLength: 1 }, status: { minLength: 1 }, reporterUserId: { minLength: 1 }, classification: { required: ["category", "type"] } },
      },
    ],
  };
  document = doc;
  return structuredClone(doc);
}

export async function startSupportManagementServer(): Promise<SupportManagementServer> {
  const errands = new Map<string, Errand>();
  const requests: Recorded[] = [];
  const tokens = new Set<string>();
  const api = new OpenAPIBackend({
    definition: (await loadDocument()) as unknown as Document,
    quick: true,
    customizeAjv: (ajv, _options, context) => {
      ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
      addFormats(ajv as never);
      if (context === "requestBodyValidator") {
        // readOnly properties (id, created …) must not be sent (the service refuses them on create).
        ajv.removeKeyword("readOnly");
        ajv.addKeyword({ keyword: "readOnly", schemaType: "boolean", validate: (readOnly: boolean) => !readOnly, errors: false });
      }
      return ajv;
    },
  });
  // Its own check knows OpenAPI 3.0 only; the document was checked as 3.1 above.
  api.validateDefinition = () => api.document;

  type Res = http.ServerResponse;
  const send = (res: Res, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, body === undefined ? headers : { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  api.register({
    createErrand: (c: Context, res: Res) => {
      const { municipalityId, namespace } = c.request.params as Record<string, string>;
      const id = randomUUID();
      const now = new Date().toISOString();
      errands.set(id, {
        ...(c.request.requestBody as object),
        id,
        errandNumber: `KC-${String(errands.size + 1).padStart(8, "0")}`,
        created: now,
        modified: now,
        touched: now,
      });
      send(res, 201, undefined, { Location: `/${municipalityId}/${namespace}/errands/${id}` });
    },
    readErrand: (c: Context, res: Res) => {
      const errand = errands.get((c.request.params as Record<string, string>).errandId!);
      if (errand) send(res, 200, errand);
      else send(res, 404, { title: "Not Found", status: 404, detail: "errand not found" });
    },
    findErrands: (c: Context, res: Res) => {
      // The adapter's lookup: filter=externalTags.key:'caseId' and externalTags.value:'<id>'.
      const filter = String((c.request.query as Record<string, string>).filter ?? "");
      const value = /externalTags\.value:'([^']*)'/.exec(filter)?.[1];
      const found = [...errands.values()].filter((e) =>
        (e.externalTags as { key: string; value: string }[] | undefined)?.some((t) => t.key === "caseId" && t.value === value),
      );
      send(res, 200, {
        content: found,
        totalElements: found.length,
        totalPages: 1,
        size: 100,
        number: 0,
        numberOfElements: found.length,
        first: true,
        last: true,
        empty: found.length === 0,
      });
    },
    validationFail: (c: Context, res: Res) =>
      send(res, 400, {
        title: "Bad Request",
        status: 400,
        violations: (c.validation.errors ?? []).map((e) => ({ field: e.instancePath, message: e.message })),
      }),
    notFound: (_c: Context, res: Res) => send(res, 404, { title: "Not Found", status: 404 }),
    methodNotAllowed: (_c: Context, res: Res) => send(res, 405, { title: "Method Not Allowed", status: 405 }),
    notImplemented: (c: Context, res: Res) => send(res, 501, { title: "Not Implemented", status: 501, detail: c.operation?.operationId }),
  });
  await api.init();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/token") {
      const basic = Buffer.from(`${SM_CLIENT_ID}:${SM_CLIENT_SECRET}`).toString("base64");
      if (
        req.method !== "POST" ||
        req.headers.authorization !== `Basic ${basic}` ||
        !new URLSearchParams(raw).get("grant_type")?.includes("client_credentials")
      ) {
        return send(res, 401, { error: "invalid_client" });
      }
      const token = randomUUID();
      tokens.add(token);
      return send(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !tokens.has(bearer)) return send(res, 401, { title: "Unauthorized", status: 401 });
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, 400, { title: "Bad Request", status: 400, detail: "invalid JSON" });
    }
    const request = { method: req.method ?? "GET", path: url.pathname, query: url.search.slice(1), headers: req.headers as Record<string, string>, body };
    const matched = api.matchOperation(request);
    const validation = matched ? api.validateRequest(request, matched) : null;
    const recorded: Recorded = {
      method: request.method,
      path: url.pathname,
      operationId: matched?.operationId ?? null,
      valid: Boolean(validation?.valid) && (request.method === "GET" || req.headers["content-type"]?.startsWith("application/json") === true),
      errors: (validation?.errors ?? []).map((e) => `${e.instancePath} ${e.message}`),
      body,
    };
    requests.push(recorded);
    await api.handleRequest(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    errands,
    requests,
    get invalid() {
      return requests.filter((r) => !r.valid);
    },
    setStatus(id, status, resolution) {
      const errand = errands.get(id);
      if (!errand) throw new Error(`no errand ${id}`);
      Object.assign(errand, { status, modified: new Date().toISOString() }, resolution ? { resolution } : {});
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
